import { DateTimeError, epochMsFromTicks, MAX_TICKS, TICKS_PER_MS } from './instant.js';
import { lookupWindowsZone } from './windows-zones.js';

/**
 * Time zones for `convertFromUtc`, `convertToUtc` and `convertTimeZone`. ADF names zones by their Windows
 * IDs; they are mapped to IANA zones and offsets come from `Intl.DateTimeFormat`, which knows each zone's
 * daylight-saving history. IANA names are accepted too.
 *
 * Approximation: before a zone's first standard-time rule (e.g. before 1883 in the US) IANA data gives the
 * local mean time (`-07:52:58` for Los Angeles) where Windows keeps the standard offset.
 */
export interface TimeZone {
  /** The name as resolved: the Windows ID in its canonical casing, or the IANA name `Intl` reports. */
  readonly id: string;
  /** The IANA zone whose rules are used. */
  readonly iana: string;
  /** True for the UTC zone itself: conversions to it give UTC-kind results (they end in `Z`). */
  readonly isUtc: boolean;
}

const UTC_NAMES = new Set(['utc', 'etc/utc', 'etc/uct', 'uct', 'etc/universal', 'universal', 'etc/zulu', 'zulu']);

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(iana: string): Intl.DateTimeFormat {
  let f = formatters.get(iana);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone: iana,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(iana, f);
  }
  return f;
}

/**
 * Finds a zone by Windows ID (case-insensitive: `'pacific standard time'`) or IANA name
 * (`'America/Los_Angeles'`). Returns undefined for an unknown name.
 */
export function resolveTimeZone(name: string): TimeZone | undefined {
  const windows = lookupWindowsZone(name);
  if (windows !== undefined) {
    return { id: windows.windowsId, iana: windows.iana, isUtc: windows.windowsId === 'UTC' };
  }
  if (name.trim() === '' || name !== name.trim()) return undefined;
  try {
    const iana = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return { id: iana, iana, isUtc: UTC_NAMES.has(name.toLowerCase()) };
  } catch {
    return undefined;
  }
}

/** Like {@link resolveTimeZone}, failing with a message that names the zone. */
export function requireTimeZone(name: string): TimeZone {
  const zone = resolveTimeZone(name);
  if (zone === undefined) {
    throw new DateTimeError(
      `The time zone '${name}' is not a known Windows time zone ID (such as 'Pacific Standard Time' or 'W. Europe Standard Time') or IANA time zone name.`,
    );
  }
  return zone;
}

/** The zone's UTC offset, in milliseconds, at a UTC instant given in epoch milliseconds (whole seconds). */
export function offsetMsAt(zone: TimeZone, utcMs: number): number {
  if (zone.isUtc) return 0;
  const at = Math.floor(utcMs / 1000) * 1000;
  const fields: Record<string, string> = {};
  for (const part of formatterFor(zone.iana).formatToParts(new Date(at))) fields[part.type] = part.value;
  let year = Number(fields.year);
  if (fields.era !== undefined && /^B/i.test(fields.era)) year = 1 - year;
  const local = new Date(0);
  local.setUTCFullYear(year, Number(fields.month) - 1, Number(fields.day));
  local.setUTCHours(Number(fields.hour), Number(fields.minute), Number(fields.second), 0);
  return local.getTime() - at;
}

function offsetTicks(zone: TimeZone, utcTicks: bigint): bigint {
  return BigInt(offsetMsAt(zone, epochMsFromTicks(utcTicks))) * TICKS_PER_MS;
}

const RANGE_MESSAGE = 'The UTC time represented when the offset is applied must be between year 0 and 10,000.';

/** The wall-clock ticks in `zone` of a UTC instant. */
export function utcToZone(utcTicks: bigint, zone: TimeZone): bigint {
  const local = utcTicks + offsetTicks(zone, utcTicks);
  if (local < 0n || local > MAX_TICKS) throw new DateTimeError(RANGE_MESSAGE);
  return local;
}

/**
 * The UTC instant of a wall-clock time in `zone`. A time skipped by a daylight-saving change fails, as in
 * .NET; a time that occurs twice (when clocks go back) is taken as standard time (the later instant).
 */
export function zoneToUtc(localTicks: bigint, zone: TimeZone): bigint {
  if (zone.isUtc) return localTicks;
  const day = 86_400_000n * TICKS_PER_MS;
  // The offsets in force around this wall time; each candidate is valid when it maps back to itself.
  const offsets = new Set<bigint>([
    offsetTicks(zone, localTicks - day),
    offsetTicks(zone, localTicks),
    offsetTicks(zone, localTicks + day),
  ]);
  let best: bigint | undefined;
  for (const offset of offsets) {
    const utc = localTicks - offset;
    if (offsetTicks(zone, utc) === offset && (best === undefined || utc > best)) best = utc;
  }
  if (best === undefined) {
    throw new DateTimeError(
      `The supplied DateTime represents an invalid time in time zone '${zone.id}': the clock is adjusted forward and skips it.`,
    );
  }
  if (best < 0n || best > MAX_TICKS) throw new DateTimeError(RANGE_MESSAGE);
  return best;
}
