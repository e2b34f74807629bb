import { describe, expect, it } from 'vitest';
import { cultureFor, EN_US } from './culture.js';
import { formatInstant } from './dotnet-format.js';
import { DateTimeError, ticksFromParts, type DateTimeKind, type Instant } from './instant.js';

function at(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, fraction = 0, kind: DateTimeKind = 'unspecified'): Instant {
  return { ticks: ticksFromParts(y, mo, d, h, mi, s, fraction), kind };
}

// The sample of .NET's "Standard date and time format strings" page: 2009-06-15T13:45:30.
const june15 = at(2009, 6, 15, 13, 45, 30);
const june15Utc = at(2009, 6, 15, 13, 45, 30, 0, 'utc');

describe('.NET standard formats, en-US', () => {
  it.each<[string, Instant, string]>([
    ['d', june15, '6/15/2009'],
    ['D', june15, 'Monday, June 15, 2009'],
    ['f', june15, 'Monday, June 15, 2009 1:45 PM'],
    ['F', june15, 'Monday, June 15, 2009 1:45:30 PM'],
    ['g', june15, '6/15/2009 1:45 PM'],
    ['G', june15, '6/15/2009 1:45:30 PM'],
    ['M', june15, 'June 15'],
    ['m', june15, 'June 15'],
    ['O', june15, '2009-06-15T13:45:30.0000000'],
    ['o', june15Utc, '2009-06-15T13:45:30.0000000Z'],
    ['o', at(2009, 6, 15, 13, 45, 30, 1_234_567, 'utc'), '2009-06-15T13:45:30.1234567Z'],
    ['R', june15Utc, 'Mon, 15 Jun 2009 13:45:30 GMT'],
    ['r', june15Utc, 'Mon, 15 Jun 2009 13:45:30 GMT'],
    ['s', june15, '2009-06-15T13:45:30'],
    ['t', june15, '1:45 PM'],
    ['T', june15, '1:45:30 PM'],
    ['u', june15Utc, '2009-06-15 13:45:30Z'],
    ['U', june15Utc, 'Monday, June 15, 2009 1:45:30 PM'],
    ['Y', june15, 'June 2009'],
    ['y', june15, 'June 2009'],
    ['o', at(1, 1, 1), '0001-01-01T00:00:00.0000000'],
    ['t', at(2009, 6, 15, 0, 5), '12:05 AM'],
    ['t', at(2009, 6, 15, 12, 5), '12:05 PM'],
  ])("'%s' of %o → %s", (format, value, expected) => {
    expect(formatInstant(value, format)).toBe(expected);
  });
});

