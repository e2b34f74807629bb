import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ActivityPolicy, RunCommand } from '../scheduler/types.js';
import type { JsonValue } from '../expressions/values.js';
import type { Keys } from './keys.js';

/** Queue names. The work queue carries work activities; the timer queue carries delayed events. */
export const ACTIVITY_QUEUE = 'activities';
export const TIMER_QUEUE = 'timers';

/** The data of an activity job: everything a worker needs, so it never reads the run state to start. */
export interface ActivityJobData {
  runId: string;
  pipelineName: string;
  key: string;
  activityRunId: string;
  activityName: string;
  activityType: string;
  typeVersion?: number;
  input: JsonValue;
  inputs: JsonValue[];
  outputs: JsonValue[];
  linkedServiceName?: JsonValue;
  policy: ActivityPolicy;
}

/** The data of a timer job. */
export interface TimerJobData {
  runId: string;
  key: string;
}

/** The BullMQ queues of one installation, sharing the hash-tagged prefix. */
export class EngineQueues {
  readonly activities: Queue<ActivityJobData>;
  readonly timers: Queue<TimerJobData>;

  constructor(connection: Redis, keys: Keys) {
    const opts = { connection, prefix: keys.base };
    this.activities = new Queue<ActivityJobData>(ACTIVITY_QUEUE, opts);
    this.timers = new Queue<TimerJobData>(TIMER_QUEUE, opts);
  }

  /**
   * Enqueues work activities, in one round trip. The job id is the activity run id, so enqueuing twice (after
   * a crash) adds nothing. Finished jobs are kept a day so that a late duplicate still finds them.
   */
  async addActivities(runId: string, pipelineName: string, commands: ReadonlyArray<Extract<RunCommand, { type: 'RunActivity' }>>): Promise<void> {
    if (!commands.length) return;
    await this.activities.addBulk(commands.map((c) => {
      const data: ActivityJobData = {
        runId, pipelineName, key: c.key, activityRunId: c.activityRunId, activityName: c.activityName, activityType: c.activityType,
        input: c.input, inputs: c.inputs, outputs: c.outputs, policy: c.policy,
        ...(c.typeVersion !== undefined ? { typeVersion: c.typeVersion } : {}),
        ...(c.linkedServiceName !== undefined ? { linkedServiceName: c.linkedServiceName } : {}),
      };
      return {
        name: c.activityType,
        data,
        opts: {
          jobId: c.activityRunId,
          attempts: c.policy.retry + 1,
          backoff: { type: 'fixed' as const, delay: c.policy.retryIntervalSeconds * 1000 },
          removeOnComplete: { age: 24 * 3600, count: 50_000 },
          removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
        },
      };
    }));
  }

  /** Schedules a timer; the job id makes it idempotent. */
  async addTimer(runId: string, activityRunId: string, key: string, at: string): Promise<void> {
    await this.timers.add('timer', { runId, key }, {
      jobId: `t-${activityRunId}`,
      delay: Math.max(0, Date.parse(at) - Date.now()),
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.activities.close(), this.timers.close()]);
  }
}
