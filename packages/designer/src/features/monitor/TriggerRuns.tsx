/**
 * Monitor → Trigger runs: every firing of the factory's triggers (time, trigger, status, what fired it, the
 * pipeline runs it started — each opens the run view — and the queue message ids), filtered by trigger and
 * status; and the windows of tumbling-window triggers with their status and a Rerun window action
 * (`POST /api/triggers/{name}/windows/rerun`). The API lists runs per trigger, so the view asks each trigger
 * it shows and merges the lists, newest first.
 */
import { useCallback, useState, type ReactNode } from 'react';
import type { TriggerRunInfo, TriggerStatus, TriggerWindow } from '../../api/client.js';
import { useApi } from '../../api/context.js';
import { ColumnHeaders } from '../common/ColumnHeaders.js';
import { FilterForm, FilterSelect } from '../common/Filters.js';
import { useLoad } from '../common/use-load.js';
import { StatusBadge } from '../common/StatusBadge.js';

/** Props of {@link TriggerRuns}. */
export interface TriggerRunsProps {
  onOpenRun(runId: string): void;
}

const fmtDate = (s: string | undefined): string => (s ? new Date(s).toLocaleString() : '');

/** What fired, in a few words: the scheduled time, the window, the storage event, the broker or the method. */
export function describeFiring(run: Pick<TriggerRunInfo, 'properties'>): string {
  const p = run.properties ?? {};
  const s = (k: string): string | undefined => (typeof p[k] === 'string' || typeof p[k] === 'number' ? String(p[k]) : undefined);
  if (s('windowStartTime')) return `window ${s('windowStartTime')} – ${s('windowEndTime') ?? '?'}${s('attempt') && s('attempt') !== '1' ? `, attempt ${s('attempt')}` : ''}`;
  if (s('scheduledTime')) return `scheduled ${s('scheduledTime')}`;
  if (s('eventType')) return `${String(s('eventType')).replace('Microsoft.Storage.', '')} ${[s('folderPath'), s('fileName')].filter(Boolean).join('/')}`;
  if (s('broker')) return `${s('broker')} ${s('destination') ?? ''} · ${s('count') ?? '?'} message${s('count') === '1' ? '' : 's'}${s('attempt') && s('attempt') !== '1' ? `, attempt ${s('attempt')}` : ''}`;
  if (s('method')) return `webhook ${s('method')}`;
  return '';
}

/** A window status drawn like run statuses (Waiting as queued, Running as in progress), always with its word. */
export function WindowStatusBadge({ status }: { status: string }): ReactNode {
  return <StatusBadge status={status} styleAs={status === 'Running' ? 'InProgress' : status === 'Waiting' ? 'Queued' : status} />;
}

