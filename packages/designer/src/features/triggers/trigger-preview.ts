/**
 * The read-only preview of a trigger being edited: the next fire times of a schedule, the windows of a
 * tumbling-window trigger (how many past windows will backfill, and the next ones), and the parameters its
 * first run would get. The API has no preview route: the engine's isomorphic trigger arithmetic
 * (`nextFireTimes`, `windowGrid` …, the code the trigger service runs) is bundled into the designer, so
 * the preview cannot disagree with what the service will do. Pure: `now` comes in as an argument.
 */
import {
  eventFiring,
  lastReadyIndex,
  nextFireTimes,
  scheduleFiring,
  SluiceError,
  toLocal,
  triggerParameters,
  triggerZone,
  windowBounds,
  windowFiring,
  windowGrid,
  windowIndexAt,
  type Recurrence,
  type TriggerFiring,
  type TumblingWindowTriggerTypeProperties,
} from '@sluice/engine';
import { pipelineRefs, triggerKind, type TriggerDoc } from './trigger-model.js';

/** One line of the preview. */
export interface PreviewTime {
  /** When it fires (epoch ms): a schedule time, or when a window's run may start (its end plus delay). */
  at: number;
  /** A window's bounds. */
  window?: { start: number; end: number };
  /** `at` as wall-clock time in the trigger's time zone (schedules), `YYYY-MM-DD HH:mm`. */
  local?: string;
}

/** A problem that stops the preview, located by JSON pointer when the engine says where. */
export interface PreviewProblem {
  code: string;
  message: string;
  pointer?: string;
}

/** What {@link firePreview} computes. */
export interface FirePreview {
  kind: 'schedule' | 'windows' | 'events';
  times: PreviewTime[];
  /** Tumbling windows that have already ended: they run (oldest first) once the trigger is started. */
  backfill?: number;
  /** The schedule's time zone as named, for labels. */
  zone?: string;
  problem?: PreviewProblem;
  /** The `@trigger()` / `@triggerBody()` of the first firing, for previews of parameter expressions. */
  sample: TriggerFiring;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function problemOf(e: unknown): PreviewProblem {
  if (e instanceof SluiceError) return { code: e.code, message: e.message, ...(typeof e.location.pointer === 'string' ? { pointer: e.location.pointer } : {}) };
  return { code: 'TRIGGER_INVALID', message: (e as Error).message };
}

/** A sample body of each event type, as the trigger service hands it to `@triggerBody()`. */
function sampleBody(type: string): NonNullable<TriggerFiring['triggerBody']> {
  switch (type) {
    case 'BlobEventsTrigger':
      return { eventType: 'Microsoft.Storage.BlobCreated', folderPath: 'landing', fileName: 'orders.csv', url: 'landing/orders.csv', size: 1024 };
    case 'QueueMessageTrigger':
      return { messages: [{ id: 'm-1', type: 'reading', value: 21.5 }] };
    default:
      return { hello: 'world' };
  }
}

/**
 * The preview of `doc` at `now`: `count` next fire times or windows, or the problem that prevents them
 * (an unknown time zone, a malformed time …) with its pointer. Never throws.
 */
export function firePreview(doc: TriggerDoc, now: number, count = 5): FirePreview {
  const type = triggerKind(doc.properties.type)?.type ?? String(doc.properties.type);
  const tp = doc.properties.typeProperties ?? {};
  if (type === 'ScheduleTrigger') {
    const recurrence = (tp as { recurrence?: Recurrence }).recurrence;
    const fallback = scheduleFiring(doc.name, 'preview', now, now);
    if (!recurrence) return { kind: 'schedule', times: [], problem: { code: 'SCHEMA_VIOLATION', message: 'The schedule has no recurrence.', pointer: '/properties/typeProperties/recurrence' }, sample: fallback };
    try {
      const zone = triggerZone(recurrence.timeZone);
      const times = nextFireTimes(recurrence, now, count).map((at): PreviewTime => {
        const l = toLocal(at, zone);
        return { at, local: `${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)}` };
      });
      return { kind: 'schedule', times, zone: recurrence.timeZone || 'UTC', sample: times[0] ? scheduleFiring(doc.name, 'preview', times[0].at, times[0].at) : fallback };
    } catch (e) {
      return { kind: 'schedule', times: [], problem: problemOf(e), sample: fallback };
    }
  }
  if (type === 'TumblingWindowTrigger') {
    const fallback = windowFiring(doc.name, 'preview', now, now, now);
    try {
      const grid = windowGrid(tp as unknown as TumblingWindowTriggerTypeProperties);
      const backfill = lastReadyIndex(grid, now) + 1;
      const times: PreviewTime[] = [];
      // The windows after the backfill: the one that ended but waits for its delay, then the current one, …
      for (let i = Math.max(backfill, windowIndexAt(grid, now - grid.delayMs)); times.length < count; i++) {
        const b = windowBounds(grid, i);
        if (b.end > grid.end) break;
        times.push({ at: b.end + grid.delayMs, window: { start: b.start, end: b.end } });
      }
      // The first run is the oldest window that is ready, or the next one to end.
      const first = backfill > 0 ? windowBounds(grid, 0) : times[0]?.window;
      const sample = first ? windowFiring(doc.name, 'preview', first.start, first.end, Math.max(now, first.end + grid.delayMs)) : fallback;
      return { kind: 'windows', times, backfill, sample };
    } catch (e) {
      return { kind: 'windows', times: [], problem: problemOf(e), sample: fallback };
    }
  }
  return { kind: 'events', times: [], sample: eventFiring(doc.name, type, 'preview', now, sampleBody(type)) };
}

/** The parameters each pipeline's first run would get, or why they cannot be evaluated (by pipeline). */
export function firstRunParameters(doc: TriggerDoc, sample: TriggerFiring, now: number): Array<{ pipeline: string; parameters?: Record<string, unknown>; problem?: PreviewProblem }> {
  return pipelineRefs(doc).map((ref) => {
    const pipeline = ref.pipelineReference?.referenceName ?? '';
    try {
      return { pipeline, parameters: triggerParameters(ref.parameters, sample, now) };
    } catch (e) {
      return { pipeline, problem: problemOf(e) };
    }
  });
}
