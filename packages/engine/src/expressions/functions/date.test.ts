import { describe, expect, it } from 'vitest';
import { SluiceError } from '../../errors/index.js';
import type { ExpressionContext } from '../context.js';
import { evaluateExpression } from '../evaluate.js';
import type { Value } from '../values.js';

/** A context whose clock reads `iso`. */
function at(iso: string): ExpressionContext {
  return { now: () => new Date(iso) };
}

const DEFAULT_NOW = at('2018-04-15T13:00:00Z');

function run(expression: string, context: ExpressionContext = DEFAULT_NOW): Value {
  return evaluateExpression(expression, context);
}

function failure(expression: string, context: ExpressionContext = DEFAULT_NOW): SluiceError {
  try {
    run(expression, context);
  } catch (e) {
    if (e instanceof SluiceError) return e;
    throw e;
  }
  throw new Error(`expected ${expression} to fail`);
}

describe('date functions: documented examples (ADF and Logic Apps references)', () => {
  // Where the references disagree or have typos, the row follows .NET's actual output and says why.
  it.each<[string, Value]>([
    // addDays — ADF shows "2018-03-25T00:00:0000000Z" (typo: time and '.' lost); Logic Apps uses 00:00 input.
    ["addDays('2018-03-15T13:00:00Z', 10)", '2018-03-25T13:00:00.0000000Z'],
    ["addDays('2018-03-15T00:00:00Z', 10)", '2018-03-25T00:00:00.0000000Z'],
    ["addDays('2018-03-15T00:00:00Z', -5)", '2018-03-10T00:00:00.0000000Z'],
    // addHours — ADF shows "…T10:00:0000000Z" (typo); Logic Apps has the '.'.
    ["addHours('2018-03-15T00:00:00Z', 10)", '2018-03-15T10:00:00.0000000Z'],
    ["addHours('2018-03-15T15:00:00Z', -5)", '2018-03-15T10:00:00.0000000Z'],
    ["addMinutes('2018-03-15T00:10:00Z', 10)", '2018-03-15T00:20:00.0000000Z'],
    ["addMinutes('2018-03-15T00:20:00Z', -5)", '2018-03-15T00:15:00.0000000Z'],
    ["addSeconds('2018-03-15T00:00:00Z', 10)", '2018-03-15T00:00:10.0000000Z'],
    ["addSeconds('2018-03-15T00:00:30Z', -5)", '2018-03-15T00:00:25.0000000Z'],
    ["addToTime('2018-01-01T00:00:00Z', 1, 'Day')", '2018-01-02T00:00:00.0000000Z'],
    ["addToTime('2018-01-01T00:00:00Z', 1, 'Day', 'D')", 'Tuesday, January 2, 2018'],
    // convertFromUtc — ADF shows "2018-01-01T00:00:00Z"; Logic Apps (and .NET) give an unspecified-kind value.
    ["convertFromUtc('2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time')", '2018-01-01T00:00:00.0000000'],
    ["convertFromUtc('2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time', 'D')", 'Monday, January 1, 2018'],
    ["convertTimeZone('2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time')", '2018-01-01T00:00:00.0000000'],
    // Logic Apps' second example has "T80:00:00" (typo for T08); ADF's has T08.
    ["convertTimeZone('2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time', 'D')", 'Monday, January 1, 2018'],
    ["convertToUtc('01/01/2018 00:00:00', 'Pacific Standard Time')", '2018-01-01T08:00:00.0000000Z'],
    ["convertToUtc('01/01/2018 00:00:00', 'Pacific Standard Time', 'D')", 'Monday, January 1, 2018'],
    ["dateDifference('2015-02-08', '2018-07-30')", '1268.00:00:00'],
    ["dayOfMonth('2018-03-15T13:27:36Z')", 15],
    // dayOfWeek — ADF shows 3; 2018-03-15 was a Thursday, and Logic Apps shows 4.
    ["dayOfWeek('2018-03-15T13:27:36Z')", 4],
    ["dayOfYear('2018-03-15T13:27:36Z')", 74],
    ["formatDateTime('03/15/2018')", '2018-03-15T00:00:00.0000000'],
    ["formatDateTime('03/15/2018 12:00:00', 'yyyy-MM-ddTHH:mm:ss')", '2018-03-15T12:00:00'],
    ["formatDateTime('01/31/2016', 'dddd MMMM d')", 'Sunday January 31'],
    ["formatDateTime('01/31/2016', 'dddd MMMM d', 'fr-fr')", 'dimanche janvier 31'],
    ["formatDateTime('01/31/2016', 'dddd MMMM d', 'fr-FR')", 'dimanche janvier 31'],
    ["formatDateTime('01/31/2016', 'dddd MMMM d', 'es-es')", 'domingo enero 31'],
    ["parseDateTime('20/10/2014', 'fr-fr')", '2014-10-20T00:00:00.0000000'],
    ["parseDateTime('20 octobre 2010', 'fr-FR')", '2010-10-20T00:00:00.0000000'],
    ["parseDateTime('martes 20 octubre 2020', 'es-es')", '2020-10-20T00:00:00.0000000'],
    ["parseDateTime('21052019', 'fr-fr', 'ddMMyyyy')", '2019-05-21T00:00:00.0000000'],
    ["parseDateTime('10/20/2014 15h', 'en-US', 'MM/dd/yyyy HH\\h')", '2014-10-20T15:00:00.0000000'],
    ["startOfDay('2018-03-15T13:30:30Z')", '2018-03-15T00:00:00.0000000Z'],
    ["startOfHour('2018-03-15T13:30:30Z')", '2018-03-15T13:00:00.0000000Z'],
    ["startOfMonth('2018-03-15T13:30:30Z')", '2018-03-01T00:00:00.0000000Z'],
    ["startOfMonth('2018-03-15T13:30:30Z', 'yyyy-MM-dd')", '2018-03-01'],
    // subtractFromTime — ADF shows "…T00:00:00:0000000Z" (':' typo); 'D' shown as "Monday, January, 1, 2018" (extra comma).
    ["subtractFromTime('2018-01-02T00:00:00Z', 1, 'Day')", '2018-01-01T00:00:00.0000000Z'],
    ["subtractFromTime('2018-01-02T00:00:00Z', 1, 'Day', 'D')", 'Monday, January 1, 2018'],
    // ticks has no example in the ADF/Logic Apps references; this is the adaptive-expressions one.
    ["ticks('2018-01-01T08:00:00.000Z')", 636503904000000000n],
  ])('%s → %s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ["getFutureTime(5, 'Day')", '2018-03-01T00:00:00Z', '2018-03-06T00:00:00.0000000Z'],
    ["getFutureTime(5, 'Day', 'D')", '2018-03-01T00:00:00Z', 'Tuesday, March 6, 2018'],
    ["getPastTime(5, 'Day')", '2018-02-01T00:00:00Z', '2018-01-27T00:00:00.0000000Z'],
    ["getPastTime(5, 'Day', 'D')", '2018-02-01T00:00:00Z', 'Saturday, January 27, 2018'],
    ['utcNow()', '2018-04-15T13:00:00Z', '2018-04-15T13:00:00.0000000Z'],
    ["utcNow('D')", '2018-04-15T13:00:00Z', 'Sunday, April 15, 2018'],
  ])('%s with now = %s → %j', (expression, clock, expected) => {
    expect(run(expression, at(clock))).toBe(expected);
  });

  it('utcNow keeps the clock\'s milliseconds', () => {
    expect(run('utcNow()', at('2018-04-15T13:00:00.123Z'))).toBe('2018-04-15T13:00:00.1230000Z');
    expect(run("utcNow('yyyy-MM-dd HH:mm:ss.fff')", at('2018-04-15T13:00:00.123Z'))).toBe('2018-04-15 13:00:00.123');
  });

  it('ADF\'s file-naming examples', () => {
    const context = at('2018-04-15T13:00:00Z');
    expect(evaluateExpression("concat('Test_', formatDateTime(utcnow(), 'yyyy-dd-MM'))", context)).toBe('Test_2018-15-04');
    expect(evaluateExpression("concat('Test_', convertFromUtc(utcnow(), 'Pacific Standard Time'))", context)).toBe('Test_2018-04-15T06:00:00.0000000');
  });
});

