/**
 * Monitor → Models: the model registry (`GET /api/models`, `/api/models/{name}/versions`) — every model with
 * its versions, each version's stage and metrics as a small table, and the training run that produced it
 * (`GET /api/training-runs`): algorithm, data, and the pipeline run it came from, which opens the run view.
 * An editor moves a version to another stage here (`POST /api/models/{name}/versions/{version}/stage`).
 */
import { useCallback, useState, type ReactNode } from 'react';
import type { ModelVersionInfo, TrainingRunInfo } from '../../api/client.js';
import { useApi } from '../../api/context.js';
import { ColumnHeaders } from '../common/ColumnHeaders.js';
import { useLoad } from '../common/use-load.js';

/** Props of {@link Models}. */
export interface ModelsProps {
  onOpenRun(runId: string): void;
}

/** A metric value as a table shows it: numbers to 4 decimals, anything else as text. */
export function formatMetric(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A version's metrics: scalars as rows, structured ones (a confusion matrix …) folded as JSON. */
export function MetricsTable({ metrics, label }: { metrics: Readonly<Record<string, unknown>>; label: string }): ReactNode {
  const entries = Object.entries(metrics ?? {});
  if (!entries.length) return <span className="muted">no metrics</span>;
  const scalar = entries.filter(([, v]) => v === null || typeof v !== 'object');
  const structured = entries.filter(([, v]) => v !== null && typeof v === 'object');
  return (
    <>
      <table className="metrics-table" aria-label={label}>
        <tbody>
          {scalar.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{formatMetric(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {structured.map(([k, v]) => (
        <details key={k}>
          <summary>{k}</summary>
          <pre className="code">{JSON.stringify(v, null, 2)}</pre>
        </details>
      ))}
    </>
  );
}

/** The training run of a version, with a link to the pipeline run that trained it. */
export function TrainingRunCell({ id, run, onOpenRun }: { id: string; run: TrainingRunInfo | undefined; onOpenRun(runId: string): void }): ReactNode {
  if (!run) return <code title="The training run is not in the recent list">{id.slice(0, 8)}</code>;
  const lineage = run.lineage ?? {};
  return (
    <div className="training-run">
      <div>
        <code>{id.slice(0, 8)}</code> <span className="muted">{run.experiment}</span>
      </div>
      <div className="muted">
        {new Date(run.startedAt).toLocaleString()} · {run.durationMs} ms
      </div>
      {lineage.dataset ? (
        <div className="muted">
          {lineage.dataset}
          {typeof lineage.rows === 'number' ? `, ${lineage.rows} rows` : ''}
        </div>
      ) : null}
      {lineage.runId ? (
        <button type="button" className="link" onClick={() => onOpenRun(lineage.runId!)} aria-label={`Open training pipeline run ${lineage.runId}`}>
          {lineage.pipelineName ?? 'pipeline'} run{lineage.activityName ? ` (${lineage.activityName})` : ''}
        </button>
      ) : null}
    </div>
  );
}

/** The stages a version can be moved to (the registry's own). */
export const STAGES = ['none', 'staging', 'production', 'archived'] as const;

/** Props of {@link ModelVersions}. */
export interface ModelVersionsProps {
  name: string;
  versions: readonly ModelVersionInfo[];
  trainingRuns: Readonly<Record<string, TrainingRunInfo>>;
  onOpenRun(runId: string): void;
  /** Moves a version to a stage; absent, the stage is shown only. */
  onSetStage?: ((version: number, stage: string) => void) | undefined;
}

/** One model's versions. */
export function ModelVersions({ name, versions, trainingRuns, onOpenRun, onSetStage }: ModelVersionsProps): ReactNode {
  return (
    <section className="model" aria-labelledby={`model-${name}`}>
      <h3 id={`model-${name}`}>{name}</h3>
      <table className="runs-table" aria-label={`Versions of ${name}`}>
        <ColumnHeaders columns={['Version', 'Stage', 'Created', 'Algorithm', 'Metrics', 'Training run']} />
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <td>{v.version}</td>
              <td>
                <span className={`stage stage-${v.stage}`}>{v.stage}</span>
                {onSetStage ? (
                  <select
                    className="stage-select"
                    aria-label={`Stage of ${name} version ${v.version}`}
                    value={v.stage}
                    onChange={(e) => onSetStage(v.version, e.target.value)}
                  >
                    {STAGES.map((s) => (
                      <option key={s} value={s}>
                        {s === 'production' ? 'production (archives the current one)' : s}
                      </option>
                    ))}
                  </select>
                ) : null}
              </td>
              <td>{new Date(v.createdAt).toLocaleString()}</td>
              <td>
                {v.algorithm} <span className="muted">{v.task}</span>
              </td>
              <td>
                <MetricsTable metrics={v.metrics} label={`Metrics of ${name} version ${v.version}`} />
              </td>
              <td>
                <TrainingRunCell id={v.trainingRunId} run={trainingRuns[v.trainingRunId]} onOpenRun={onOpenRun} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The models view. */
export function Models({ onOpenRun }: ModelsProps): ReactNode {
  const api = useApi();
  const [models, setModels] = useState<Array<[string, ModelVersionInfo[]]> | null>(null);
  const [trainingRuns, setTrainingRuns] = useState<Record<string, TrainingRunInfo>>({});
  const { error, reload: load } = useLoad(useCallback(async () => {
    if (!api) return;
    const [latest, runs] = await Promise.all([api.models(), api.trainingRuns()]);
    setTrainingRuns(Object.fromEntries(runs.map((r) => [r.id, r])));
    const names = [...new Set(latest.map((m) => m.name))].sort((a, b) => a.localeCompare(b));
    setModels(await Promise.all(names.map(async (n) => [n, await api.modelVersions(n)] as [string, ModelVersionInfo[]])));
  }, [api]));
  const [stageError, setStageError] = useState<string | null>(null);
  const setStage = useCallback(async (name: string, version: number, stage: string) => {
    if (!api) return;
    setStageError(null);
    try {
      await api.setModelStage(name, version, stage);
    } catch (e) {
      setStageError(`Stage not changed: ${(e as Error).message}`);
    }
    await load();
  }, [api, load]);
  return (
    <section className="monitor" aria-labelledby="models-title">
      <h2 id="models-title">Models</h2>
      <div className="toolbar" role="toolbar" aria-label="Models actions">
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error ? <p role="alert" className="error-text">{error}</p> : null}
      {stageError ? <p role="alert" className="error-text">{stageError}</p> : null}
      {models === null && !error ? <p aria-busy="true">Loading models…</p> : null}
      {models !== null && !models.length ? <p className="muted">No model is registered yet: a Train activity registers one (see docs/ml.md).</p> : null}
      {(models ?? []).map(([name, versions]) => (
        <ModelVersions key={name} name={name} versions={versions} trainingRuns={trainingRuns} onOpenRun={onOpenRun} onSetStage={(version, stage) => void setStage(name, version, stage)} />
      ))}
    </section>
  );
}
