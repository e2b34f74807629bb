import { describe, expect, it } from 'vitest';
import { cultureFor, EN_US } from './culture.js';
import { formatInstant } from './dotnet-format.js';
import { DateTimeError } from './instant.js';
import { parseExact } from './parse-exact.js';
import { parseTimestamp, type Today } from './parse.js';

const today: Today = { year: 2018, month: 4, day: 15 };

/** Parses and writes back in the round-trip format, which shows fields, fraction and kind. */
function roundTrip(text: string, locale?: string): string {
  return formatInstant(parseTimestamp(text, locale === undefined ? EN_US : cultureFor(locale), today), 'o');
}

function exact(text: string, format: string, locale = 'en-US'): string {
  return formatInstant(parseExact(text, format, cultureFor(locale), today), 'o');
}

describe('parseTimestamp: ISO 8601', () => {
  it.each<[string, string]>([
    ['2018-03-15', '2018-03-15T00:00:00.0000000'],
    ['2018-03-15T13:00', '2018-03-15T13:00:00.0000000'],
    ['2018-03-15T13:00:00Z', '2018-03-15T13:00:00.0000000Z'],
    ['2018-03-15t13:00:00z', '2018-03-15T13:00:00.0000000Z'],
    ['2018-03-15 13:00:00', '2018-03-15T13:00:00.0000000'],
    ['2018-03-15T13:00:00.1Z', '2018-03-15T13:00:00.1000000Z'],
    ['2018-03-15T13:00:00.000Z', '2018-03-15T13:00:00.0000000Z'],
    // Seven digits round-trip exactly; more are rounded to the nearest tick.
    ['2018-03-15T13:00:00.1234567Z', '2018-03-15T13:00:00.1234567Z'],
    ['2018-03-15T13:00:00.0000001Z', '2018-03-15T13:00:00.0000001Z'],
    ['2018-03-15T13:00:00.12345678Z', '2018-03-15T13:00:00.1234568Z'],
    ['2018-03-15T13:00:00.99999999Z', '2018-03-15T13:00:01.0000000Z'],
    // Offsets are applied; the value becomes UTC.
    ['2018-03-15T13:00:00-07:00', '2018-03-15T20:00:00.0000000Z'],
    ['2018-03-15T13:00:00+0530', '2018-03-15T07:30:00.0000000Z'],
    ['2018-03-15T13:00:00+01', '2018-03-15T12:00:00.0000000Z'],
    ['2018-01-01T00:30:00+01:00', '2017-12-31T23:30:00.0000000Z'],
    ['  2018-03-15T13:00:00Z  ', '2018-03-15T13:00:00.0000000Z'],
    ['2016-02-29', '2016-02-29T00:00:00.0000000'],
  ])('%s → %s', (text, expected) => {
    expect(roundTrip(text)).toBe(expected);
  });
});

describe('parseTimestamp: en-US forms (DateTime.Parse)', () => {
  it.each<[string, string]>([
    ['03/15/2018', '2018-03-15T00:00:00.0000000'],
    ['3/15/2018', '2018-03-15T00:00:00.0000000'],
    ['03/15/2018 12:00:00', '2018-03-15T12:00:00.0000000'],
    ['01/01/2018 00:00:00', '2018-01-01T00:00:00.0000000'],
    ['3/15/2018 1:05 PM', '2018-03-15T13:05:00.0000000'],
    ['3/15/2018 12:05 AM', '2018-03-15T00:05:00.0000000'],
    ['3/15/2018 3 PM', '2018-03-15T15:00:00.0000000'],
    ['3/15/18', '2018-03-15T00:00:00.0000000'],
    ['3/15/65', '1965-03-15T00:00:00.0000000'],
    ['2018/03/15', '2018-03-15T00:00:00.0000000'],
    ['3-15-2018 13:44:35.0796736', '2018-03-15T13:44:35.0796736'],
    ['March 15, 2018', '2018-03-15T00:00:00.0000000'],
    ['15 March 2018 13:00', '2018-03-15T13:00:00.0000000'],
    ['Mar 15 2018', '2018-03-15T00:00:00.0000000'],
    ['Thursday, March 15, 2018', '2018-03-15T00:00:00.0000000'],
    ['Thu, 15 Mar 2018 13:00:00 GMT', '2018-03-15T13:00:00.0000000Z'],
    ['3/15/2018 13:00:00 -07:00', '2018-03-15T20:00:00.0000000Z'],
    ['3/15/2018 1:00:00 PM Z', '2018-03-15T13:00:00.0000000Z'],
    ['March 2018', '2018-03-01T00:00:00.0000000'],
    // Missing year or date: today's (given by the clock).
    ['March 15', '2018-03-15T00:00:00.0000000'],
    ['3/15', '2018-03-15T00:00:00.0000000'],
    ['13:30', '2018-04-15T13:30:00.0000000'],
  ])('%s → %s', (text, expected) => {
    expect(roundTrip(text)).toBe(expected);
  });

  it.each([
    '',
    'not a date',
    '27/09/2021 13:44:35.0796736',
    '2018-02-30',
    '2018-13-01',
    '2018-03-15T24:00:00',
    '2018-03-15T13:60:00',
    '2018-03-15T13:00:00+25:00',
    'Friday, March 15, 2018',
    '3/15/2018 13:00 PM',
    '1/2/3/4',
    '2018',
    '10000-01-01',
    '0001-01-01T00:00:00+01:00',
  ])('rejects %j', (text) => {
    expect(() => parseTimestamp(text, EN_US, today)).toThrow(DateTimeError);
    expect(() => parseTimestamp(text, EN_US, today)).toThrow('was not valid');
  });
});