describe('date functions: precision, kinds and calendar edges', () => {
  it.each<[string, Value]>([
    // Seven fractional digits survive parsing, arithmetic and formatting.
    ["addSeconds('2018-03-15T00:00:00.1234567Z', 1)", '2018-03-15T00:00:01.1234567Z'],
    ["formatDateTime('2018-03-15T00:00:00.1234567Z')", '2018-03-15T00:00:00.1234567Z'],
    ["formatDateTime('2018-03-15T00:00:00.1234567Z', 'fffffff')", '1234567'],
    ["formatDateTime('2018-03-15T00:00:00.1Z', 'o')", '2018-03-15T00:00:00.1000000Z'],
    ["ticks('2018-03-15T00:00:00.1234567Z')", 636566688001234567n],
    ["sub(ticks('2018-03-15T00:00:00.0000001Z'), ticks('2018-03-15T00:00:00Z'))", 1],
    ["ticks('0001-01-01T00:00:00Z')", 0],
    ["ticks('9999-12-31T23:59:59.9999999Z')", 3155378975999999999n],
    ["ticks('1970-01-01T00:00:00Z')", 621355968000000000n],
    // Offsets are applied and the result is UTC.
    ["formatDateTime('2018-03-15T13:00:00-07:00')", '2018-03-15T20:00:00.0000000Z'],
    ["addDays('2018-03-15T23:30:00+05:30', 1)", '2018-03-16T18:00:00.0000000Z'],
    ["dayOfMonth('2018-03-15T23:00:00-07:00')", 16],
    // A wall-clock input stays unspecified (no 'Z').
    ["addHours('2018-03-15 13:00', 2)", '2018-03-15T15:00:00.0000000'],
    // Month ends and leap years (AddMonths clamps the day).
    ["addToTime('2018-01-31T00:00:00Z', 1, 'Month')", '2018-02-28T00:00:00.0000000Z'],
    ["addToTime('2020-01-31T10:00:00Z', 1, 'Month')", '2020-02-29T10:00:00.0000000Z'],
    ["addToTime('2020-02-29T00:00:00Z', 1, 'Year')", '2021-02-28T00:00:00.0000000Z'],
    ["addToTime('2020-02-29T00:00:00Z', 4, 'Year')", '2024-02-29T00:00:00.0000000Z'],
    ["subtractFromTime('2018-03-31T00:00:00Z', 1, 'Month')", '2018-02-28T00:00:00.0000000Z'],
    ["addToTime('2018-12-31T00:00:00Z', 2, 'Month')", '2019-02-28T00:00:00.0000000Z'],
    ["addToTime('2018-01-01T00:00:00Z', 1, 'Week')", '2018-01-08T00:00:00.0000000Z'],
    ["addToTime('2018-01-01T00:00:00Z', 90, 'second')", '2018-01-01T00:01:30.0000000Z'],
    ["addDays('2016-02-28T00:00:00Z', 1)", '2016-02-29T00:00:00.0000000Z'],
    ["addDays('1900-02-28T00:00:00Z', 1)", '1900-03-01T00:00:00.0000000Z'],
    ["addDays('2000-02-28T00:00:00Z', 1)", '2000-02-29T00:00:00.0000000Z'],
    ["dayOfYear('2016-12-31T00:00:00Z')", 366],
    ["dayOfYear('2018-12-31T00:00:00Z')", 365],
    ["dayOfWeek('2018-03-18T00:00:00Z')", 0],
    ["dayOfWeek('2018-03-17T00:00:00Z')", 6],
    ["startOfMonth('2016-02-29T23:59:59.9999999Z')", '2016-02-01T00:00:00.0000000Z'],
    ["startOfDay('2018-03-15T13:30:30.5')", '2018-03-15T00:00:00.0000000'],
    ["dateDifference('2018-03-15T00:00:00Z', '2018-03-14T23:59:58.5Z')", '-00:00:01.5000000'],
    ["dateDifference('2016-02-28', '2016-03-01T01:02:03.0000004')", '2.01:02:03.0000004'],
    // Optional format and locale given as '' or null read as absent.
    ["formatDateTime('2018-03-15T13:00:00Z', '')", '2018-03-15T13:00:00.0000000Z'],
    ["formatDateTime('2018-03-15T13:00:00Z', null, 'fr-FR')", '2018-03-15T13:00:00.0000000Z'],
    ["formatDateTime('2018-03-15T13:00:00Z', 'D', 'de-DE')", 'Donnerstag, 15. März 2018'],
    ["formatDateTime('2018-03-15T13:00:00Z', 'r')", 'Thu, 15 Mar 2018 13:00:00 GMT'],
    ["formatDateTime('2018-03-15T13:00:00Z', 'u')", '2018-03-15 13:00:00Z'],
    ["formatDateTime('2018-03-15T13:00:00Z', 'g')", '3/15/2018 1:00 PM'],
    ["formatDateTime('2018-03-15T13:00:00Z', 'yyyy-MM-ddTHH:mm:ss.fffZ')", '2018-03-15T13:00:00.000Z'],
    ["parseDateTime('2018-03-15T13:00:00.1234567Z')", '2018-03-15T13:00:00.1234567Z'],
    ["parseDateTime('March 15, 2018 1:00 PM')", '2018-03-15T13:00:00.0000000'],
    ["getFutureTime(1, 'Month')", '2018-05-15T13:00:00.0000000Z'],
    ["getFutureTime(2, 'Week', 'yyyy-MM-dd')", '2018-04-29'],
    ["getPastTime(1, 'Year', 'yyyy')", '2017'],
  ])('%s → %s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });
});

describe('date functions: time zones and daylight saving', () => {
  it.each<[string, Value]>([
    // US DST began 2018-03-11 at 02:00 PST (10:00Z) and ended 2018-11-04 at 02:00 PDT (09:00Z).
    ["convertTimeZone('2018-03-11T09:59:59', 'UTC', 'Pacific Standard Time')", '2018-03-11T01:59:59.0000000'],
    ["convertTimeZone('2018-03-11T10:00:00', 'UTC', 'Pacific Standard Time')", '2018-03-11T03:00:00.0000000'],
    ["convertTimeZone('2018-03-10T12:00:00', 'Eastern Standard Time', 'Pacific Standard Time')", '2018-03-10T09:00:00.0000000'],
    ["convertTimeZone('2018-03-11T12:00:00', 'Eastern Standard Time', 'Pacific Standard Time')", '2018-03-11T09:00:00.0000000'],
    // Europe moved a fortnight later (2018-03-25), so New York–Berlin is 5 hours, then 6.
    ["convertTimeZone('2018-03-20T12:00:00', 'Eastern Standard Time', 'W. Europe Standard Time')", '2018-03-20T17:00:00.0000000'],
    ["convertTimeZone('2018-03-26T12:00:00', 'Eastern Standard Time', 'W. Europe Standard Time')", '2018-03-26T18:00:00.0000000'],
    ["convertTimeZone('2018-07-01T12:00:00', 'W. Europe Standard Time', 'UTC')", '2018-07-01T10:00:00.0000000Z'],
    ["convertToUtc('2018-07-01T12:00:00', 'Pacific Standard Time')", '2018-07-01T19:00:00.0000000Z'],
    // An ambiguous time (clocks go back) is standard time, as in .NET.
    ["convertToUtc('2018-11-04T01:30:00', 'Pacific Standard Time')", '2018-11-04T09:30:00.0000000Z'],
    ["convertFromUtc('2018-11-04T08:30:00Z', 'Pacific Standard Time')", '2018-11-04T01:30:00.0000000'],
    ["convertFromUtc('2018-11-04T09:30:00Z', 'Pacific Standard Time')", '2018-11-04T01:30:00.0000000'],
    // Half-hour and 45-minute zones, southern-hemisphere DST.
    ["convertFromUtc('2018-01-01T00:00:00Z', 'India Standard Time')", '2018-01-01T05:30:00.0000000'],
    ["convertFromUtc('2018-01-01T00:00:00Z', 'Nepal Standard Time')", '2018-01-01T05:45:00.0000000'],
    ["convertFromUtc('2018-01-01T00:00:00Z', 'AUS Eastern Standard Time')", '2018-01-01T11:00:00.0000000'],
    ["convertFromUtc('2018-07-01T00:00:00Z', 'AUS Eastern Standard Time')", '2018-07-01T10:00:00.0000000'],
    // Case-insensitive Windows IDs, IANA names, and UTC destinations keep the 'Z'.
    ["convertFromUtc('2018-01-01T08:00:00Z', 'pacific standard time')", '2018-01-01T00:00:00.0000000'],
    ["convertFromUtc('2018-01-01T08:00:00Z', 'America/Los_Angeles')", '2018-01-01T00:00:00.0000000'],
    ["convertFromUtc('2018-01-01T08:00:00Z', 'UTC')", '2018-01-01T08:00:00.0000000Z'],
    ["convertFromUtc('2018-01-01T08:00:00.1234567Z', 'Tokyo Standard Time', 'yyyy-MM-dd HH:mm:ss.fffffff')", '2018-01-01 17:00:00.1234567'],
  ])('%s → %s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it('rejects a wall time skipped by the spring-forward change', () => {
    const e = failure("convertToUtc('2018-03-11T02:30:00', 'Pacific Standard Time')");
    expect(e.code).toBe('EXPRESSION_EVALUATION');
    expect(e.message).toContain('invalid time');
  });

  it('names an unknown time zone', () => {
    const e = failure("convertFromUtc('2018-01-01T08:00:00Z', 'Mars Standard Time')");
    expect(e.code).toBe('EXPRESSION_EVALUATION');
    expect(e.message).toContain("'Mars Standard Time'");
  });

  it('refuses to read a UTC timestamp as another zone\'s wall time, as .NET does', () => {
    const e = failure("convertToUtc('2018-01-01T08:00:00Z', 'Pacific Standard Time')");
    expect(e.code).toBe('EXPRESSION_EVALUATION');
    expect(e.message).toContain('Kind');
  });
});

