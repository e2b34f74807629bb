import type { JsonValue } from '../expressions/values.js';
import { activityKey, type FrameActivity } from './document.js';
import type { ActivityError, ActivityRunState, ActivityStatus, FrameState, RunCommand, RunState, StepEnv, StepResult } from './types.js';

/**
 * The scratch space of one step: a copy-on-write view of the run state, the commands and changed records
 * collected so far, and the frames whose activities may have become ready ("dirty").
 *
 * Copy-on-write keeps `step` from ever mutating its input while staying cheap for big runs: the state's
 * maps are copied shallowly once, and a record or frame is copied the first time this step edits it.
 * Variable values are replaced, never edited in place.
 */
export interface Working {
  /** The environment of the event being applied (a batch replaces it per event). */
  env: StepEnv;
  readonly state: RunState;
  readonly commands: RunCommand[];
  readonly changed: Map<string, ActivityRunState>;
  /** Frames to (re)examine, in order, without duplicates. */
  readonly dirty: string[];
  readonly ownedRecords: Set<string>;
  readonly ownedFrames: Set<string>;
  /** Until iterations opened in this step, by Until key (see `MAX_SYNC_UNTIL_ITERATIONS`). */
  readonly loops: Map<string, number>;
  /** Per-frame index of what is still open, built on first use in this step (see `frameIndex`). */
  readonly frames: Map<string, FrameIndex>;
  /** Frames opened or edited in this step. */
  readonly changedFrames: Set<string>;
  /** True when the step edits its input state in place (see `beginStep`). */
  readonly inPlace: boolean;
}

/**
 * What is still open in a frame: activities without a record yet (`pending`) and records that may not have
 * ended (`unfinished`). Built once per step from the state, then kept up to date by `addRecord`; entries are
 * only dropped after checking the state, so a stale entry costs a lookup, never a wrong answer. It turns the
 * per-event scan of a frame's activities into work proportional to what changed (a fan-out of a thousand
 * activities would otherwise rescan all of them on every completion).
 */
export interface FrameIndex {
  pending: FrameActivity[];
  readonly unfinished: Set<string>;
}

/** Frame indexes kept with states edited in place, so a run's driver does not rebuild them every batch. */
const indexesOf = new WeakMap<RunState, Map<string, FrameIndex>>();

/**
 * Starts a step on a copy-on-write view of `prev` — or, with `inPlace`, on `prev` itself. In place is for a
 * caller that owns the state and will not look at the old version again (the runtime's driver, which keeps
 * one state per run in memory): it saves copying the state's maps on every batch, which for a run of
 * thousands of activities is most of the cost of a step.
 */
export function beginStep(prev: RunState, env: StepEnv, inPlace = false): Working {
  const state: RunState = inPlace ? prev : { ...prev, variables: { ...prev.variables }, frames: { ...prev.frames }, activities: { ...prev.activities } };
  let frames = inPlace ? indexesOf.get(prev) : undefined;
  if (!frames) {
    frames = new Map();
    if (inPlace) indexesOf.set(prev, frames);
  }
  return { env, state, commands: [], changed: new Map(), dirty: [], ownedRecords: new Set(), ownedFrames: new Set(), loops: new Map(), frames, changedFrames: new Set(), inPlace };
}

/** The result of a step. */
export function endStep(w: Working): StepResult {
  return { state: w.state, commands: w.commands, changed: [...w.changed.values()], changedFrames: [...w.changedFrames] };
}

/** The result of a step that changed nothing (ignored events): the same state, no commands. */
export function unchanged(state: RunState): StepResult {
  return { state, commands: [], changed: [], changedFrames: [] };
}

/** Queues a frame for examination (idempotent). */
export function markDirty(w: Working, frameId: string): void {
  if (!w.dirty.includes(frameId)) w.dirty.push(frameId);
}

/** A record of this step, editable (copied on first edit) and reported as changed. */
export function editRecord(w: Working, key: string): ActivityRunState {
  const current = w.state.activities[key];
  if (!current) throw new Error(`internal: no activity run '${key}'`);
  if (w.inPlace || w.ownedRecords.has(key)) {
    w.changed.set(key, current);
    return current;
  }
  const copy: ActivityRunState = { ...current };
  if (current.container) copy.container = { ...current.container };
  w.state.activities[key] = copy;
  w.ownedRecords.add(key);
  w.changed.set(key, copy);
  return copy;
}

/** A frame of this step, editable (copied on first edit). */
export function editFrame(w: Working, id: string): FrameState {
  const current = w.state.frames[id];
  if (!current) throw new Error(`internal: no frame '${id}'`);
  w.changedFrames.add(id);
  if (w.inPlace || w.ownedFrames.has(id)) return current;
  const copy: FrameState = { ...current };
  w.state.frames[id] = copy;
  w.ownedFrames.add(id);
  return copy;
}

