import type { StatusMessage } from '@sluice/engine/runtime';
import type { ServerContext } from '../context.js';
import { errorResponses } from '../http.js';
import type { RoutePlugin } from './index.js';

const TERMINAL = new Set(['Succeeded', 'Failed', 'Cancelled']);

/**
 * `GET /api/runs/{id}/events`: a run's live status as Server-Sent Events. The stream opens with a
 * `snapshot` event (the run and its activity runs), then one `status` event per change in the order the
 * engine published them, each with an increasing `id:`, heartbeat comments in between, and ends with an
 * `end` event carrying the run's terminal status. The key may come as `?access_token=` (EventSource
 * cannot send headers).
 */
export const eventRoutes: RoutePlugin = async (app, context: ServerContext) => {
  const { engine } = context;
  // Open streams, ended when the server closes (a stream never idles, so it would hold the close up).
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
  app.get('/api/runs/:id/events', {
    config: { role: 'viewer', queryToken: true },
    schema: {
      tags: ['runs'], summary: 'Live status of a run (text/event-stream)',
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' } } },
      querystring: { type: 'object', additionalProperties: false, properties: { access_token: { type: 'string' } } },
      response: { 200: { type: 'string', description: 'text/event-stream' }, ...errorResponses },
    },
  }, async (request, reply) => {
    const { id } = request.params as { id: string };
    await engine.getRun(id); // RUN_NOT_FOUND answers as JSON before the stream opens

    let seq = 0;
    let ended = false;
    let snapshotSent = false;
    const early: StatusMessage[] = [];
    const raw = reply.raw;
    const write = (event: string, data: unknown): void => {
      if (ended) return;
      seq += 1;
      raw.write(`id: ${seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const live: { heartbeat?: NodeJS.Timeout; unsubscribe?: () => void } = {};
    const finish = (status: string): void => {
      if (ended) return;
      write('end', { runId: id, status });
      ended = true;
      raw.end();
    };
    const cleanup = (): void => {
      open.delete(closeNow);
      ended = true;
      if (live.heartbeat) clearInterval(live.heartbeat);
      live.unsubscribe?.();
    };
    const closeNow = (): void => {
      cleanup();
      raw.end();
    };
    const onMessage = (m: StatusMessage): void => {
      if (!snapshotSent) {
        early.push(m);
        return;
      }
      write('status', m);
      if (m.kind === 'run' && TERMINAL.has(m.status)) finish(m.status);
    };

    // Listen first, then read the snapshot: a change made in between is in `early`, never lost.
    live.unsubscribe = context.events.listen(id, onMessage);
    reply.hijack();
    open.add(closeNow);
    raw.on('close', cleanup);
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no',
    });
    raw.write(': connected\n\n');
    const run = await engine.getRun(id);
    const activityRuns = await engine.queries.listActivityRuns(id).catch(() => []);
    write('snapshot', { run, activityRuns });
    snapshotSent = true;
    if (TERMINAL.has(run.status)) {
      finish(run.status);
      cleanup();
      return;
    }
    for (const m of early.splice(0)) onMessage(m);
    if (ended) return;
    live.heartbeat = setInterval(() => {
      if (ended) return;
      raw.write(': heartbeat\n\n');
      // A safety net for a lost message: the run's stored status is the truth.
      void engine.getRun(id).then((r) => {
        if (TERMINAL.has(r.status)) {
          finish(r.status);
          cleanup();
        }
      }).catch(() => undefined);
    }, context.heartbeatMs);
  });
};