describe('date functions: errors', () => {
  it.each<[string, string, string]>([
    ["ticks('27/09/2021 13:44:35.0796736')", 'EXPRESSION_EVALUATION', "In function 'ticks', the value provided for date time string '27/09/2021 13:44:35.0796736' was not valid"],
    ["addDays('not a date', 1)", 'EXPRESSION_EVALUATION', 'not a date'],
    ["addDays('2018-02-30T00:00:00Z', 1)", 'EXPRESSION_EVALUATION', '2018-02-30'],
    ["addDays('2018-03-15T00:00:00Z', 'ten')", 'EXPRESSION_TYPE', "expects its parameter 2 to be an integer"],
    ['dayOfMonth(20180315)', 'EXPRESSION_TYPE', "expects its parameter 1 to be a string"],
    ["addDays('9999-12-31T00:00:00Z', 1)", 'EXPRESSION_EVALUATION', 'un-representable DateTime'],
    ["subtractFromTime('0001-01-01T00:00:00Z', 1, 'Second')", 'EXPRESSION_EVALUATION', 'un-representable DateTime'],
    ["addToTime('2018-01-01T00:00:00Z', 1, 'Fortnight')", 'EXPRESSION_EVALUATION', "'Fortnight'"],
    ["formatDateTime('2018-01-01T00:00:00Z', 'x')", 'EXPRESSION_EVALUATION', "format 'x'"],
    ["formatDateTime('2018-01-01T00:00:00Z', 'ffffffff')", 'EXPRESSION_EVALUATION', 'seven'],
    ["formatDateTime('2018-01-01T00:00:00Z', 'yyyy ''open')", 'EXPRESSION_EVALUATION', 'not closed'],
    ["formatDateTime('2018-01-01T00:00:00Z', 'o', 'not a locale!')", 'EXPRESSION_EVALUATION', "locale 'not a locale!'"],
    ["parseDateTime('2018-13-01', 'en-US', 'yyyy-MM-dd')", 'EXPRESSION_EVALUATION', '2018-13-01'],
    ["parseDateTime('21/05/2019', 'fr-fr', 'ddMMyyyy')", 'EXPRESSION_EVALUATION', "does not match the format 'ddMMyyyy'"],
    ["parseDateTime('lundi 20 octobre 2020', 'fr-FR')", 'EXPRESSION_EVALUATION', 'lundi 20 octobre 2020'],
    ["parseDateTime('20/10/2014', 'xx-YY')", 'EXPRESSION_EVALUATION', "locale 'xx-YY'"],
    ["getFutureTime('5', 'Day')", 'EXPRESSION_TYPE', 'expects its parameter 1 to be an integer'],
    ["convertTimeZone('2018-01-01T00:00:00', 'Pacific Standard Time', 'Nowhere/Land')", 'EXPRESSION_EVALUATION', "'Nowhere/Land'"],
  ])('%s fails with %s', (expression, code, fragment) => {
    const e = failure(expression);
    expect(e.code).toBe(code);
    expect(e.message).toContain(fragment);
  });
});
