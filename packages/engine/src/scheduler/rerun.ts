import { SluiceError } from '../errors/index.js';
import { initialVariables } from './create-run.js';
import { activityKey, dependencyEntries, findByName, frameActivities, type FrameActivity } from './document.js';
import { isTerminalRunStatus, type ActivityRunState, type FrameState, type RunState } from './types.js';
import { replayVariableOp } from './variables.js';

/**
 * ADF's reruns. A rerun is a new run of the same pipeline with the same parameters, in the same run group
 * (`pipeline().GroupId`):
 * - `all` runs everything again;
 * - `fromFailed` keeps the top-level activities that succeeded with everything upstream of them (their
 *   records and outputs, marked `container.reused`), and runs the rest again — failed, cancelled and
 *   skipped activities and everything downstream; a container with any failure runs again entirely;
 * - `fromActivity` runs one top-level activity and everything downstream again, keeping the rest as it was.
 * Reused Set/Append Variable activities (and those inside reused containers) are replayed in their
 * original order, so variables hold what the reused part of the pipeline had set.
 */
export type RerunMode = { type: 'all' } | { type: 'fromFailed' } | { type: 'fromActivity'; activityName: string };

const TOP = '/properties/activities';

function invalid(message: string): SluiceError {
  return new SluiceError('RERUN_INVALID', message);
}

/** Top-level activities that succeeded and whose whole upstream succeeded. */
function succeededWithUpstream(previous: RunState, top: readonly FrameActivity[]): Set<string> {
  const memo = new Map<string, boolean>();
  const ok = (fa: FrameActivity, path: Set<string>): boolean => {
    const known = memo.get(fa.name);
    if (known !== undefined) return known;
    if (path.has(fa.name)) return false;
    path.add(fa.name);
    let result = previous.activities[activityKey('', fa.name)]?.status === 'Succeeded';
    for (const entry of dependencyEntries(fa.def)) {
      const upstream = findByName(top, entry.activity);
      if (!upstream || !ok(upstream, path)) result = false;
    }
    path.delete(fa.name);
    memo.set(fa.name, result);
    return result;
  };
  return new Set(top.filter((fa) => ok(fa, new Set())).map((fa) => fa.name));
}

/** A top-level activity and every top-level activity downstream of it. */
function downstreamOf(top: readonly FrameActivity[], start: FrameActivity): Set<string> {
  const out = new Set<string>([start.name]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const fa of top) {
      if (out.has(fa.name)) continue;
      if (dependencyEntries(fa.def).some((e) => out.has(findByName(top, e.activity)?.name ?? ''))) {
        out.add(fa.name);
        grew = true;
      }
    }
  }
  return out;
}

/** The keys of a record and of every record in the frames it opened, recursively, plus those frames. */
function subtree(previous: RunState, key: string): { keys: Set<string>; frames: Set<string> } {
  const keys = new Set<string>([key]);
  const frames = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const frame of Object.values(previous.frames)) {
      if (frame.containerKey !== undefined && keys.has(frame.containerKey) && !frames.has(frame.id)) {
        frames.add(frame.id);
        grew = true;
      }
    }
    for (const record of Object.values(previous.activities)) {
      if (frames.has(record.frameId) && !keys.has(record.key)) {
        keys.add(record.key);
        grew = true;
      }
    }
  }
  return { keys, frames };
}

/**
 * The state of a rerun of `previous` (which must have ended), `Queued` until `RunStarted`. Throws
 * `RERUN_INVALID` when the run has not ended, when `fromFailed` finds nothing to rerun, or when
 * `fromActivity` names no top-level activity.
 */
export function createRerunState(previous: RunState, mode: RerunMode, input: { runId: string; now: string }): RunState {
  if (!isTerminalRunStatus(previous.status)) throw invalid(`Run '${previous.runId}' is ${previous.status}; only an ended run can be rerun.`);
  const fresh: RunState = {
    runId: input.runId,
    pipelineName: previous.pipelineName,
    pipeline: previous.pipeline,
    parameters: previous.parameters,
    variables: initialVariables(previous.pipeline.properties),
    status: 'Queued',
    runGroupId: previous.runGroupId,
    invokedBy: previous.invokedBy,
    system: previous.system,
    runStart: input.now,
    frames: { '': { id: '', pointer: TOP, status: 'Running' } },
    activities: {},
    ...(previous.trigger !== undefined ? { trigger: previous.trigger } : {}),
    ...(previous.triggerBody !== undefined ? { triggerBody: previous.triggerBody } : {}),
  };
  if (mode.type === 'all') return fresh;

  const top = frameActivities(previous, TOP);
  let reused: Set<string>;
  if (mode.type === 'fromFailed') {
    if (previous.status === 'Succeeded') throw invalid(`Run '${previous.runId}' succeeded: there is no failed activity to rerun from.`);
    reused = succeededWithUpstream(previous, top);
    if (reused.size === top.length) throw invalid(`Run '${previous.runId}' has no failed, cancelled or skipped top-level activity to rerun from.`);
  } else {
    const start = findByName(top, mode.activityName);
    if (!start) {
      throw invalid(`Cannot rerun from '${mode.activityName}': it is not a top-level activity of pipeline '${previous.pipelineName}' (top-level activities: ${top.map((a) => a.name).join(', ') || 'none'}).`);
    }
    const rerun = downstreamOf(top, start);
    reused = new Set(top.filter((fa) => !rerun.has(fa.name) && previous.activities[activityKey('', fa.name)]).map((fa) => fa.name));
  }

  const keys = new Set<string>();
  for (const name of reused) {
    const tree = subtree(previous, activityKey('', name));
    tree.keys.forEach((k) => keys.add(k));
    for (const id of tree.frames) {
      const frame = previous.frames[id];
      if (frame) fresh.frames[id] = { ...frame } as FrameState;
    }
  }
  for (const record of Object.values(previous.activities)) {
    if (!keys.has(record.key)) continue;
    const copy: ActivityRunState = { ...record, container: { ...(record.container ?? {}), reused: true } };
    fresh.activities[record.key] = copy;
    if (record.status === 'Succeeded') replayVariableOp(fresh, record.container);
  }
  return fresh;
}
