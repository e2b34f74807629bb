import { SluiceError } from '../errors/index.js';
import { isPlainObject, type JsonValue } from '../expressions/values.js';
import type { ActivityPolicy } from './types.js';

/** ADF's default activity timeout: 12 hours. */
export const DEFAULT_ACTIVITY_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** ADF's default retry interval, in seconds. */
export const DEFAULT_RETRY_INTERVAL_SECONDS = 30;

const TIMESPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?$/;

/**
 * Parses ADF's timespan (`d.hh:mm:ss`, `hh:mm:ss`, optionally `.fffffff`) into milliseconds, the format
 * of `policy.timeout` and of the Until activity's `timeout`. Returns undefined for anything else, so the
 * caller can say which property was wrong.
 *
 * @example parseTimeSpan('1.02:00:00') // 93_600_000
 */
export function parseTimeSpan(text: string): number | undefined {
  const m = TIMESPAN.exec(text.trim());
  if (!m) return undefined;
  const [days, hours, minutes, seconds] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0)) as [number, number, number, number];
  if (minutes > 59 || seconds > 59) return undefined;
  const fraction = m[5] ? Number(`0.${m[5]}`) : 0;
  return Math.round((((days * 24 + hours) * 60 + minutes) * 60 + seconds + fraction) * 1000);
}

function nonNegativeInteger(value: JsonValue | undefined, fallback: number, name: string, pointer: string): number {
  if (value === undefined || value === null) return fallback;
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
  throw new SluiceError('SCHEMA_VIOLATION', `policy.${name} must be a non-negative integer, got ${JSON.stringify(value)}.`, { pointer: `${pointer}/${name}` });
}

/**
 * Reads an activity's resolved `policy` (expressions already evaluated) with ADF's defaults: timeout 12
 * hours, no retry, 30 seconds between attempts, input and output not secure. Throws a located
 * `SCHEMA_VIOLATION` when a value is not usable.
 */
export function parsePolicy(policy: JsonValue | undefined, pointer: string): ActivityPolicy {
  const p = isPlainObject(policy) ? (policy as Record<string, JsonValue>) : {};
  let timeoutMs = DEFAULT_ACTIVITY_TIMEOUT_MS;
  if (p.timeout !== undefined && p.timeout !== null) {
    const parsed = typeof p.timeout === 'string' ? parseTimeSpan(p.timeout) : undefined;
    if (parsed === undefined) {
      throw new SluiceError('SCHEMA_VIOLATION', `policy.timeout must be a timespan like "0.12:00:00" or "01:30:00", got ${JSON.stringify(p.timeout)}.`, { pointer: `${pointer}/timeout` });
    }
    timeoutMs = parsed;
  }
  return {
    timeoutMs,
    retry: nonNegativeInteger(p.retry, 0, 'retry', pointer),
    retryIntervalSeconds: nonNegativeInteger(p.retryIntervalInSeconds, DEFAULT_RETRY_INTERVAL_SECONDS, 'retryIntervalInSeconds', pointer),
    secureInput: p.secureInput === true,
    secureOutput: p.secureOutput === true,
  };
}
