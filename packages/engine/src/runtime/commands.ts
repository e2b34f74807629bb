import type { Redis } from 'ioredis';
import type { RunCommand, RunState } from '../scheduler/types.js';
import type { Keys } from './keys.js';
import type { CommandSink, Orchestrator } from './orchestrator.js';
import type { EngineQueues } from './queues.js';
import { RELEASE_SLOT } from './scripts.js';

/** What the command sink needs from the engine: starting and cancelling (child) runs. */
export interface RunControl {
  startChildRun(parent: RunState, command: Extract<RunCommand, { type: 'StartChildRun' }>): Promise<void>;
  cancelRun(runId: string, reason?: string): Promise<unknown>;
  runExists(runId: string): Promise<boolean>;
}

/**
 * Carries out the scheduler's commands with BullMQ and Redis. Each is idempotent: jobs are added under the
 * activity run id, child runs use the ExecutePipeline activity run id as their run id, slots are sets.
 */
export class BullCommandSink implements CommandSink {
  orchestrator: Orchestrator | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly queues: EngineQueues,
    private readonly runs: RunControl,
    private readonly retentionSeconds: number,
  ) {}

  async execute(state: RunState, commands: readonly RunCommand[]): Promise<void> {
    // Work activities go to the queue together (a fan-out of a thousand is one round trip), first.
    const work = commands.filter((c): c is Extract<RunCommand, { type: 'RunActivity' }> => c.type === 'RunActivity');
    for (let i = 0; i < work.length; i += 500) await this.queues.addActivities(state.runId, state.pipelineName, work.slice(i, i + 500));
    for (const c of commands) if (c.type !== 'RunActivity') await this.#one(state, c);
  }

  async #one(state: RunState, c: RunCommand): Promise<void> {
    const orchestrator = this.orchestrator as Orchestrator;
    switch (c.type) {
      case 'RunActivity':
        await this.queues.addActivities(state.runId, state.pipelineName, [c]);
        return;
      case 'StartTimer': {
        const id = state.activities[c.key]?.activityRunId ?? c.key.replace(/[^A-Za-z0-9_-]/g, '_');
        await this.queues.addTimer(state.runId, id, c.key, c.at);
        return;
      }
      case 'StartChildRun':
        await this.runs.startChildRun(state, c);
        return;
      case 'CancelActivity': {
        if (await this.runs.runExists(c.activityRunId)) {
          await this.runs.cancelRun(c.activityRunId, `Parent run ${state.runId} was cancelled.`);
          return;
        }
        const job = await this.queues.activities.getJob(c.activityRunId);
        const jobState = job ? await job.getState() : 'unknown';
        if (job && (jobState === 'waiting' || jobState === 'delayed' || jobState === 'prioritized' || jobState === 'waiting-children')) {
          await job.remove().catch(() => undefined); // a worker may have just taken it: then the cancel message reaches it
        }
        if (jobState === 'active') {
          await this.redis.publish(this.keys.cancelChannel(), JSON.stringify({ activityRunId: c.activityRunId }));
          return;
        }
        await orchestrator.deliver(state.runId, [{ type: 'ActivityCompleted', key: c.key, status: 'Cancelled', at: new Date().toISOString() }]);
        return;
      }
      case 'RunFinished': {
        const next = (await this.redis.eval(RELEASE_SLOT, 2, this.keys.pipelineRunning(state.pipelineName), this.keys.pipelineQueued(state.pipelineName), state.runId)) as string | null;
        if (next) await orchestrator.deliver(next, [{ type: 'RunStarted', at: new Date().toISOString() }]);
        const parent = state.invokedBy;
        if (parent.parentRunId && parent.parentActivityKey && parent.waitOnCompletion !== false) {
          await orchestrator.deliver(parent.parentRunId, [{
            type: 'ActivityCompleted', key: parent.parentActivityKey,
            status: c.status === 'Succeeded' ? 'Succeeded' : c.status === 'Cancelled' ? 'Cancelled' : 'Failed',
            output: { pipelineRunId: state.runId, pipelineName: state.pipelineName, ...(state.returnValue ? { pipelineReturnValue: state.returnValue } : {}) },
            ...(c.status === 'Succeeded' ? {} : {
              error: {
                errorCode: state.error?.errorCode ?? 'ACTIVITY_FAILED',
                message: `Operation on target ${parent.parentActivityKey.split('/').pop() ?? ''} failed: the pipeline run ${state.runId} of '${state.pipelineName}' ${c.status === 'Cancelled' ? 'was cancelled' : `failed: ${state.message ?? ''}`}`,
                failureType: 'UserError', target: parent.parentActivityKey.split('/').pop() ?? '',
              },
            }),
            at: new Date().toISOString(),
          }]);
        }
        const m = this.redis.multi();
        for (const k of [this.keys.state(state.runId), this.keys.version(state.runId), this.keys.pipeline(state.runId), this.keys.frames(state.runId), this.keys.activityRecords(state.runId), this.keys.summary(state.runId), this.keys.attempts(state.runId), this.keys.attemptCounters(state.runId), this.keys.events(state.runId), this.keys.outbox(state.runId)]) {
          m.expire(k, this.retentionSeconds);
        }
        await m.exec();
        return;
      }
    }
  }
}