/** The table of trigger runs. */
export function TriggerRunTable({ runs, onOpenRun }: { runs: readonly TriggerRunInfo[]; onOpenRun(runId: string): void }): ReactNode {
  if (!runs.length) return <p className="muted">No trigger runs match.</p>;
  return (
    <table className="runs-table" aria-label="Trigger runs">
      <ColumnHeaders columns={['Time', 'Trigger', 'Status', 'Fired by', 'Pipeline runs', 'Message ids']} />
      <tbody>
        {runs.map((r) => (
          <tr key={r.triggerRunId} data-testid={`trigger-run-${r.triggerRunId}`}>
            <td>
              <time dateTime={r.triggerRunTimestamp}>{fmtDate(r.triggerRunTimestamp)}</time>
            </td>
            <td>
              {r.triggerName} <span className="muted">{r.triggerType}</span>
            </td>
            <td>
              <StatusBadge status={r.status} />
              {r.message ? <div className="error-text">{r.message}</div> : null}
            </td>
            <td>{describeFiring(r)}</td>
            <td>
              {Object.entries(r.triggeredPipelines ?? {}).map(([pipeline, runId]) => (
                <div key={runId}>
                  <button type="button" className="link" onClick={() => onOpenRun(runId)} aria-label={`Open run ${runId} of ${pipeline}`}>
                    {pipeline}
                  </button>{' '}
                  <code className="muted">{runId.slice(0, 8)}</code>
                </div>
              ))}
            </td>
            <td>
              <MessageIds ids={r.messageIds ?? []} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MessageIds({ ids }: { ids: string[] }): ReactNode {
  if (!ids.length) return null;
  if (ids.length <= 5) return <code>{ids.join(', ')}</code>;
  return (
    <details>
      <summary>
        <code>{ids.slice(0, 3).join(', ')}</code> and {ids.length - 3} more
      </summary>
      <code>{ids.join(', ')}</code>
    </details>
  );
}

/** Props of {@link WindowTable}. */
export interface WindowTableProps {
  trigger: string;
  windows: readonly TriggerWindow[];
  onOpenRun(runId: string): void;
  onRerun(windowStartTime: string): void;
}

/** A tumbling-window trigger's windows, newest first, each with its runs and Rerun window. */
export function WindowTable({ trigger, windows, onOpenRun, onRerun }: WindowTableProps): ReactNode {
  return (
    <section aria-label={`Windows of ${trigger}`} className="trigger-windows">
      <h3>Windows of {trigger}</h3>
      {!windows.length ? (
        <p className="muted">No window has run yet.</p>
      ) : (
        <table className="runs-table" aria-label={`Windows of ${trigger}`}>
          <ColumnHeaders columns={['Window start', 'Window end', 'Status', 'Attempts', 'Runs', 'Actions']} />
          <tbody>
            {windows.map((w) => (
              <tr key={w.windowStartTime}>
                <td>
                  <time dateTime={w.windowStartTime}>{w.windowStartTime}</time>
                </td>
                <td>
                  <time dateTime={w.windowEndTime}>{w.windowEndTime}</time>
                </td>
                <td>
                  <WindowStatusBadge status={w.status} />
                </td>
                <td>{w.attempts}</td>
                <td>
                  {w.runIds.map((id, i) => (
                    <button key={id} type="button" className="link" onClick={() => onOpenRun(id)} aria-label={`Open run ${id} of window ${w.windowStartTime}`}>
                      {i === w.runIds.length - 1 ? 'latest run' : `run ${i + 1}`}
                    </button>
                  ))}
                </td>
                <td>
                  <button type="button" disabled={w.status === 'Running' || w.status === 'Waiting'} onClick={() => onRerun(w.windowStartTime)} aria-label={`Rerun window ${w.windowStartTime}`}>
                    Rerun window
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The trigger-runs view. */
export function TriggerRuns({ onOpenRun }: TriggerRunsProps): ReactNode {
  const api = useApi();
  const [triggers, setTriggers] = useState<TriggerStatus[]>([]);
  const [filters, setFilters] = useState({ trigger: '', status: '' });
  const [runs, setRuns] = useState<TriggerRunInfo[] | null>(null);
  const [windows, setWindows] = useState<Array<[string, TriggerWindow[]]>>([]);
  const [notice, setNotice] = useState<string | null>(null);

  const { error, setError, reload: load } = useLoad(useCallback(async () => {
    if (!api) return;
    const states = await api.triggerStates();
    setTriggers(states);
    const shown = filters.trigger ? states.filter((t) => t.name === filters.trigger) : states;
    const lists = await Promise.all(shown.map((t) => api.triggerRuns(t.name, { limit: 100 })));
    const all = lists.flat().filter((r) => !filters.status || r.status === filters.status);
    // Newest first; runs fired together (a backfill) by the time they stand for: the window or the scheduled time.
    const standsFor = (r: TriggerRunInfo): string => String(r.properties?.windowStartTime ?? r.properties?.scheduledTime ?? '');
    setRuns(all.sort((a, b) => Date.parse(b.triggerRunTimestamp) - Date.parse(a.triggerRunTimestamp) || standsFor(b).localeCompare(standsFor(a))));
    const tumbling = shown.filter((t) => t.type === 'TumblingWindowTrigger');
    setWindows(await Promise.all(tumbling.map(async (t) => [t.name, await api.triggerWindows(t.name, 100)] as [string, TriggerWindow[]])));
  }, [api, filters]));

  const rerun = async (trigger: string, start: string): Promise<void> => {
    try {
      const w = await api!.rerunWindow(trigger, start);
      setNotice(`The window ${w.windowStartTime} of ${trigger} is ${w.status.toLowerCase()} again: a trigger service starts it within maxConcurrency.`);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="monitor" aria-labelledby="trigger-runs-title">
      <h2 id="trigger-runs-title">Trigger runs</h2>
      <FilterForm onRefresh={() => void load()}>
        <FilterSelect
          label="Trigger"
          value={filters.trigger}
          options={triggers.map((t) => ({ value: t.name, label: `${t.name} (${t.type}, ${t.runtimeState})` }))}
          onChange={(trigger) => setFilters({ ...filters, trigger })}
        />
        <FilterSelect label="Status" value={filters.status} options={['Succeeded', 'Failed']} onChange={(status) => setFilters({ ...filters, status })} />
      </FilterForm>
      {error ? <p role="alert" className="error-text">{error}</p> : null}
      {notice ? <p role="status" className="message message-info">{notice}</p> : null}
      {runs === null ? <p aria-busy="true">Loading trigger runs…</p> : <TriggerRunTable runs={runs} onOpenRun={onOpenRun} />}
      {windows.map(([name, list]) => (
        <WindowTable key={name} trigger={name} windows={list} onOpenRun={onOpenRun} onRerun={(start) => void rerun(name, start)} />
      ))}
    </section>
  );
}
