/**
 * Editor of a dataset, linked service, trigger or data flow: a type select and a form rendered from the
 * type's schema (GET /api/dataset-types, /api/linkedservice-types) where one exists, the JSON always, and
 * the kind's actions — validate, save (with the ETag), test connection, preview rows.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ApiClient, ResourceSegment } from '../../api/client.js';
import { useApi } from '../../api/context.js';
import type { Problem, Schema, UiHint } from '../../model/types.js';
import { ColumnHeaders } from '../common/ColumnHeaders.js';
import { JsonEditor, type ParseResult } from '../common/JsonEditor.js';
import { FormProblemList, MessageBanner } from '../common/Notices.js';
import { DeleteButton, DocumentToolbar } from '../common/Toolbar.js';
import { useAction } from '../common/use-action.js';
import { saveOrExplain } from '../common/use-save.js';
import { SchemaForm, type ReferenceNames } from '../forms/SchemaForm.js';

interface ResourceDoc {
  name: string;
  properties: { type?: string; typeProperties?: Record<string, unknown>; linkedServiceName?: unknown; [key: string]: unknown };
  [key: string]: unknown;
}

/** Parses the JSON view's text as a resource, or says why it is not one. */
function parseResource(text: string): ParseResult<ResourceDoc> {
  try {
    const parsed = JSON.parse(text) as ResourceDoc;
    if (!parsed || typeof parsed.properties !== 'object') throw new Error('A resource is {"name", "properties": {…}}.');
    return { doc: parsed };
  } catch (err) {
    return { error: (err as Error).message };
  }
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
  const [problems, setProblems] = useState<Problem[]>([]);
  const { message, setMessage, act: run } = useAction(api, setProblems);
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
      return;
    }
    api.read<ResourceDoc>(segment, name).then((r) => {
      setDoc(r.doc);
      setEtag(r.etag);
      setSavedJson(JSON.stringify(r.doc));
    }, (e: unknown) => setMessage({ kind: 'error', text: (e as Error).message }));
  }, [api, segment, name, startedNew, setMessage]);

  const dirty = doc !== null && JSON.stringify(doc) !== savedJson;
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  const typeInfo = useMemo(() => types.find((t) => t.type.toLowerCase() === String(doc?.properties.type ?? '').toLowerCase()), [types, doc?.properties.type]);

  if (!doc) return message ? <p role="alert">{message.text}</p> : <p aria-busy="true">Loading {name}…</p>;

  // Every action's result is shown under the form (a preview's rows, a connection test's answer).
  const act = (what: string, fn: (api: ApiClient) => Promise<unknown>): Promise<void> =>
    run(what, async (api) => {
      setResult(await fn(api));
    });

  return (
    <div className="resource-editor">
      <DocumentToolbar label={`${segment} actions`} name={name} dirty={dirty}>
        <button
          type="button"
          onClick={() => void act('Save', async (api) => {
            const r = await saveOrExplain(api, segment, name, doc, etag, 'Someone else saved it after you opened it: reopen it to see their version, or save again to overwrite after reloading.');
            setEtag(r.etag);
            setSavedJson(JSON.stringify(doc));
            setProblems([]);
            onSaved();
            return undefined;
          })}
        >
          Save
        </button>
        <button type="button" onClick={() => void act('Validate', async (api) => {
          const p = await api.validate(segment, doc);
          setProblems(p);
          return { problems: p.length };
        })}>
          Validate
        </button>
        {segment === 'linkedservices' ? (
          <button type="button" onClick={() => void act('Test connection', (api) => api.testConnection(name))} disabled={!savedJson}>
            Test connection
          </button>
        ) : null}
        {segment === 'datasets' ? (
          <button type="button" onClick={() => void act('Preview data', (api) => api.preview(name, 10))} disabled={!savedJson}>
            Preview data
          </button>
        ) : null}
        <DeleteButton
          question={`Delete ${name}?`}
          disabled={!savedJson}
          onDelete={() => void act('Delete', async (api) => {
            await api.remove(segment, name);
            onSaved();
          })}
        />
      </DocumentToolbar>
      <MessageBanner message={message} />
      <FormProblemList problems={problems} />
      <div className="resource-body">
        {types.length ? (
          <section aria-label="Form">
            <div className="field">
              <label htmlFor="resource-type">Type</label>
              <select id="resource-type" value={doc.properties.type ?? ''} onChange={(e) => setDoc({ ...doc, properties: { ...doc.properties, type: e.target.value, typeProperties: {} } })}>
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
                  onChange={(e) => setDoc({ ...doc, properties: { ...doc.properties, linkedServiceName: { referenceName: e.target.value, type: 'LinkedServiceReference' } } })}
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
                onChange={(tp) => setDoc({ ...doc, properties: { ...doc.properties, typeProperties: tp } })}
              />
            ) : null}
          </section>
        ) : null}
        <section aria-label="JSON">
          <JsonEditor id="resource-json" label="JSON" doc={doc} parse={parseResource} onChange={setDoc} />
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
        <ColumnHeaders columns={columns} />
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
