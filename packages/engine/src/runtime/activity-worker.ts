import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ActivityContext, ActivityLogger, LogLevel } from '../activities/contract.js';
import type { ActivityRegistry } from '../activities/registry.js';
import { SluiceError, isErrorCode, type SluiceErrorData } from '../errors/index.js';
import { isPlainObject, type JsonValue } from '../expressions/values.js';
import type { ActivityError } from '../scheduler/types.js';
import { checkValue } from '../validation/schema-check.js';
import type { FactoryStore } from './factory-store.js';
import type { Keys } from './keys.js';
import type { Orchestrator, StatusMessage } from './orchestrator.js';
import type { ActivityJobData } from './queues.js';
import type { ModelRegistry } from '../activities/models.js';
import type { ActivityAttempt } from './records.js';
import { ATTEMPT_START, runScript } from './scripts.js';

/** What the activity processor needs. */
export interface ActivityWorkerDeps {
  readonly redis: Redis;
  readonly keys: Keys;
  readonly orchestrator: Orchestrator;
  readonly registry: ActivityRegistry;
  readonly factory: FactoryStore;
  /** The model registry activities receive as `context.models`. */
  readonly models?: ModelRegistry;
  readonly workerId: string;
  /** Most log lines kept per activity run. */
  readonly logLimit: number;
  /** Outputs larger than this (JSON bytes) are cut, with a visible marker. */
  readonly maxOutputBytes: number;
  /** Seconds run keys live after the run ends (logs expire with them). */
  readonly retentionSeconds: number;
}

/** How an attempt ended, for the job's return value (monitoring reads the run store, not this). */
export type ActivityJobResult = { status: 'Succeeded' | 'Failed' | 'Cancelled'; attempt: number };

function toErrorData(e: unknown): SluiceErrorData {
  if (e instanceof SluiceError) return e.toJSON();
  if (e instanceof Error && isErrorCode((e as { code?: string }).code ?? '')) {
    const code = (e as unknown as { code: SluiceErrorData['code'] }).code;
    return new SluiceError(code, e.message).toJSON();
  }
  return new SluiceError('ACTIVITY_FAILED', e instanceof Error ? e.message : String(e)).toJSON();
}

function activityError(data: SluiceErrorData, target: string): ActivityError {
  return { errorCode: data.code, message: data.message, failureType: data.retryable ? 'SystemError' : 'UserError', target, details: data };
}

/** Cuts an output whose JSON is larger than `max` bytes, keeping a preview and saying so. */
export function capOutput(output: unknown, max: number): JsonValue {
  const text = JSON.stringify(output ?? {});
  if (text.length <= max) return JSON.parse(text) as JsonValue;
  return { truncated: true, sizeBytes: text.length, limitBytes: max, preview: text.slice(0, 1000) };
}

/**
 * Builds the BullMQ processor of work activities. One attempt: count it (a counter in Redis, so an attempt
 * lost with a killed worker is counted too), record it, check the input against the type's schema, run the
 * activity with an `AbortSignal` that fires on cancel or timeout, then report the end to the run's
 * orchestrator — or throw so BullMQ retries after `retryIntervalInSeconds` when attempts remain.
 */