describe('.NET custom format specifiers', () => {
  // Samples of .NET's "Custom date and time format strings" page.
  const aug29 = at(2008, 8, 29, 19, 27, 15, 180_000);
  const fractions = at(2009, 6, 15, 13, 45, 30, 6_175_425);
  const evening = at(2008, 1, 1, 18, 9, 1, 5_000_000);
  it.each<[string, Instant, string]>([
    ['d, M', aug29, '29, 8'],
    ['dd, MM', aug29, '29, 08'],
    ['ddd d MMM', aug29, 'Fri 29 Aug'],
    ['dddd dd MMMM', aug29, 'Friday 29 August'],
    ['hh:mm:ss.f', fractions, '01:45:30.6'],
    ['hh:mm:ss.ff', fractions, '01:45:30.61'],
    ['hh:mm:ss.fff', fractions, '01:45:30.617'],
    ['hh:mm:ss.ffff', fractions, '01:45:30.6175'],
    ['hh:mm:ss.fffff', fractions, '01:45:30.61754'],
    ['hh:mm:ss.ffffff', fractions, '01:45:30.617542'],
    ['hh:mm:ss.fffffff', fractions, '01:45:30.6175425'],
    ['hh:mm:ss.F', fractions, '01:45:30.6'],
    ['hh:mm:ss.FFFFFFF', fractions, '01:45:30.6175425'],
    ['HH:mm:ss.FFF', at(2009, 6, 15, 13, 45, 30, 5_000_000), '13:45:30.5'],
    // An all-zero 'F' fraction drops the decimal point too.
    ['HH:mm:ss.FFF', june15, '13:45:30'],
    ['h:m:s.F t', evening, '6:9:1.5 P'],
    ['hh:mm:ss tt', evening, '06:09:01 PM'],
    ['H:mm:ss', at(2008, 1, 1, 6, 9, 1), '6:09:01'],
    ['HH:mm:ss', at(2008, 1, 1, 6, 9, 1), '06:09:01'],
    ['%h', at(2008, 1, 1, 0, 0), '12'],
    ['%g', june15, 'A.D.'],
    ['gg yyyy', june15, 'A.D. 2009'],
    ['%y', at(1, 1, 1), '1'],
    ['%y', at(900, 1, 1), '0'],
    ['%y', at(2019, 1, 1), '19'],
    ['yy', at(1, 1, 1), '01'],
    ['yy', at(2009, 1, 1), '09'],
    ['yyy', at(1, 1, 1), '001'],
    ['yyy', at(2009, 1, 1), '2009'],
    ['yyyy', at(900, 1, 1), '0900'],
    ['yyyyy', at(2009, 1, 1), '02009'],
    ['%K', june15Utc, 'Z'],
    ['%K', june15, ''],
    ['zzz', june15Utc, '+00:00'],
    ['%z', june15, '+0'],
    ['zz', june15, '+00'],
    ['MM/dd/yyyy', june15, '06/15/2009'],
    ['yyyy-MM-ddTHH:mm:ss', june15, '2009-06-15T13:45:30'],
    ["HH 'h' mm", june15, '13 h 45'],
    ['HH "h" mm', june15, '13 h 45'],
    ["'yyyy' yyyy", june15, 'yyyy 2009'],
    ["'it\\'s' yyyy", june15, "it's 2009"],
    ['HH\\h mm', june15, '13h 45'],
    ['\\d\\a\\y d', june15, 'day 15'],
    ['%d', june15, '15'],
    ['%M', june15, '6'],
    ['yyyyMMddHHmmss', june15, '20090615134530'],
    ['yyyy-dd-MM', june15, '2009-15-06'],
    ['dddd, MMMM d, yyyy # x', june15, 'Monday, June 15, 2009 # x'],
  ])("'%s' → %s", (format, value, expected) => {
    expect(formatInstant(value, format)).toBe(expected);
  });

  it.each<[string, string]>([
    ['x', 'standard'],
    ['K', 'standard'],
    ['h', 'standard'],
    ['ffffffff', 'seven'],
    ['FFFFFFFF', 'seven'],
    ["yyyy 'open", 'not closed'],
    ['yyyy \\', 'escape'],
    ['yyyy %', "'%'"],
    ['%%', "'%'"],
  ])("'%s' is rejected (%s)", (format, why) => {
    expect(() => formatInstant(june15, format)).toThrow(DateTimeError);
    expect(() => formatInstant(june15, format)).toThrow(why);
  });
});

describe('.NET formats in other cultures (names exact, patterns approximated from Intl)', () => {
  it.each<[string, string, Instant, string]>([
    ['fr-FR', 'ddd d MMM', aug(), 'ven. 29 août'],
    ['fr-FR', 'dddd dd MMMM', aug(), 'vendredi 29 août'],
    ['fr-FR', 'D', june15, 'lundi 15 juin 2009'],
    ['fr-FR', 'd', june15, '15/06/2009'],
    ['fr-FR', 'T', june15, '13:45:30'],
    ['de-DE', 'd', june15, '15.06.2009'],
    ['de-DE', 'D', june15, 'Montag, 15. Juni 2009'],
    ['de-DE', 'dd/MM/yyyy', june15, '15.06.2009'],
    ['en-GB', 'D', june15, 'Monday, 15 June 2009'],
    ['en-GB', 'g', june15, '15/06/2009 13:45'],
    ['es-ES', 'D', june15, 'lunes, 15 de junio de 2009'],
    ['es-es', 'dddd MMMM d', at(2016, 1, 31), 'domingo enero 31'],
    ['ja-JP', 'd', june15, '2009/06/15'],
    // Polish: genitive month name next to a day number, nominative otherwise (as .NET does).
    ['pl-PL', 'd MMMM', june15, '15 czerwca'],
    ['pl-PL', 'MMMM yyyy', june15, 'czerwiec 2009'],
    ['pl-PL', 'Y', june15, 'czerwiec 2009'],
    // The culture-independent formats stay English.
    ['fr-FR', 'R', june15Utc, 'Mon, 15 Jun 2009 13:45:30 GMT'],
    ['de-DE', 'o', june15Utc, '2009-06-15T13:45:30.0000000Z'],
    ['en-US', 'D', june15, 'Monday, June 15, 2009'],
  ])('%s %s → %s', (locale, format, value, expected) => {
    expect(formatInstant(value, format, cultureFor(locale))).toBe(expected);
  });

  it('uses the built-in en-US culture for en-us in any casing', () => {
    expect(cultureFor('EN-us')).toBe(EN_US);
  });

  it.each(['not a locale!', 'zz-ZZ-x-', 'xx-YY'])('rejects locale %s', (locale) => {
    expect(() => cultureFor(locale)).toThrow(DateTimeError);
  });

  function aug(): Instant {
    return at(2008, 8, 29, 19, 27, 15);
  }
});
