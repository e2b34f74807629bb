import type { JsonValue } from '../expressions/values.js';
import { createRunState } from './create-run.js';
import { step } from './step.js';
import type { ActivityError, ActivityRunState, RunCommand, RunEvent, RunState, StepEnv } from './types.js';

/**
 * A driver that runs a pipeline through the pure scheduler to the end, playing the runtime: it answers
 * `RunActivity` and `StartChildRun` commands from a table, fires timers, honours `CancelActivity`, and
 * keeps a simulated clock (each work activity takes `durationMs`). Exported so the runtime's tests can
 * check their results against the scheduler's.
 *
 * @example
 * const { state, ran } = drive({ pipeline, activities: { Copy1: 'Failed', Lookup1: { firstRow: { n: 1 } } } });
 */

const ANSWER = Symbol('answer');

/** A detailed answer for an activity or child run (see {@link answer}). */
export interface DetailedAnswer {
  readonly [ANSWER]: true;
  readonly status: 'Succeeded' | 'Failed' | 'Cancelled';
  readonly output?: JsonValue;
  readonly error?: Partial<ActivityError>;
  readonly durationMs?: number;
  readonly attempts?: number;
}

/** How a work activity ends: a status, a detailed {@link answer}, or (anything else) its output on success. */
export type Answer = 'Succeeded' | 'Failed' | 'Cancelled' | DetailedAnswer | JsonValue;

/** Builds a detailed answer: status, output, error, duration. */
export function answer(a: { status?: 'Succeeded' | 'Failed' | 'Cancelled'; output?: JsonValue; error?: Partial<ActivityError>; durationMs?: number; attempts?: number }): DetailedAnswer {
  return { [ANSWER]: true, status: a.status ?? 'Succeeded', ...a };
}

/** Answers for one activity: fixed, or computed from the command and how many times it ran before (0-based). */
export type AnswerTable = Record<string, Answer | ((command: Extract<RunCommand, { type: 'RunActivity' }>, call: number) => Answer)>;

/** Options of {@link drive}. */
export interface DriveOptions {
  /** A pipeline document, or just its `properties` (named `test`). */
  readonly pipeline: { name: string; properties: Record<string, unknown> } | Record<string, unknown>;
  readonly parameters?: Record<string, unknown>;
  /** Answers by activity name; activities not listed succeed with output `{}`. */
  readonly activities?: AnswerTable;
  /** Answers for waited-on child runs, by pipeline name (default: Succeeded). */
  readonly children?: Record<string, Answer>;
  /** How long a work activity or child run takes (default 1000 ms). */
  readonly durationMs?: number;
  readonly start?: string;
  /** Asks to cancel the run this many ms after it starts. */
  readonly cancelAtMs?: number;
  /** Start from this state (a rerun) instead of a new run. */
  readonly state?: RunState;
  /** Deliver every event twice and check the second delivery changes nothing (default true). */
  readonly duplicateEvents?: boolean;
  /** Deep-freeze every state before a step, to prove `step` never mutates it (default true). */
  readonly freeze?: boolean;
  /** Pass every state through JSON between steps, as a store does, to prove it is plain JSON (default true). */
  readonly roundTrip?: boolean;
  readonly maxSteps?: number;
}

/** What {@link drive} observed. */
export interface DriveResult {
  readonly state: RunState;
  /** Work activity names, in the order their `RunActivity` commands were issued. */
  readonly ran: string[];
  /** Every command, in order. */
  readonly commands: RunCommand[];
  /** The most work activities running at once. */
  readonly maxInFlight: number;
  readonly steps: number;
}

function isDetailed(a: Answer): a is DetailedAnswer {
  return typeof a === 'object' && a !== null && ANSWER in a;
}

function normalize(a: Answer, name: string): { status: 'Succeeded' | 'Failed' | 'Cancelled'; output?: JsonValue; error?: ActivityError; durationMs?: number; attempts?: number } {
  const failure = (e: Partial<ActivityError> = {}): ActivityError => ({ errorCode: 'TestFailure', message: `${name} failed`, failureType: 'UserError', target: name, ...e });
  if (a === 'Succeeded') return { status: 'Succeeded', output: {} };
  if (a === 'Failed') return { status: 'Failed', error: failure() };
  if (a === 'Cancelled') return { status: 'Cancelled' };
  if (isDetailed(a)) {
    const out: ReturnType<typeof normalize> = { status: a.status };
    if (a.output !== undefined) out.output = a.output;
    if (a.status === 'Failed') out.error = failure(a.error);
    if (a.durationMs !== undefined) out.durationMs = a.durationMs;
    if (a.attempts !== undefined) out.attempts = a.attempts;
    return out;
  }
  return { status: 'Succeeded', output: a };
}

