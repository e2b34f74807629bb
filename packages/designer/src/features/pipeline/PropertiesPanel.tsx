/**
 * The panel under the canvas. With an activity selected: General (name, description, policy), Settings
 * (the type's schema form), and Output (its debug run: input, output, error, logs). With a dependency
 * selected: its conditions. With nothing selected: the pipeline's General, Parameters and Variables, and
 * the debug run's activity runs.
 */
import { useState, type ReactNode } from 'react';
import type { ActivityRun } from '../../api/client.js';
import { useApi } from '../../api/context.js';
import { ColumnHeaders } from '../common/ColumnHeaders.js';
import { StatusBadge } from '../common/StatusBadge.js';
import type { CompletionSource } from '../forms/expression-completion.js';
import { SchemaForm, type ReferenceNames } from '../forms/SchemaForm.js';
import { CONDITIONS, type ActivityDoc, type ActivityTypeInfo, type DependencyCondition, type PipelineDoc, type Problem, type TypedValueSpec } from '../../model/types.js';
import { Tabs } from './Tabs.js';
import { TypedValuesEditor } from './TypedValuesEditor.js';
import { conditionStyle } from './visuals.js';

/** Props of {@link PropertiesPanel}. */
export interface PropertiesPanelProps {
  doc: PipelineDoc;
  activity: ActivityDoc | null;
  /** Pointer of the selected activity in the document (for field problems). */
  activityPointer: string;
  typeInfo: ActivityTypeInfo | undefined;
  edge: { from: string; to: string; conditions: DependencyCondition[] } | null;
  problems: Problem[];
  references: ReferenceNames;
  completion: CompletionSource;
  activityRuns: ActivityRun[];
  runId: string | null;
  onActivityChange(activity: ActivityDoc): void;
  onRename(from: string, to: string): string | undefined;
  onPipelineChange(doc: PipelineDoc): void;
  onEdgeChange(conditions: DependencyCondition[]): void;
}

const PARAMETER_TYPES = ['String', 'Int', 'Float', 'Bool', 'Array', 'Object', 'SecureString'] as const;
const VARIABLE_TYPES = ['String', 'Bool', 'Array', 'Integer'] as const;

/** The properties panel. */
export function PropertiesPanel(props: PropertiesPanelProps): ReactNode {
  const [tab, setTab] = useState('settings');
  const { activity, edge } = props;
  if (edge) return <DependencyEditor {...edge} onChange={props.onEdgeChange} />;
  if (activity) {
    return (
      <section className="properties" aria-label={`Properties of ${activity.name}`}>
        <Tabs
          label="Activity properties"
          active={tab === 'parameters' || tab === 'variables' ? 'settings' : tab}
          onChange={setTab}
          tabs={[
            { id: 'general', label: 'General', render: () => <ActivityGeneral {...props} activity={activity} /> },
            { id: 'settings', label: 'Settings', render: () => <ActivitySettings {...props} activity={activity} /> },
            { id: 'output', label: 'Output', render: () => <ActivityOutput runs={props.activityRuns.filter((r) => r.activityName === activity.name)} runId={props.runId} /> },
          ]}
        />
      </section>
    );
  }
  const p = props.doc.properties;
  return (
    <section className="properties" aria-label="Pipeline properties">
      <Tabs
        label="Pipeline properties"
        active={['general', 'parameters', 'variables', 'output'].includes(tab) ? tab : 'parameters'}
        onChange={setTab}
        tabs={[
          {
            id: 'general',
            label: 'General',
            render: () => (
              <div className="field">
                <label htmlFor="pipeline-description">Description</label>
                <textarea id="pipeline-description" value={p.description ?? ''} onChange={(e) => props.onPipelineChange(withProperty(props.doc, 'description', e.target.value || undefined))} />
              </div>
            ),
          },
          {
            id: 'parameters',
            label: 'Parameters',
            render: () => (
              <TypedValuesEditor what="Parameter" types={PARAMETER_TYPES} value={p.parameters ?? {}} onChange={(v) => props.onPipelineChange(withProperty(props.doc, 'parameters', Object.keys(v).length ? v : undefined))} />
            ),
          },
          {
            id: 'variables',
            label: 'Variables',
            render: () => (
              <TypedValuesEditor what="Variable" types={VARIABLE_TYPES} value={p.variables ?? {}} onChange={(v) => props.onPipelineChange(withProperty(props.doc, 'variables', Object.keys(v).length ? v : undefined))} />
            ),
          },
          { id: 'output', label: 'Output', render: () => <RunOutput runs={props.activityRuns} runId={props.runId} /> },
        ]}
      />
    </section>
  );
}

function withProperty(doc: PipelineDoc, key: string, value: string | Record<string, TypedValueSpec> | undefined): PipelineDoc {
  const properties = { ...doc.properties };
  if (value === undefined) delete properties[key];
  else properties[key] = value;
  return { ...doc, properties };
}