/** The ForEach iteration of the nearest enclosing ForEach frame, if any. */
export function iterationOf(state: RunState, frameId: string): number | undefined {
  let id: string | undefined = frameId;
  while (id !== undefined) {
    const frame: FrameState | undefined = state.frames[id];
    if (!frame) return undefined;
    if (frame.iteration !== undefined) return frame.iteration;
    id = frame.containerKey !== undefined ? state.activities[frame.containerKey]?.frameId : undefined;
  }
  return undefined;
}

/** Creates the record of an activity of a frame (a fresh `activityRunId` from the environment). */
export function addRecord(
  w: Working,
  frameId: string,
  fa: FrameActivity,
  init: { status: ActivityStatus; input?: JsonValue; output?: JsonValue; error?: ActivityError; container?: Record<string, JsonValue>; started?: boolean },
): ActivityRunState {
  const key = activityKey(frameId, fa.name);
  const terminal = init.status !== 'Queued' && init.status !== 'InProgress';
  const record: ActivityRunState = {
    key,
    activityRunId: w.env.newId(),
    activityName: fa.name,
    activityType: typeof fa.def.type === 'string' ? fa.def.type : '',
    frameId,
    pointer: fa.pointer,
    status: init.status,
  };
  const iteration = iterationOf(w.state, frameId);
  if (iteration !== undefined) record.iteration = iteration;
  if (init.started !== false) record.start = w.env.now;
  if (terminal) record.end = w.env.now;
  if (init.input !== undefined) record.input = init.input;
  if (init.output !== undefined) record.output = init.output;
  if (init.error !== undefined) record.error = init.error;
  if (init.container !== undefined) record.container = init.container;
  w.state.activities[key] = record;
  w.ownedRecords.add(key);
  w.changed.set(key, record);
  if (!terminal) w.frames.get(frameId)?.unfinished.add(key);
  return record;
}

/** The open-work index of a frame for this step (see {@link FrameIndex}). */
export function frameIndex(w: Working, frameId: string, list: readonly FrameActivity[]): FrameIndex {
  let index = w.frames.get(frameId);
  if (!index) {
    index = { pending: [], unfinished: new Set() };
    for (const fa of list) {
      const record = w.state.activities[activityKey(frameId, fa.name)];
      if (!record) index.pending.push(fa);
      else if (record.status === 'Queued' || record.status === 'InProgress') index.unfinished.add(record.key);
    }
    w.frames.set(frameId, index);
  }
  return index;
}

/** True when some record of the frame has not ended; drops the entries that have. */
export function hasUnfinished(w: Working, index: FrameIndex): boolean {
  for (const key of index.unfinished) {
    const status = w.state.activities[key]?.status;
    if (status === 'Queued' || status === 'InProgress') return true;
    index.unfinished.delete(key);
  }
  return false;
}

/** Ends an activity run: terminal status, output or error, end time; its frame is re-examined. */
export function finishRecord(
  w: Working,
  key: string,
  status: 'Succeeded' | 'Failed' | 'Skipped' | 'Cancelled',
  result: { output?: JsonValue; error?: ActivityError; attempts?: number; at?: string } = {},
): ActivityRunState {
  const record = editRecord(w, key);
  record.status = status;
  record.end = result.at ?? w.env.now;
  if (result.output !== undefined) record.output = result.output;
  if (result.error !== undefined) record.error = result.error;
  if (result.attempts !== undefined) record.attempts = result.attempts;
  markDirty(w, record.frameId);
  return record;
}

/** Opens a frame of inner activities for a container and queues it for scheduling. */
export function openFrame(w: Working, frame: { id: string; pointer: string; containerKey: string; item?: JsonValue; iteration?: number }): void {
  const state: FrameState = { id: frame.id, pointer: frame.pointer, containerKey: frame.containerKey, status: 'Running' };
  const full: FrameState = frame.iteration !== undefined ? { ...state, item: frame.item ?? null, iteration: frame.iteration } : state;
  w.state.frames[frame.id] = full;
  w.ownedFrames.add(frame.id);
  w.changedFrames.add(frame.id);
  markDirty(w, frame.id);
}

/** Reads a container bookkeeping number (0 when absent). */
export function containerNumber(record: ActivityRunState, field: string): number {
  const v = record.container?.[field];
  return typeof v === 'number' ? v : 0;
}

/** Reads a container bookkeeping string. */
export function containerString(record: ActivityRunState, field: string): string | undefined {
  const v = record.container?.[field];
  return typeof v === 'string' ? v : undefined;
}
