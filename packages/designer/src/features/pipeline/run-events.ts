/**
 * Follows a run live through GET /api/runs/{id}/events (Server-Sent Events): a `snapshot` event, then one
 * `status` event per change, then `end`. Statuses are folded by activity name (names are unique in a
 * pipeline, containers included), so nodes light up on every canvas level.
 */
import { useEffect, useState } from 'react';
import type { ActivityRun, ApiClient } from '../../api/client.js';

/** A status message of the stream. */
export interface StatusEvent {
  kind: 'run' | 'activity';
  status: string;
  activityName?: string;
  activityRunId?: string;
  activityType?: string;
}

/** What a followed run looks like now. */
export interface LiveRun {
  runId: string;
  status: string;
  statuses: Record<string, string>;
  activityRuns: ActivityRun[];
  ended: boolean;
  error?: string;
}

/** Folds one status message into the statuses by activity name. */
export function foldStatus(statuses: Record<string, string>, event: StatusEvent): Record<string, string> {
  if (event.kind !== 'activity' || !event.activityName) return statuses;
  return { ...statuses, [event.activityName]: event.status };
}

/** Statuses by name from a list of activity runs (latest start wins for repeated runs, e.g. iterations). */
export function statusesOf(runs: readonly ActivityRun[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of runs) out[r.activityName] = r.status;
  return out;
}

/** Follows `runId` (null: nothing) and returns its live state; the full run is read again at the end. */
export function useRunEvents(api: ApiClient | null, runId: string | null): LiveRun | null {
  const [live, setLive] = useState<LiveRun | null>(null);
  useEffect(() => {
    if (!api || !runId) {
      setLive(null);
      return;
    }
    let closed = false;
    setLive({ runId, status: 'Queued', statuses: {}, activityRuns: [], ended: false });
    const source = new EventSource(api.eventsUrl(runId));
    const refresh = (): void => {
      void api.run(runId).then((run) => {
        if (closed) return;
        const runs = run.activityRuns ?? [];
        setLive((l) => (l && l.runId === runId ? { ...l, status: run.status, activityRuns: runs, statuses: { ...l.statuses, ...statusesOf(runs) } } : l));
      }).catch(() => undefined);
    };
    source.addEventListener('snapshot', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { run: { status: string }; activityRuns: ActivityRun[] };
      setLive((l) => (l ? { ...l, status: data.run.status, activityRuns: data.activityRuns, statuses: { ...l.statuses, ...statusesOf(data.activityRuns) } } : l));
    });
    source.addEventListener('status', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as StatusEvent;
      setLive((l) => (l ? { ...l, status: data.kind === 'run' ? data.status : l.status, statuses: foldStatus(l.statuses, data) } : l));
      if (data.kind === 'activity' && ['Succeeded', 'Failed', 'Skipped', 'Cancelled'].includes(data.status)) refresh();
    });
    source.addEventListener('end', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { status: string };
      source.close();
      setLive((l) => (l ? { ...l, status: data.status, ended: true } : l));
      refresh();
    });
    source.onerror = () => {
      // The stream ends after `end`; a failure before it is reported, and the run is read once.
      if (source.readyState === EventSource.CLOSED) {
        setLive((l) => (l && !l.ended ? { ...l, error: 'The live stream closed; showing the last known state.' } : l));
        refresh();
      }
    };
    return () => {
      closed = true;
      source.close();
    };
  }, [api, runId]);
  return live;
}