/** Freezes a value and everything in it (to catch mutation of a step's input). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Runs a pipeline to its end with simulated workers, timers and child runs. */
export function drive(options: DriveOptions): DriveResult {
  const start = Date.parse(options.start ?? '2024-01-01T00:00:00.000Z');
  const duration = options.durationMs ?? 1000;
  const pipeline = typeof options.pipeline.name === 'string' && 'properties' in options.pipeline
    ? (options.pipeline as { name: string; properties: Record<string, unknown> })
    : { name: 'test', properties: options.pipeline as Record<string, unknown> };
  let state = options.state ?? createRunState({ runId: 'run-1', pipeline, parameters: options.parameters ?? {}, now: new Date(start).toISOString() });
  let ids = 0;
  const queue: Array<{ at: number; seq: number; event: RunEvent }> = [];
  let seq = 0;
  const push = (at: number, event: RunEvent): void => void queue.push({ at, seq: seq++, event });
  const iso = (ms: number): string => new Date(ms).toISOString();
  const ran: string[] = [];
  const commands: RunCommand[] = [];
  const calls = new Map<string, number>();
  const inFlight = new Set<string>();
  let maxInFlight = 0;
  let steps = 0;

  push(start, { type: 'RunStarted', at: iso(start) });
  if (options.cancelAtMs !== undefined) push(start + options.cancelAtMs, { type: 'CancelRequested', at: iso(start + options.cancelAtMs), reason: 'Cancelled by test' });

  const handle = (command: RunCommand, now: number): void => {
    commands.push(command);
    switch (command.type) {
      case 'RunActivity': {
        ran.push(command.activityName);
        const call = calls.get(command.activityName) ?? 0;
        calls.set(command.activityName, call + 1);
        const entry = options.activities?.[command.activityName] ?? 'Succeeded';
        const a = normalize(typeof entry === 'function' ? entry(command, call) : entry, command.activityName);
        inFlight.add(command.key);
        maxInFlight = Math.max(maxInFlight, inFlight.size);
        const end = now + (a.durationMs ?? duration);
        push(now, { type: 'ActivityStarted', key: command.key, attempt: 1, at: iso(now) });
        push(end, { type: 'ActivityCompleted', key: command.key, status: a.status, ...(a.output !== undefined ? { output: a.output } : {}), ...(a.error ? { error: a.error } : {}), attempts: a.attempts ?? 1, at: iso(end) });
        return;
      }
      case 'StartTimer':
        return push(Math.max(now, Date.parse(command.at)), { type: 'TimerFired', key: command.key, at: iso(Math.max(now, Date.parse(command.at))) });
      case 'StartChildRun': {
        if (!command.waitOnCompletion) return;
        inFlight.add(command.key);
        const a = normalize(options.children?.[command.pipelineName] ?? 'Succeeded', command.pipelineName);
        const end = now + (a.durationMs ?? duration);
        const output = { pipelineName: command.pipelineName, pipelineRunId: command.childRunId ?? '', ...(a.output && typeof a.output === 'object' && !Array.isArray(a.output) ? a.output : {}) };
        return push(end, { type: 'ActivityCompleted', key: command.key, status: a.status, output, ...(a.error ? { error: a.error } : {}), at: iso(end) });
      }
      case 'CancelActivity':
        if (inFlight.has(command.key)) push(now, { type: 'ActivityCompleted', key: command.key, status: 'Cancelled', at: iso(now) });
        return;
      case 'RunFinished':
        return;
    }
  };

  while (queue.length > 0) {
    if (++steps > (options.maxSteps ?? 5_000)) throw new Error(`drive: no end after ${options.maxSteps ?? 5_000} steps`);
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const { at, event } = queue.shift() as { at: number; seq: number; event: RunEvent };
    const env: StepEnv = { now: iso(at), newId: () => `id-${++ids}` };
    const input = options.freeze === false ? state : deepFreeze(state);
    const result = step(input, event, env);
    if (options.duplicateEvents !== false) {
      const again = step(options.freeze === false ? result.state : deepFreeze(result.state), event, env);
      if (again.commands.length > 0 || again.changed.length > 0) throw new Error(`drive: delivering ${event.type} twice changed the run again`);
    }
    state = options.roundTrip === false ? result.state : (JSON.parse(JSON.stringify(result.state)) as RunState);
    if (event.type === 'ActivityCompleted') inFlight.delete(event.key);
    for (const command of result.commands) handle(command, at);
  }
  return { state, ran, commands, maxInFlight, steps };
}

/** The records of every run of an activity (one per ForEach iteration …), in the order they were created. */
export function runsOf(state: RunState, name: string): ActivityRunState[] {
  return Object.values(state.activities).filter((r) => r.activityName.toLowerCase() === name.toLowerCase());
}

/** The status of an activity's only (or first) run, or undefined when it has none. */
export function statusOf(state: RunState, name: string): ActivityRunState['status'] | undefined {
  return runsOf(state, name)[0]?.status;
}

/**
 * A work activity for test pipelines: `act('B', { A: ['Succeeded'] })` depends on A succeeding.
 * `extra` overrides anything (type, policy, state, typeProperties …).
 */
export function act(name: string, dependsOn: Record<string, string[]> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    type: 'Copy',
    dependsOn: Object.entries(dependsOn).map(([activity, dependencyConditions]) => ({ activity, dependencyConditions })),
    typeProperties: {},
    ...extra,
  };
}

/** The status of every activity run, by name (several runs of one name are listed in creation order). */
export function statuses(state: RunState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of Object.values(state.activities)) out[r.activityName] = out[r.activityName] === undefined ? r.status : `${out[r.activityName]},${r.status}`;
  return out;
}