describe('parseTimestamp: other cultures (names and numeric order from the locale)', () => {
  it.each<[string, string, string]>([
    ['20/10/2014', 'fr-fr', '2014-10-20T00:00:00.0000000'],
    ['20 octobre 2010', 'fr-FR', '2010-10-20T00:00:00.0000000'],
    ['lundi 20 octobre 2014 15:30', 'fr-FR', '2014-10-20T15:30:00.0000000'],
    ['20 oct. 2014', 'fr-FR', '2014-10-20T00:00:00.0000000'],
    ['martes 20 octubre 2020', 'es-es', '2020-10-20T00:00:00.0000000'],
    ['20 de octubre de 2020', 'es-ES', '2020-10-20T00:00:00.0000000'],
    ['20.10.2014', 'de-DE', '2014-10-20T00:00:00.0000000'],
    ['20. Oktober 2014', 'de-DE', '2014-10-20T00:00:00.0000000'],
    ['15 czerwca 2009', 'pl-PL', '2009-06-15T00:00:00.0000000'],
    ['2014/10/20', 'ja-JP', '2014-10-20T00:00:00.0000000'],
    ['20/10/2014', 'en-GB', '2014-10-20T00:00:00.0000000'],
  ])('%s (%s) → %s', (text, locale, expected) => {
    expect(roundTrip(text, locale)).toBe(expected);
  });

  it('rejects a day name that does not match the date', () => {
    expect(() => parseTimestamp('lundi 20 octobre 2020', cultureFor('fr-FR'), today)).toThrow(DateTimeError);
  });
});

describe('parseExact (parseDateTime with a format)', () => {
  it.each<[string, string, string, string]>([
    ['21052019', 'ddMMyyyy', 'fr-fr', '2019-05-21T00:00:00.0000000'],
    ['10/20/2014 15h', 'MM/dd/yyyy HH\\h', 'en-US', '2014-10-20T15:00:00.0000000'],
    ['5/1/2019', 'M/d/yyyy', 'en-US', '2019-05-01T00:00:00.0000000'],
    ['20.10.2014', 'dd/MM/yyyy', 'de-DE', '2014-10-20T00:00:00.0000000'],
    ['2019-05-21 07:08:09.1234567', 'yyyy-MM-dd HH:mm:ss.fffffff', 'en-US', '2019-05-21T07:08:09.1234567'],
    ['2019-05-21 07:08:09.5', 'yyyy-MM-dd HH:mm:ss.FFF', 'en-US', '2019-05-21T07:08:09.5000000'],
    ['2019-05-21 07:08:09', 'yyyy-MM-dd HH:mm:ss.FFF', 'en-US', '2019-05-21T07:08:09.0000000'],
    ['7:08 PM, May 21 19', 'h:mm tt, MMM d yy', 'en-US', '2019-05-21T19:08:00.0000000'],
    ['Tuesday 21 May 2019', 'dddd d MMMM yyyy', 'en-US', '2019-05-21T00:00:00.0000000'],
    ['mardi 21 mai 2019', 'dddd d MMMM yyyy', 'fr-FR', '2019-05-21T00:00:00.0000000'],
    ['2019-05-21T07:08:09+02:00', "yyyy-MM-dd'T'HH:mm:sszzz", 'en-US', '2019-05-21T05:08:09.0000000Z'],
    ['2019-05-21T07:08:09Z', 'yyyy-MM-ddTHH:mm:ssK', 'en-US', '2019-05-21T07:08:09.0000000Z'],
    ['2019-05-21T07:08:09.1234567Z', 'o', 'en-US', '2019-05-21T07:08:09.1234567Z'],
    ['Tue, 21 May 2019 07:08:09 GMT', 'r', 'en-US', '2019-05-21T07:08:09.0000000Z'],
    ['2019-05-21 07:08:09Z', 'u', 'en-US', '2019-05-21T07:08:09.0000000Z'],
    ['21/05/2019', 'd', 'fr-FR', '2019-05-21T00:00:00.0000000'],
    ['5/21/2019', 'd', 'en-US', '2019-05-21T00:00:00.0000000'],
    ['2019', 'yyyy', 'en-US', '2019-01-01T00:00:00.0000000'],
    ['15:30', 'HH:mm', 'en-US', '2018-04-15T15:30:00.0000000'],
    ["at 15 o'clock", "'at' H 'o\\'clock'", 'en-US', '2018-04-15T15:00:00.0000000'],
  ])('%s with %s (%s) → %s', (text, format, locale, expected) => {
    expect(exact(text, format, locale)).toBe(expected);
  });

  it.each<[string, string]>([
    ['21/05/2019', 'ddMMyyyy'],
    ['2105201', 'ddMMyyyy'],
    ['1/5/2019', 'dd/MM/yyyy'],
    ['2019-02-30', 'yyyy-MM-dd'],
    ['Monday 21 May 2019', 'dddd d MMMM yyyy'],
    ['2019-05-21 extra', 'yyyy-MM-dd'],
    ['13:00 PM', 'HH:mm tt'],
  ])('rejects %s with %s', (text, format) => {
    expect(() => parseExact(text, format, EN_US, today)).toThrow(DateTimeError);
  });
});
