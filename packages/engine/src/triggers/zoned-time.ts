/**
 * Wall-clock arithmetic in a time zone, for schedule triggers. ADF names zones by their Windows IDs
 * (`W. Europe Standard Time`); the expression library already maps them to IANA zones, and this module
 * reuses that mapping, so a trigger and `convertFromUtc()` agree on every offset and daylight-saving change.
 */
import { SluiceError } from '../errors/index.js';
import { offsetMsAt, resolveTimeZone, type TimeZone } from '../expressions/functions/datetime/zones.js';

/** Local calendar fields of an instant (month 1–12, weekDay 0 = Sunday). */
export interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekDay: number;
}

/** The UTC zone, the default of a recurrence without `timeZone`. */
export const UTC_ZONE: TimeZone = { id: 'UTC', iana: 'UTC', isUtc: true };

/**
 * The zone a trigger names (Windows ID or IANA name; empty = UTC). Throws TRIGGER_INVALID naming the
 * trigger's JSON pointer, so a typo is reported where it was written.
 */
export function triggerZone(name: string | undefined, where = '/properties/typeProperties/recurrence/timeZone'): TimeZone {
  if (name === undefined || name === '' || name.toUpperCase() === 'UTC') return UTC_ZONE;
  const zone = resolveTimeZone(name);
  if (!zone) throw new SluiceError('TRIGGER_INVALID', `${where}: '${name}' is not a known Windows time zone ID or IANA zone name.`, { pointer: where });
  return zone;
}

/** The local fields of a UTC instant (epoch ms) in `zone`. */
export function toLocal(utcMs: number, zone: TimeZone): LocalFields {
  const d = new Date(utcMs + offsetMsAt(zone, utcMs));
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekDay: d.getUTCDay(),
  };
}

/** Epoch ms of local fields read as if they were UTC (a "wall-clock number", no zone applied). */
export function wallMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/**
 * The UTC instant of a wall-clock time in `zone`. A time skipped when clocks go forward is moved forward by
 * the gap (02:30 on a spring-forward night fires at 03:30 local, once); a time that happens twice when clocks
 * go back is taken the first time (daylight time), so the trigger fires once.
 */
export function fromLocal(wall: number, zone: TimeZone): number {
  if (zone.isUtc) return wall;
  const candidates = new Set([offsetMsAt(zone, wall - 86_400_000), offsetMsAt(zone, wall), offsetMsAt(zone, wall + 86_400_000)]);
  let best: number | undefined;
  for (const offset of candidates) {
    const utc = wall - offset;
    if (offsetMsAt(zone, utc) === offset && (best === undefined || utc < best)) best = utc;
  }
  if (best !== undefined) return best;
  // In a gap: use the offset in force before the change, which lands after the gap.
  const before = offsetMsAt(zone, wall - 86_400_000);
  return wall - before;
}

/** Days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses a trigger's date-time. With `Z` or an offset it is an instant; without, it is a wall-clock time in
 * `zone` (ADF writes `startTime` without offset when a time zone is chosen). Throws TRIGGER_INVALID.
 */
export function parseTriggerTime(text: string, zone: TimeZone, where: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
  if (!m) throw new SluiceError('TRIGGER_INVALID', `${where}: '${text}' is not an ISO 8601 date-time.`, { pointer: where });
  const ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  const wall = wallMs(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)) + ms;
  if (!m[8]) return fromLocal(wall, zone);
  if (m[8] === 'Z') return wall;
  const sign = m[8].startsWith('-') ? -1 : 1;
  const [oh, om] = m[8].slice(1).split(':').map(Number) as [number, number];
  return wall - sign * (oh * 60 + om) * 60_000;
}