function ActivityGeneral({ activity, typeInfo, onActivityChange, onRename, problems, activityPointer }: PropertiesPanelProps & { activity: ActivityDoc }): ReactNode {
  const [draft, setDraft] = useState<string | null>(null);
  const [renameError, setRenameError] = useState<string | undefined>();
  const policy = activity.policy ?? {};
  const hasPolicy = typeInfo?.kind === 'work' || activity.policy !== undefined;
  const nameProblems = problems.filter((p) => p.pointer === `${activityPointer}/name`);
  const setPolicy = (key: string, value: unknown): void => {
    const next = { ...policy };
    if (value === undefined || value === '') delete next[key];
    else next[key] = value;
    onActivityChange({ ...activity, policy: next });
  };
  return (
    <div className="form-grid">
      <div className={`field${nameProblems.length || renameError ? ' field-invalid' : ''}`}>
        <label htmlFor="activity-name">Name</label>
        <input
          id="activity-name"
          value={draft ?? activity.name}
          aria-invalid={renameError || nameProblems.length ? true : undefined}
          aria-describedby={renameError || nameProblems.length ? 'activity-name-error' : undefined}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => {
            if (draft !== null && draft !== activity.name) setRenameError(onRename(activity.name, draft.trim()));
            setDraft(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.currentTarget.blur();
          }}
        />
        {renameError || nameProblems.length ? (
          <p id="activity-name-error" className="field-problems">
            {renameError ?? nameProblems.map((p) => `${p.code}: ${p.message}`).join(' ')}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="activity-description">Description</label>
        <textarea id="activity-description" value={activity.description ?? ''} onChange={(e) => {
          const { description: _d, ...rest } = activity;
          onActivityChange(e.target.value ? { ...rest, description: e.target.value } : (rest as ActivityDoc));
        }} />
      </div>
      <p className="muted">
        Type: <code>{activity.type}</code> {typeInfo ? `— ${typeInfo.description}` : '(not in this installation’s catalog)'}
      </p>
      {hasPolicy ? (
        <fieldset>
          <legend>Policy</legend>
          <div className="field">
            <label htmlFor="policy-timeout">Timeout (d.hh:mm:ss)</label>
            <input id="policy-timeout" value={String(policy.timeout ?? '')} placeholder="0.12:00:00" onChange={(e) => setPolicy('timeout', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="policy-retry">Retry</label>
            <input id="policy-retry" type="number" min={0} value={typeof policy.retry === 'number' ? policy.retry : ''} onChange={(e) => setPolicy('retry', e.target.value === '' ? undefined : Number(e.target.value))} />
          </div>
          <div className="field">
            <label htmlFor="policy-interval">Retry interval (seconds)</label>
            <input id="policy-interval" type="number" min={1} value={typeof policy.retryIntervalInSeconds === 'number' ? policy.retryIntervalInSeconds : ''} onChange={(e) => setPolicy('retryIntervalInSeconds', e.target.value === '' ? undefined : Number(e.target.value))} />
          </div>
          <div className="field field-inline">
            <input id="policy-secure-input" type="checkbox" checked={policy.secureInput === true} onChange={(e) => setPolicy('secureInput', e.target.checked || undefined)} />
            <label htmlFor="policy-secure-input">Secure input</label>
          </div>
          <div className="field field-inline">
            <input id="policy-secure-output" type="checkbox" checked={policy.secureOutput === true} onChange={(e) => setPolicy('secureOutput', e.target.checked || undefined)} />
            <label htmlFor="policy-secure-output">Secure output</label>
          </div>
        </fieldset>
      ) : null}
    </div>
  );
}

function ActivitySettings({ activity, typeInfo, onActivityChange, problems, references, completion, activityPointer }: PropertiesPanelProps & { activity: ActivityDoc }): ReactNode {
  if (!typeInfo) return <p className="muted">The type {activity.type} is not in this installation’s catalog: edit it in the JSON view.</p>;
  const isSwitch = activity.type.toLowerCase() === 'switch';
  return (
    <>
      <SchemaForm
        label={`${typeInfo.title} settings`}
        schema={typeInfo.typeProperties}
        hints={typeInfo.uiHints ?? {}}
        value={activity.typeProperties ?? {}}
        problems={problems}
        problemBase={`${activityPointer}/typeProperties`}
        references={references}
        completion={{ ...completion, inForEach: completion.inForEach || activity.type.toLowerCase() === 'filter' }}
        onChange={(typeProperties) => onActivityChange({ ...activity, typeProperties })}
      />
      {isSwitch ? <SwitchCases activity={activity} onChange={onActivityChange} /> : null}
    </>
  );
}

function SwitchCases({ activity, onChange }: { activity: ActivityDoc; onChange(a: ActivityDoc): void }): ReactNode {
  const cases = (Array.isArray(activity.typeProperties?.cases) ? activity.typeProperties.cases : []) as Array<{ value: string; activities: ActivityDoc[] }>;
  const set = (next: typeof cases): void => onChange({ ...activity, typeProperties: { ...(activity.typeProperties ?? {}), cases: next } });
  return (
    <fieldset>
      <legend>Cases</legend>
      {cases.map((c, i) => (
        <div key={i} className="array-row">
          <input aria-label={`Case ${i + 1} value`} value={c.value} onChange={(e) => set(cases.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} />
          <button type="button" aria-label={`Remove case ${c.value}`} onClick={() => set(cases.filter((_, j) => j !== i))}>
            ✕
          </button>
        </div>
      ))}
      <button type="button" onClick={() => set([...cases, { value: `case${cases.length + 1}`, activities: [] }])}>
        + Add case
      </button>
    </fieldset>
  );
}

function DependencyEditor({ from, to, conditions, onChange }: { from: string; to: string; conditions: DependencyCondition[]; onChange(c: DependencyCondition[]): void }): ReactNode {
  return (
    <section className="properties" aria-label={`Dependency ${from} to ${to}`}>
      <fieldset>
        <legend>
          Run <strong>{to}</strong> when <strong>{from}</strong> ends with
        </legend>
        {CONDITIONS.map((c) => (
          <div key={c} className="field field-inline">
            <input
              id={`cond-${c}`}
              type="checkbox"
              checked={conditions.includes(c)}
              onChange={(e) => onChange(e.target.checked ? [...conditions, c] : conditions.filter((x) => x !== c))}
            />
            <label htmlFor={`cond-${c}`} style={{ color: conditionStyle(c).text }}>
              {conditionStyle(c).symbol} {c}
            </label>
          </div>
        ))}
        <p className="muted">Clear every condition, or press Delete on the edge, to remove the dependency.</p>
      </fieldset>
    </section>
  );
}

function RunOutput({ runs, runId }: { runs: ActivityRun[]; runId: string | null }): ReactNode {
  if (!runId) return <p className="muted">Debug the pipeline to see its activity runs here.</p>;
  return (
    <table className="runs-table">
      <caption>Debug run {runId}</caption>
      <ColumnHeaders columns={['Activity', 'Type', 'Status', 'Duration', 'Error']} />
      <tbody>
        {runs.map((r) => (
          <tr key={r.activityRunId}>
            <td>{r.activityName}</td>
            <td>{r.activityType}</td>
            <td>
              <StatusBadge status={r.status} />
            </td>
            <td>{typeof r.durationInMs === 'number' ? `${(r.durationInMs / 1000).toFixed(1)} s` : ''}</td>
            <td>{r.error ? String((r.error as { message?: string }).message ?? '') : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An activity run's input, output, error and logs. */
export function ActivityOutput({ runs, runId }: { runs: ActivityRun[]; runId: string | null }): ReactNode {
  const api = useApi();
  const [logs, setLogs] = useState<Record<string, unknown>>({});
  if (!runId) return <p className="muted">Debug the pipeline to see this activity’s input, output, error and logs.</p>;
  if (!runs.length) return <p className="muted">This activity has not run in debug run {runId}.</p>;
  return (
    <div className="activity-output">
      {runs.map((r) => (
        <article key={r.activityRunId} aria-label={`Run ${r.activityRunId}`}>
          <h3>
            {r.activityName} <StatusBadge status={r.status} /> {typeof r.iteration === 'number' ? <span className="muted">iteration {r.iteration}</span> : null}
          </h3>
          <div className="io-grid">
            <div>
              <h4>Input</h4>
              <pre className="code">{JSON.stringify(r.input ?? null, null, 2)}</pre>
            </div>
            <div>
              <h4>Output</h4>
              <pre className="code" data-testid="activity-output">{JSON.stringify(r.output ?? null, null, 2)}</pre>
            </div>
            {r.error ? (
              <div>
                <h4>Error</h4>
                <pre className="code error-text">{JSON.stringify(r.error, null, 2)}</pre>
              </div>
            ) : null}
          </div>
          {api ? (
            <button
              type="button"
              onClick={() => {
                void api
                  .logs(runId, r.activityRunId)
                  .then((l) => setLogs((x) => ({ ...x, [r.activityRunId]: l })))
                  .catch((e: unknown) => setLogs((x) => ({ ...x, [r.activityRunId]: String(e) })));
              }}
            >
              Show logs
            </button>
          ) : null}
          {logs[r.activityRunId] !== undefined ? <LogLines value={logs[r.activityRunId]} /> : null}
        </article>
      ))}
    </div>
  );
}

/** Log lines as the API answers them (`{value: [{at, level, message}]}`). */
export function LogLines({ value }: { value: unknown }): ReactNode {
  const lines = Array.isArray((value as { value?: unknown })?.value) ? ((value as { value: Array<{ at?: string; level?: string; message?: string }> }).value) : null;
  if (!lines) return <pre className="code">{typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>;
  if (!lines.length) return <p className="muted">No log lines.</p>;
  return (
    <pre className="code logs">
      {lines.map((l) => `${l.at ?? ''} ${String(l.level ?? '').toUpperCase()} ${l.message ?? ''}`).join('\n')}
    </pre>
  );
}
