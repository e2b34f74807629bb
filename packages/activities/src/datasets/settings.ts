/**
 * Small readers of ADF setting values shared by the data activities: timespans (`d.hh:mm:ss`) and
 * secrets written inline in an activity's typeProperties (Web's Basic password).
 */
import { SluiceError } from '@sluice/engine';

const TIMESPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?$/;

/**
 * Parses ADF's timespan (`d.hh:mm:ss`, `hh:mm:ss`, optional `.fffffff`) into milliseconds, or a plain
 * number of seconds. Throws `TYPE_PROPERTIES_INVALID` naming `property` otherwise, so the user sees which
 * setting was wrong.
 *
 * @example parseTimeSpanMs('00:01:00', 'httpRequestTimeout') // 60_000
 */
export function parseTimeSpanMs(value: unknown, property: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.round(value * 1000);
  const m = typeof value === 'string' ? TIMESPAN.exec(value.trim()) : null;
  const parts = m ? [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0)) : [];
  const [days = 0, hours = 0, minutes = 0, seconds = 0] = parts;
  if (!m || minutes > 59 || seconds > 59) {
    throw new SluiceError('TYPE_PROPERTIES_INVALID', `'${property}' must be a timespan like 0.00:10:00 (d.hh:mm:ss), got ${JSON.stringify(value)}.`, { pointer: `/typeProperties/${property}` });
  }
  const fraction = m[5] ? Number(`0.${m[5]}`) : 0;
  return Math.round((((days * 24 + hours) * 60 + minutes) * 60 + seconds + fraction) * 1000);
}

/**
 * The clear text of a secret written in an activity's typeProperties: a plain string, ADF's
 * `{type: 'SecureString', value}`, or Sluice's `{type: 'EnvironmentVariable', name}`. Never logged.
 */
export function secretText(value: unknown, property: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const type = typeof v.type === 'string' ? v.type.toLowerCase() : '';
    if (type === 'securestring' && typeof v.value === 'string') return v.value;
    if (type === 'environmentvariable' && typeof v.name === 'string') {
      const text = process.env[v.name];
      if (text === undefined) throw new SluiceError('TYPE_PROPERTIES_INVALID', `'${property}' refers to the environment variable '${v.name}', which is not set on this worker.`);
      return text;
    }
  }
  throw new SluiceError('TYPE_PROPERTIES_INVALID', `'${property}' must be a string, a SecureString or an EnvironmentVariable reference (Key Vault secrets are not supported).`);
}
