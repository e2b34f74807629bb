/**
 * Monitor: pipeline runs with filters (pipeline, status, time, trigger), newest first and paginated; a
 * run's activity runs as a list and as a Gantt chart; rerun (whole, from failed, from an activity) and
 * cancel. A run still going is followed live through the SSE stream.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { ActivityRun, RunDetail, RunSummary } from '../../api/client.js';
import { useApi } from '../../api/context.js';
import { ColumnHeaders } from '../common/ColumnHeaders.js';
import { FilterForm, FilterSelect } from '../common/Filters.js';
import { StatusBadge } from '../common/StatusBadge.js';
import { useLoad } from '../common/use-load.js';
import { ActivityOutput } from '../pipeline/PropertiesPanel.js';
import { useRunEvents } from '../pipeline/run-events.js';
import { ganttBars } from './gantt.js';
import { MonitorTabs, type MonitorTab } from './MonitorTabs.js';
import { statusStyle } from '../pipeline/visuals.js';

const STATUSES = ['Queued', 'InProgress', 'Succeeded', 'Failed', 'Cancelling', 'Cancelled'];

/** Props of {@link Monitor}. */
export interface MonitorProps {
  pipelines: string[];
  runId: string | null;
  onOpenRun(runId: string | null): void;
}

const fmtDate = (s: string | null | undefined): string => (s ? new Date(s).toLocaleString() : '');
const fmtDuration = (ms: number | null | undefined): string => (typeof ms === 'number' ? (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`) : '');

/** The monitor screen. */
export function Monitor({ pipelines, runId, onOpenRun }: MonitorProps): ReactNode {
  const [tab, setTab] = useState<MonitorTab>('pipelines');
  return runId ? <RunView runId={runId} onBack={() => onOpenRun(null)} onOpenRun={onOpenRun} /> : <MonitorTabs tab={tab} onTab={setTab} onOpenRun={onOpenRun} pipelineRuns={<RunList pipelines={pipelines} onOpenRun={onOpenRun} />} />;
}

function RunList({ pipelines, onOpenRun }: { pipelines: string[]; onOpenRun(id: string): void }): ReactNode {
  const api = useApi();
  const [filters, setFilters] = useState({ pipeline: '', status: '', from: '', to: '', trigger: '' });
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const { error, reload: load } = useLoad(useCallback(async (token?: string) => {
    if (!api) return;
    const page = await api.runs({
      pipeline: filters.pipeline || undefined,
      status: filters.status || undefined,
      from: filters.from ? new Date(filters.from).toISOString() : undefined,
      to: filters.to ? new Date(filters.to).toISOString() : undefined,
      trigger: filters.trigger || undefined,
      limit: '50',
      continuationToken: token,
    });
    setRuns((r) => (token ? [...r, ...page.value] : page.value));
    setNext(page.continuationToken);
  }, [api, filters]));
  return (
    <section className="monitor" aria-labelledby="runs-title">
      <h2 id="runs-title">Pipeline runs</h2>
      <FilterForm onRefresh={() => void load()}>
        <FilterSelect label="Pipeline" value={filters.pipeline} options={pipelines} onChange={(pipeline) => setFilters({ ...filters, pipeline })} />
        <FilterSelect label="Status" value={filters.status} options={STATUSES} onChange={(status) => setFilters({ ...filters, status })} />
        <label>
          From
          <input type="datetime-local" value={filters.from} onChange={(e) => setFilters({ ...filters, from: e.target.value })} />
        </label>
        <label>
          To
          <input type="datetime-local" value={filters.to} onChange={(e) => setFilters({ ...filters, to: e.target.value })} />
        </label>
        <label>
          Trigger
          <input value={filters.trigger} onChange={(e) => setFilters({ ...filters, trigger: e.target.value })} placeholder="trigger name" />
        </label>
      </FilterForm>
      {error ? <p role="alert" className="error-text">{error}</p> : null}
      <table className="runs-table">
        <ColumnHeaders columns={['Pipeline', 'Run start', 'Duration', 'Triggered by', 'Status', 'Run ID']} />
        <tbody>
          {runs.map((r) => (
            <tr key={r.runId}>
              <td>
                <button type="button" className="link" onClick={() => onOpenRun(r.runId)} aria-label={`Open run ${r.runId} of ${r.pipelineName ?? ''}`}>
                  {r.pipelineName}
                </button>
              </td>
              <td>{fmtDate(r.runStart)}</td>
              <td>{fmtDuration(r.durationInMs ?? (r.runStart && r.runEnd ? Date.parse(r.runEnd) - Date.parse(r.runStart) : null))}</td>
              <td>{String((r.invokedBy as { name?: string; type?: string } | undefined)?.type ?? '')} {String((r.invokedBy as { name?: string } | undefined)?.name ?? '')}</td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td>
                <code>{r.runId}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!runs.length ? <p className="muted">No runs match.</p> : null}
      {next ? (
        <button type="button" onClick={() => void load(next)}>
          Load more
        </button>
      ) : null}
    </section>
  );
}

function RunView({ runId, onBack, onOpenRun }: { runId: string; onBack(): void; onOpenRun(id: string): void }): ReactNode {
  const api = useApi();
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<'list' | 'gantt'>('list');
  const [picked, setPicked] = useState<ActivityRun | null>(null);
  const live = useRunEvents(api, run && !['Succeeded', 'Failed', 'Cancelled'].includes(run.status) ? runId : null);
  const load = useCallback(() => {
    api?.run(runId).then(setRun, (e: unknown) => setError((e as Error).message));
  }, [api, runId]);
  useEffect(load, [load]);
  useEffect(() => {
    if (live?.ended) load();
  }, [live?.ended, load]);
  if (error) return <p role="alert">{error}</p>;
  if (!run) return <p aria-busy="true">Loading run {runId}…</p>;
  const status = live?.status ?? run.status;
  const activityRuns = live?.activityRuns.length ? live.activityRuns : run.activityRuns ?? [];
  const finished = ['Succeeded', 'Failed', 'Cancelled'].includes(status);
  const act = async (fn: () => Promise<string | unknown>): Promise<void> => {
    try {
      const r = await fn();
      if (typeof r === 'string') onOpenRun(r);
      else load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section className="monitor" aria-labelledby="run-title">
      <button type="button" className="link" onClick={onBack}>
        ‹ All pipeline runs
      </button>
      <h2 id="run-title">
        {run.pipelineName} <StatusBadge status={status} />
      </h2>
      <p className="muted">
        Run <code data-testid="run-id">{run.runId}</code> · started {fmtDate(run.runStart)} · {fmtDuration(run.durationInMs)} {run.message ? `· ${run.message}` : ''}
      </p>
      <div className="toolbar" role="toolbar" aria-label="Run actions">
        <button type="button" disabled={!finished} onClick={() => void act(() => api!.rerun(run.runId, 'all'))}>
          Rerun
        </button>
        <button type="button" disabled={!finished || status === 'Succeeded'} onClick={() => void act(() => api!.rerun(run.runId, 'fromFailed'))}>
          Rerun from failed activity
        </button>
        <button type="button" disabled={finished} onClick={() => void act(() => api!.cancel(run.runId))}>
          Cancel
        </button>
        <button type="button" onClick={load}>
          Refresh
        </button>
        <span className="sep" aria-hidden="true" />
        <button type="button" aria-pressed={view === 'list'} onClick={() => setView('list')}>
          List
        </button>
        <button type="button" aria-pressed={view === 'gantt'} onClick={() => setView('gantt')}>
          Gantt
        </button>
      </div>
      {view === 'list' ? (
        <table className="runs-table" aria-label="Activity runs">
          <ColumnHeaders columns={['Activity', 'Type', 'Start', 'Duration', 'Status', 'Actions']} />
          <tbody>
            {activityRuns.map((r) => (
              <tr key={r.activityRunId} className={picked?.activityRunId === r.activityRunId ? 'current' : ''}>
                <td>
                  <button type="button" className="link" onClick={() => setPicked(r)}>
                    {r.activityName}
                    {typeof r.iteration === 'number' ? ` [${r.iteration}]` : ''}
                  </button>
                </td>
                <td>{r.activityType}</td>
                <td>{fmtDate(r.activityRunStart)}</td>
                <td>{fmtDuration(r.durationInMs)}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>
                  <button type="button" disabled={!finished} onClick={() => void act(() => api!.rerun(run.runId, 'fromActivity', r.activityName))} aria-label={`Rerun from ${r.activityName}`}>
                    Rerun from here
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Gantt runs={activityRuns} onPick={setPicked} />
      )}
      {picked ? (
        <section aria-label={`Details of ${picked.activityName}`} className="run-details">
          <ActivityOutput runs={[picked]} runId={run.runId} />
        </section>
      ) : null}
    </section>
  );
}

/** The Gantt chart of a run's activity runs. */
export function Gantt({ runs, onPick }: { runs: readonly ActivityRun[]; onPick(r: ActivityRun): void }): ReactNode {
  const { bars, start, end } = ganttBars(runs, Date.now());
  if (!bars.length) return <p className="muted">No activity has started yet.</p>;
  return (
    <figure className="gantt" aria-label="Gantt chart of activity runs">
      <figcaption className="muted">
        {new Date(start).toLocaleTimeString()} – {new Date(end).toLocaleTimeString()} ({fmtDuration(end - start)})
      </figcaption>
      <ul>
        {bars.map((b) => {
          const s = statusStyle(b.run.status);
          return (
            <li key={b.run.activityRunId} className="gantt-row">
              <span className="gantt-label">{b.label}</span>
              <span className="gantt-track">
                <button
                  type="button"
                  className="gantt-bar"
                  style={{ left: `${b.left * 100}%`, width: `${b.width * 100}%`, background: s.background, borderColor: s.color, color: s.color }}
                  title={`${b.label}: ${b.run.status}, ${fmtDuration(b.run.durationInMs)}`}
                  aria-label={`${b.label}: ${b.run.status}, ${fmtDuration(b.run.durationInMs)}`}
                  onClick={() => onPick(b.run)}
                >
                  {s.symbol}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
