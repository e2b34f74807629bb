import type { RemoteActivityRun, RemoteRun, SluiceClient } from './client.js';
import { readEvents } from './sse.js';

const TERMINAL = new Set(['Succeeded', 'Failed', 'Cancelled']);

/** A change seen while following a run: the snapshot, or one `status` event (run or activity). */
export type RunUpdate =
  | { kind: 'snapshot'; run: RemoteRun; activityRuns: RemoteActivityRun[] }
  | { kind: 'run'; runId: string; status: string; at: string; message?: string }
  | { kind: 'activity'; runId: string; activityRunId: string; activityName: string; activityType: string; key: string; status: string; at: string; iteration?: number };

/**
 * Follows a run on a server through `GET /api/runs/{id}/events` (Server-Sent Events), calling `onUpdate`
 * for the snapshot and every status change in the server's order, until the `end` event; then returns the
 * finished run (with its activity runs). When the stream breaks before the end (a server restart, a proxy
 * timeout) it falls back to polling the run, so the caller always learns the outcome.
 */
export async function followRun(client: SluiceClient, runId: string, onUpdate: (u: RunUpdate) => void, options: { pollMs?: number; signal?: AbortSignal } = {}): Promise<RemoteRun> {
  try {
    const res = await client.stream(`/api/runs/${encodeURIComponent(runId)}/events`, options.signal);
    if (res.body) {
      for await (const e of readEvents(res.body)) {
        if (e.event === 'end') break; // the run's stored status is read below
        let data: unknown;
        try {
          data = JSON.parse(e.data);
        } catch {
          continue;
        }
        if (e.event === 'snapshot') {
          const s = data as { run: RemoteRun; activityRuns: RemoteActivityRun[] };
          onUpdate({ kind: 'snapshot', run: s.run, activityRuns: s.activityRuns });
        } else if (e.event === 'status') {
          onUpdate(data as RunUpdate);
        }
      }
    }
  } catch (e) {
    if (options.signal?.aborted) throw e;
    // the stream failed: poll below
  }
  for (;;) {
    options.signal?.throwIfAborted();
    const run = await client.getRun(runId);
    if (TERMINAL.has(run.status)) return run;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
  }
}
