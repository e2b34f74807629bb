import { describe, expect, it } from 'vitest';
import { DateTimeError, ticksFromParts } from './instant.js';
import { WINDOWS_TO_IANA, lookupWindowsZone } from './windows-zones.js';
import { offsetMsAt, requireTimeZone, resolveTimeZone, utcToZone, zoneToUtc } from './zones.js';

const HOUR = 3_600_000;

describe('Windows time-zone table', () => {
  it('has every zone of CLDR territory 001 once, each known to Intl', () => {
    expect(WINDOWS_TO_IANA.length).toBeGreaterThanOrEqual(139);
    expect(new Set(WINDOWS_TO_IANA.map(([w]) => w.toLowerCase())).size).toBe(WINDOWS_TO_IANA.length);
    for (const [windowsId, iana] of WINDOWS_TO_IANA) {
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: iana }), `${windowsId} → ${iana}`).not.toThrow();
      expect(resolveTimeZone(windowsId)?.iana).toBe(iana);
    }
  });

  it.each<[string, string]>([
    ['Pacific Standard Time', 'America/Los_Angeles'],
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['UTC', 'Etc/UTC'],
    ['GMT Standard Time', 'Europe/London'],
    ['India Standard Time', 'Asia/Calcutta'],
    ['AUS Eastern Standard Time', 'Australia/Sydney'],
    ['Dateline Standard Time', 'Etc/GMT+12'],
    ['Line Islands Standard Time', 'Pacific/Kiritimati'],
    ['Central Standard Time (Mexico)', 'America/Mexico_City'],
  ])('%s → %s', (windowsId, iana) => {
    expect(lookupWindowsZone(windowsId)?.iana).toBe(iana);
  });

  it('looks Windows IDs up case-insensitively and reports the canonical casing', () => {
    expect(resolveTimeZone('pacific STANDARD time')).toEqual({ id: 'Pacific Standard Time', iana: 'America/Los_Angeles', isUtc: false });
    expect(resolveTimeZone('utc')?.isUtc).toBe(true);
  });

  it('accepts IANA names and recognises UTC aliases', () => {
    expect(resolveTimeZone('Europe/Paris')).toEqual({ id: 'Europe/Paris', iana: 'Europe/Paris', isUtc: false });
    expect(resolveTimeZone('Etc/UTC')?.isUtc).toBe(true);
    expect(resolveTimeZone('Europe/London')?.isUtc).toBe(false);
  });

  it.each(['Mars Standard Time', '', ' Pacific Standard Time ', 'Pacific/Atlantis'])('rejects %j, naming it', (name) => {
    expect(resolveTimeZone(name)).toBeUndefined();
    expect(() => requireTimeZone(name)).toThrow(DateTimeError);
    expect(() => requireTimeZone(name)).toThrow(`'${name}'`);
  });
});

describe('offsets from Intl', () => {
  const zone = (name: string) => requireTimeZone(name);
  it.each<[string, string, number]>([
    ['Pacific Standard Time', '2018-01-15T12:00:00Z', -8],
    ['Pacific Standard Time', '2018-07-15T12:00:00Z', -7],
    ['US Mountain Standard Time', '2018-07-15T12:00:00Z', -7],
    ['W. Europe Standard Time', '2018-01-15T12:00:00Z', 1],
    ['W. Europe Standard Time', '2018-07-15T12:00:00Z', 2],
    ['AUS Eastern Standard Time', '2018-01-15T12:00:00Z', 11],
    ['AUS Eastern Standard Time', '2018-07-15T12:00:00Z', 10],
    ['India Standard Time', '2018-07-15T12:00:00Z', 5.5],
    ['Nepal Standard Time', '2018-07-15T12:00:00Z', 5.75],
    ['Lord Howe Standard Time', '2018-01-15T12:00:00Z', 11],
    ['Lord Howe Standard Time', '2018-07-15T12:00:00Z', 10.5],
    ['Chatham Islands Standard Time', '2018-01-15T12:00:00Z', 13.75],
    ['Dateline Standard Time', '2018-01-15T12:00:00Z', -12],
    ['Line Islands Standard Time', '2018-01-15T12:00:00Z', 14],
    ['UTC', '2018-07-15T12:00:00Z', 0],
  ])('%s at %s is UTC%s h', (name, iso, hours) => {
    expect(offsetMsAt(zone(name), Date.parse(iso))).toBe(hours * HOUR);
  });

  it('converts around the 2018 US spring-forward and fall-back changes', () => {
    const pacific = zone('Pacific Standard Time');
    // 2018-03-11 02:00 PST → 03:00 PDT (10:00Z).
    expect(utcToZone(ticksFromParts(2018, 3, 11, 9, 59, 59), pacific)).toBe(ticksFromParts(2018, 3, 11, 1, 59, 59));
    expect(utcToZone(ticksFromParts(2018, 3, 11, 10, 0, 0), pacific)).toBe(ticksFromParts(2018, 3, 11, 3, 0, 0));
    expect(zoneToUtc(ticksFromParts(2018, 3, 11, 1, 59, 59), pacific)).toBe(ticksFromParts(2018, 3, 11, 9, 59, 59));
    expect(zoneToUtc(ticksFromParts(2018, 3, 11, 3, 0, 0), pacific)).toBe(ticksFromParts(2018, 3, 11, 10, 0, 0));
    // The skipped hour is invalid.
    expect(() => zoneToUtc(ticksFromParts(2018, 3, 11, 2, 30), pacific)).toThrow('invalid time');
    // 2018-11-04 02:00 PDT → 01:00 PST: 01:30 happens twice; standard time (the later) wins.
    expect(zoneToUtc(ticksFromParts(2018, 11, 4, 1, 30), pacific)).toBe(ticksFromParts(2018, 11, 4, 9, 30));
    expect(zoneToUtc(ticksFromParts(2018, 11, 4, 0, 59), pacific)).toBe(ticksFromParts(2018, 11, 4, 7, 59));
    expect(zoneToUtc(ticksFromParts(2018, 11, 4, 2, 0), pacific)).toBe(ticksFromParts(2018, 11, 4, 10, 0));
  });

  it('keeps sub-millisecond ticks through conversions', () => {
    const tokyo = zone('Tokyo Standard Time');
    const utc = ticksFromParts(2018, 1, 1, 8, 0, 0, 1_234_567);
    expect(utcToZone(utc, tokyo)).toBe(ticksFromParts(2018, 1, 1, 17, 0, 0, 1_234_567));
    expect(zoneToUtc(ticksFromParts(2018, 1, 1, 17, 0, 0, 1_234_567), tokyo)).toBe(utc);
  });

  it('fails when a conversion leaves years 1–9999', () => {
    expect(() => utcToZone(0n, zone('Pacific Standard Time'))).toThrow(DateTimeError);
    expect(() => utcToZone(ticksFromParts(9999, 12, 31, 23), zone('Tokyo Standard Time'))).toThrow(DateTimeError);
  });
});