export function createActivityProcessor(deps: ActivityWorkerDeps) {
  const { redis, keys } = deps;

  const attemptKey = (id: string, n: number): string => `${id}#${n}`;

  return async function processActivity(job: Job<ActivityJobData>, _token?: string, jobSignal?: AbortSignal): Promise<ActivityJobResult> {
    const d = job.data;
    const maxAttempts = d.policy.retry + 1;
    const now = (): string => new Date().toISOString();
    const record: ActivityAttempt = { attempt: 0, status: 'InProgress', start: now(), workerId: deps.workerId };
    const started: StatusMessage = {
      kind: 'activity', runId: d.runId, activityRunId: d.activityRunId, activityName: d.activityName, activityType: d.activityType,
      key: d.key, status: 'InProgress', at: record.start,
    };
    // One round trip: count the attempt, read the run's status, record the attempt and tell live monitors.
    // (InProgress is not a scheduling decision: the run's driver only hears of the end.)
    const [attempt, runStatus] = (await runScript(redis, ATTEMPT_START, [keys.attemptCounters(d.runId), keys.summary(d.runId), keys.attempts(d.runId)], [
      d.activityRunId, maxAttempts, JSON.stringify({ ...record, attempt: '#N#' }), keys.runChannel(d.runId), JSON.stringify(started),
    ])) as [number, string];
    if (attempt < 0) {
      // An earlier attempt of this activity run already ended (its worker recorded and delivered the end, then
      // died before BullMQ heard of it): the job is a stalled leftover, and running it again would repeat the
      // activity's side effects.
      return { status: 'Succeeded', attempt: -attempt };
    }
    record.attempt = attempt;

    if (attempt > 1) {
      // An earlier attempt still InProgress was lost with its worker: it counts, as failed.
      const fields = Array.from({ length: attempt - 1 }, (_, i) => attemptKey(d.activityRunId, i + 1));
      const earlier = await redis.hmget(keys.attempts(d.runId), ...fields);
      const lost = earlier.flatMap((text, i) => {
        const a = text ? (JSON.parse(text) as ActivityAttempt) : undefined;
        return a?.status === 'InProgress'
          ? [fields[i] as string, JSON.stringify({ ...a, status: 'Failed', end: record.start, error: { code: 'WORKER_LOST', message: 'The worker running this attempt stopped before it ended.' } })]
          : [];
      });
      if (lost.length) await redis.hset(keys.attempts(d.runId), ...lost);
    }

    const finish = async (status: 'Succeeded' | 'Failed' | 'Cancelled', extra: { output?: JsonValue; error?: ActivityError }, recorded = true): Promise<ActivityJobResult> => {
      await deps.orchestrator.deliver(
        d.runId,
        [{ type: 'ActivityCompleted', key: d.key, status, attempts: attempt, at: now(), ...extra }],
        recorded ? { activityRunId: d.activityRunId, attempt, record: JSON.stringify(record) } : undefined,
      );
      return { status, attempt };
    };

    if (runStatus !== 'InProgress' && runStatus !== 'Queued') return finish('Cancelled', {}, false);
    if (attempt > maxAttempts) {
      const data = new SluiceError('WORKER_LOST', `Activity '${d.activityName}' lost its worker and has no attempts left (${maxAttempts} allowed).`).toJSON();
      return finish('Failed', { error: activityError(data, d.activityName) }, false);
    }

    // One controller for both reasons to stop (cancel, timeout). Not AbortSignal.any: on Node 20 the signals
    // it combines keep every composite alive, and with it each job and its closures (a leak per activity).
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort(new SluiceError('ACTIVITY_TIMEOUT', `Activity '${d.activityName}' timed out after ${d.policy.timeoutMs} ms (policy.timeout).`));
    }, d.policy.timeoutMs);
    const onCancel = (): void => abort.abort(new SluiceError('ACTIVITY_CANCELLED', `Activity '${d.activityName}' was cancelled.`));
    if (jobSignal?.aborted) onCancel();
    else jobSignal?.addEventListener('abort', onCancel, { once: true });
    const signal = abort.signal;
    let rejectOnAbort: (() => void) | undefined;
    const logKey = keys.logs(d.runId, d.activityRunId);
    const writeLog = (level: LogLevel) => (message: string, data?: Record<string, unknown>): void => {
      const line = JSON.stringify({ at: now(), level, attempt, message, ...(data ? { data } : {}) });
      void redis.multi().rpush(logKey, line).ltrim(logKey, -deps.logLimit, -1).expire(logKey, deps.retentionSeconds).exec();
    };
    const log: ActivityLogger = { debug: writeLog('debug'), info: writeLog('info'), warn: writeLog('warn'), error: writeLog('error') };
    let lastProgress = 0;
    let tempDir: string | undefined;

    try {
      const definition = deps.registry.get(d.activityType, d.typeVersion);
      if (!definition || definition.kind !== 'work') {
        throw new SluiceError('UNSUPPORTED_ACTIVITY_TYPE', `This worker has no work activity type '${d.activityType}'${d.typeVersion ? ` version ${d.typeVersion}` : ''}: install its package on every worker.`);
      }
      const problems = checkValue(definition.typeProperties, d.input ?? {}, '/typeProperties');
      if (problems.length) {
        throw new SluiceError('TYPE_PROPERTIES_INVALID', `The evaluated typeProperties of '${d.activityName}' are not valid: ${problems.map((p) => `${p.pointer}: ${p.message}`).join('; ')}`, { pointer: problems[0]?.pointer ?? '' });
      }
      const refOf = (v: JsonValue): { referenceName: string; parameters?: Record<string, unknown> } => {
        if (!isPlainObject(v) || typeof v.referenceName !== 'string') throw new SluiceError('SCHEMA_VIOLATION', 'A dataset or linked service reference has no referenceName.');
        return v as { referenceName: string; parameters?: Record<string, unknown> };
      };
      const context: ActivityContext = {
        runId: d.runId, pipelineName: d.pipelineName, activityName: d.activityName, activityRunId: d.activityRunId, attempt, signal, log,
        progress: (report) => {
          const t = Date.now();
          if (t - lastProgress < 250 && report.fraction !== 1) return;
          lastProgress = t;
          void job.updateProgress({ ...report });
        },
        inputs: await Promise.all(d.inputs.map((r) => deps.factory.resolveDataset(refOf(r)))),
        outputs: await Promise.all(d.outputs.map((r) => deps.factory.resolveDataset(refOf(r)))),
        ...(d.linkedServiceName ? { linkedService: await deps.factory.resolveLinkedService(refOf(d.linkedServiceName)) } : {}),
        resolveDataset: (ref) => deps.factory.resolveDataset(ref),
        resolveLinkedService: (ref) => deps.factory.resolveLinkedService(ref),
        resolveDataFlow: (ref) => deps.factory.get('dataflow', ref.referenceName),
        ...(deps.models ? { models: deps.models } : {}),
        // Created on first use: most activities never need one, and a directory per attempt is not free.
        get tempDir(): string {
          tempDir ??= mkdtempSync(join(tmpdir(), 'sluice-activity-'));
          return tempDir;
        },
      };
      const run = definition.run as (c: ActivityContext, p: unknown) => Promise<Record<string, unknown>>;
      const output = await Promise.race([
        // Sealed SecureStrings are opened here, in this attempt's memory only: never stored, logged or answered.
        run(context, deps.factory.reveal(d.input, `activity '${d.activityName}' /typeProperties`)),
        new Promise<never>((_, reject) => {
          if (signal.aborted) reject(signal.reason);
          rejectOnAbort = () => reject(signal.reason);
          signal.addEventListener('abort', rejectOnAbort, { once: true });
        }),
      ]);
      record.status = 'Succeeded';
      record.end = now();
      return await finish('Succeeded', { output: capOutput(output, deps.maxOutputBytes) });
    } catch (e) {
      record.end = now();
      const cancelled = jobSignal?.aborted === true && !timedOut;
      if (cancelled) {
        record.status = 'Cancelled';
        return await finish('Cancelled', {});
      }
      const data = toErrorData(timedOut ? signal.reason : e);
      record.status = 'Failed';
      record.error = data;
      log.error(`Attempt ${attempt} failed: ${data.code}: ${data.message}`);
      if (data.retryable && attempt < maxAttempts) {
        await redis.hset(keys.attempts(d.runId), attemptKey(d.activityRunId, attempt), JSON.stringify(record));
        throw new Error(`${data.code}: ${data.message}`, { cause: e }); // BullMQ retries after the backoff
      }
      await finish('Failed', { error: activityError(data, d.activityName) });
      const final = new UnrecoverableError(`${data.code}: ${data.message}`);
      final.cause = e;
      throw final;
    } finally {
      clearTimeout(timer);
      jobSignal?.removeEventListener('abort', onCancel);
      if (rejectOnAbort) signal.removeEventListener('abort', rejectOnAbort);
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    }
  };
}
