/**
 * Editor of a dataset, linked service, trigger or data flow: a type select and a form rendered from the
 * type's schema (GET /api/dataset-types, /api/linkedservice-types) where one exists, the JSON always, and
 * the kind's actions — validate, save (with the ETag), test connection, preview rows.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, type ResourceSegment } from '../../api/client.js';
import { useApi } from '../../api/context.js';
import type { Problem, Schema, UiHint } from '../../model/types.js';
import { SchemaForm, type ReferenceNames } from '../forms/SchemaForm.js';

interface ResourceDoc {
  name: string;
  properties: { type?: string; typeProperties?: Record<string, unknown>; linkedServiceName?: unknown; [key: string]: unknown };
  [key: string]: unknown;
}

/** A declared dataset or linked-service type. */
export interface DeclaredType {
  type: string;
  title: string;
  description: string;
  category: string;
  typeProperties: Schema;
  uiHints?: Record<string, UiHint>;
}

/** Props of {@link ResourceEditor}. */
export interface ResourceEditorProps {
  segment: ResourceSegment;
  name: string;
  isNew: boolean;
  types: DeclaredType[];
  references: ReferenceNames;
  onSaved(): void;
  onDirtyChange(dirty: boolean): void;
  /** For a new trigger: the pipeline it starts (Add trigger in the pipeline editor). */
  forPipeline?: string | undefined;
}

