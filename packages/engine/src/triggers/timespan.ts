/**
 * ADF's timespans (`d.hh:mm:ss`, signed for dependency offsets) as milliseconds, for tumbling-window delays,
 * dependency offsets and sizes.
 */
import { SluiceError } from '../errors/index.js';

/**
 * Milliseconds of a timespan such as `00:15:00`, `1.00:00:00` or `-01:00:00`. Throws TRIGGER_INVALID naming
 * `where` (a JSON pointer) when the text is not a timespan.
 *
 * @example parseTimespan('-1.02:00:00', '/x') // -(26 h) in ms
 */
export function parseTimespan(text: string, where: string): number {
  const m = /^(-)?(?:(\d+)\.)?(\d\d):(\d\d):(\d\d)$/.exec(text);
  if (!m) throw new SluiceError('TRIGGER_INVALID', `${where}: '${text}' is not a timespan (d.hh:mm:ss).`, { pointer: where });
  const ms = (((Number(m[2] ?? 0) * 24 + Number(m[3])) * 60 + Number(m[4])) * 60 + Number(m[5])) * 1000;
  return m[1] ? -ms : ms;
}
