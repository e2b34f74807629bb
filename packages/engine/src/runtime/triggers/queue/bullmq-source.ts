/** BullMQ queue source: one job = one message (job id = message id, job name = subject, data = body); the job completes when its run is recorded. */
import { Queue, Worker } from 'bullmq';
import type { JsonValue } from '../../../expressions/values.js';
import { openRedis } from '../../redis.js';
import type { DeadLetter, MessageSource, ReceivedMessage, SourceSettings } from './source.js';

/** Opens a BullMQ source. */
export function bullmqSource(s: SourceSettings): MessageSource {
  let worker: Worker | undefined;
  let dead: Queue | undefined;
  const connection = openRedis(s.url);
  return {
    serial: false,
    async start(deliver) {
      worker = new Worker(s.destination, async (job) => {
        let ack!: () => void;
        const acked = new Promise<void>((resolve) => { ack = resolve; });
        const m: ReceivedMessage = { id: String(job.id), subject: job.name, body: (job.data ?? null) as JsonValue, ack: () => ack() };
        await deliver(m);
        await acked;
      }, { connection: openRedis(s.url), prefix: s.bullPrefix ?? 'bull', concurrency: Math.max(1, Math.min(s.prefetch, 1000)) });
      worker.on('error', () => undefined);
      await worker.waitUntilReady();
    },
    async deadLetter(m: DeadLetter) {
      if (!s.deadLetter) return;
      dead ??= new Queue(s.deadLetter, { connection, prefix: s.bullPrefix ?? 'bull' });
      await dead.add('dead-letter', { id: m.id, reason: m.reason, body: m.body }, { jobId: m.id });
    },
    async close() {
      await worker?.close();
      await dead?.close();
      await connection.quit().catch(() => undefined);
    },
  };
}