/** The editor. */
export function ResourceEditor({ segment, name, isNew, types, references, onSaved, onDirtyChange, forPipeline }: ResourceEditorProps): ReactNode {
  const api = useApi();
  const [doc, setDoc] = useState<ResourceDoc | null>(null);
  const [savedJson, setSavedJson] = useState('');
  const [etag, setEtag] = useState<string | undefined>();
  const [text, setText] = useState('');
  const [jsonError, setJsonError] = useState<string | undefined>();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<{ kind: 'error' | 'success' | 'info'; text: string } | null>(null);
  const [result, setResult] = useState<unknown>(undefined);
  const [startedNew] = useState(isNew);

  useEffect(() => {
    setDoc(null);
    setResult(undefined);
    setProblems([]);
    setMessage(null);
    if (startedNew || !api) {
      const fresh: ResourceDoc = {
        name,
        properties:
          segment === 'triggers'
            ? {
                type: 'ScheduleTrigger',
                typeProperties: { recurrence: { frequency: 'Day', interval: 1, startTime: new Date().toISOString().slice(0, 19) + 'Z', timeZone: 'UTC' } },
                pipelines: forPipeline ? [{ pipelineReference: { referenceName: forPipeline, type: 'PipelineReference' }, parameters: {} }] : [],
              }
          : segment === 'dataflows' ? { type: 'SluiceDataFlow', typeProperties: { steps: [] } }
          : { type: types[0]?.type ?? '', typeProperties: {} },
      };
      setDoc(fresh);
      setSavedJson('');
      setText(JSON.stringify(fresh, null, 2));
      return;
    }
    api.read<ResourceDoc>(segment, name).then((r) => {
      setDoc(r.doc);
      setEtag(r.etag);
      setSavedJson(JSON.stringify(r.doc));
      setText(JSON.stringify(r.doc, null, 2));
    }, (e: unknown) => setMessage({ kind: 'error', text: (e as Error).message }));
  }, [api, segment, name, startedNew]);

  const dirty = doc !== null && JSON.stringify(doc) !== savedJson;
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  const typeInfo = useMemo(() => types.find((t) => t.type.toLowerCase() === String(doc?.properties.type ?? '').toLowerCase()), [types, doc?.properties.type]);

  if (!doc) return message ? <p role="alert">{message.text}</p> : <p aria-busy="true">Loading {name}…</p>;

  const update = (next: ResourceDoc): void => {
    setDoc(next);
    setText(JSON.stringify(next, null, 2));
  };

  const act = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
    setMessage({ kind: 'info', text: `${what}…` });
    try {
      const r = await fn();
      setResult(r);
      setMessage({ kind: 'success', text: `${what}: done.` });
    } catch (e) {
      if (e instanceof ApiError && e.problems.length) setProblems(e.problems);
      setMessage({ kind: 'error', text: `${what}: ${(e as Error).message}` });
    }
  };

  return (
    <div className="resource-editor">
      <div className="toolbar" role="toolbar" aria-label={`${segment} actions`}>
        <strong className="doc-title">
          {name}
          {dirty ? <span className="dirty"> ● unsaved</span> : null}
        </strong>
        <button
          type="button"
          onClick={() => void act('Save', async () => {
            try {
              const r = await api!.save(segment, name, doc, etag);
              setEtag(r.etag);
              setSavedJson(JSON.stringify(doc));
              setProblems([]);
              onSaved();
              return undefined;
            } catch (e) {
              if (e instanceof ApiError && e.status === 412) throw new Error('Someone else saved it after you opened it: reopen it to see their version, or save again to overwrite after reloading.', { cause: e });
              throw e;
            }
          })}
        >
          Save
        </button>
        <button type="button" onClick={() => void act('Validate', async () => {
          const p = await api!.validate(segment, doc);
          setProblems(p);
          return { problems: p.length };
        })}>
          Validate
        </button>
        {segment === 'linkedservices' ? (
          <button type="button" onClick={() => void act('Test connection', () => api!.testConnection(name))} disabled={!savedJson}>
            Test connection
          </button>
        ) : null}
        {segment === 'datasets' ? (
          <button type="button" onClick={() => void act('Preview data', () => api!.preview(name, 10))} disabled={!savedJson}>
            Preview data
          </button>
        ) : null}
        <button
          type="button"
          className="danger"
          disabled={!savedJson}
          onClick={() => {
            if (window.confirm(`Delete ${name}?`)) void act('Delete', async () => {
              await api!.remove(segment, name);
              onSaved();
            });
          }}
        >
          Delete
        </button>
      </div>
      {message ? (
        <div className={`message message-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </div>
      ) : null}
      {problems.length ? (
        <ul className="problems" aria-label="Validation problems">
          {problems.map((p, i) => (
            <li key={i}>
              <span className="badge badge-error">{p.code}</span> <code>{p.pointer}</code> {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="resource-body">
        {types.length ? (
          <section aria-label="Form">
            <div className="field">
              <label htmlFor="resource-type">Type</label>
              <select id="resource-type" value={doc.properties.type ?? ''} onChange={(e) => update({ ...doc, properties: { ...doc.properties, type: e.target.value, typeProperties: {} } })}>
                <option value="">(choose)</option>
                {types.map((t) => (
                  <option key={t.type} value={t.type}>
                    {t.title} ({t.type})
                  </option>
                ))}
              </select>
            </div>
            {segment === 'datasets' ? (
              <div className="field">
                <label htmlFor="resource-ls">Linked service</label>
                <select
                  id="resource-ls"
                  value={(doc.properties.linkedServiceName as { referenceName?: string } | undefined)?.referenceName ?? ''}
                  onChange={(e) => update({ ...doc, properties: { ...doc.properties, linkedServiceName: { referenceName: e.target.value, type: 'LinkedServiceReference' } } })}
                >
                  <option value="">(choose)</option>
                  {references.linkedservices.map((n) => (
                    <option key={n}>{n}</option>
                  ))}
                </select>
              </div>
            ) : null}
            {typeInfo ? (
              <SchemaForm
                label={`${typeInfo.title} properties`}
                schema={typeInfo.typeProperties}
                hints={typeInfo.uiHints ?? {}}
                value={doc.properties.typeProperties ?? {}}
                problems={problems}
                problemBase="/properties/typeProperties"
                references={references}
                onChange={(tp) => update({ ...doc, properties: { ...doc.properties, typeProperties: tp } })}
              />
            ) : null}
          </section>
        ) : null}
        <section className="json-view" aria-label="JSON">
          <label htmlFor="resource-json">JSON</label>
          <textarea
            id="resource-json"
            className="code"
            spellCheck={false}
            value={text}
            aria-invalid={jsonError ? true : undefined}
            onChange={(e) => {
              setText(e.target.value);
              try {
                const parsed = JSON.parse(e.target.value) as ResourceDoc;
                if (!parsed || typeof parsed.properties !== 'object') throw new Error('A resource is {"name", "properties": {…}}.');
                setDoc(parsed);
                setJsonError(undefined);
              } catch (err) {
                setJsonError((err as Error).message);
              }
            }}
          />
          {jsonError ? <p role="alert" className="field-problems">{jsonError}</p> : null}
        </section>
      </div>
      {result !== undefined ? (
        <section aria-label="Result">
          <h3>Result</h3>
          <ResultView value={result} />
        </section>
      ) : null}
    </div>
  );
}

/** Shows a preview (rows as a table) or any other result as JSON. */
function ResultView({ value }: { value: unknown }): ReactNode {
  const rows = (value as { rows?: unknown })?.rows ?? (value as { value?: unknown })?.value;
  if (Array.isArray(rows) && rows.length && typeof rows[0] === 'object' && rows[0] !== null) {
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r as object)))];
    return (
      <table className="runs-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>{JSON.stringify((r as Record<string, unknown>)[c] ?? null)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return <pre className="code">{JSON.stringify(value, null, 2)}</pre>;
}
