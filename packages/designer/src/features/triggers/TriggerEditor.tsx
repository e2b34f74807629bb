/**
 * The trigger editor: a form per trigger type (TriggerForm), the next fire times (FirePreview), the JSON
 * (editable, in step with the form both ways), and the trigger's actions — validate and save (with the
 * ETag it was read at; the server's problems land on their fields), Start and Stop (ADF's runtime state,
 * through `POST /api/triggers/{name}/start|stop`), delete. Start needs the saved version: a trigger service
 * runs what is stored, never the editor's copy.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useApi } from '../../api/context.js';
import type { Problem } from '../../model/types.js';
import { JsonEditor, type ParseResult } from '../common/JsonEditor.js';
import { FormProblemList, MessageBanner } from '../common/Notices.js';
import { DeleteButton, DocumentToolbar } from '../common/Toolbar.js';
import { useAction } from '../common/use-action.js';
import { saveOrExplain } from '../common/use-save.js';
import type { ReferenceNames } from '../forms/SchemaForm.js';
import { FirePreview } from './FirePreview.js';
import { freshTrigger, locateProblems, type TriggerDoc } from './trigger-model.js';
import { firePreview, firstRunParameters } from './trigger-preview.js';
import { TriggerForm } from './TriggerForm.js';

/** Props of {@link TriggerEditor}. */
export interface TriggerEditorProps {
  name: string;
  isNew: boolean;
  references: ReferenceNames;
  /** The factory's triggers (for tumbling-window dependencies). */
  triggers: string[];
  onSaved(): void;
  onDirtyChange(dirty: boolean): void;
  /** For a new trigger: the pipeline it starts (Add trigger in the pipeline editor). */
  forPipeline?: string | undefined;
}

/** Parses the JSON view's text as a trigger, or says why it is not one. */
function parseTrigger(text: string): ParseResult<TriggerDoc> {
  try {
    const parsed = JSON.parse(text) as TriggerDoc;
    if (!parsed || typeof parsed.properties !== 'object' || parsed.properties === null) throw new Error('A trigger is {"name", "properties": {"type", "typeProperties", "pipelines"}}.');
    return { doc: parsed };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** The editor. */
export function TriggerEditor({ name, isNew, references, triggers, onSaved, onDirtyChange, forPipeline }: TriggerEditorProps): ReactNode {
  const api = useApi();
  const [startedNew] = useState(isNew);
  const [doc, setDoc] = useState<TriggerDoc | null>(null);
  const [savedJson, setSavedJson] = useState('');
  const [etag, setEtag] = useState<string | undefined>();
  const [problems, setProblems] = useState<Problem[]>([]);
  const { message, setMessage, act } = useAction(api, setProblems);
  const [state, setState] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (startedNew || !api) {
      const fresh = freshTrigger(name, 'ScheduleTrigger', Date.now(), forPipeline);
      setDoc(fresh);
      return;
    }
    api.read<TriggerDoc>('triggers', name).then(
      (r) => {
        setDoc(r.doc);
        setEtag(r.etag);
        setSavedJson(JSON.stringify(r.doc));
      },
      (e: unknown) => setMessage({ kind: 'error', text: (e as Error).message }),
    );
    api.triggerState(name).then((s) => setState(s.runtimeState), () => setState(null));
  }, [api, name, startedNew, forPipeline, setMessage]);

  const dirty = doc !== null && JSON.stringify(doc) !== savedJson;
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  const preview = useMemo(() => (doc ? firePreview(doc, now) : null), [doc, now]);
  const firstParameters = useMemo(() => (doc && preview ? firstRunParameters(doc, preview.sample, now) : []), [doc, preview, now]);

  if (!doc || !preview) return message ? <p role="alert">{message.text}</p> : <p aria-busy="true">Loading {name}…</p>;

  const save = (): Promise<void> =>
    act('Save', async (api) => {
      const r = await saveOrExplain(api, 'triggers', name, doc, etag, 'Someone else saved this trigger after you opened it: reopen it to see their version.');
      setEtag(r.etag);
      setSavedJson(JSON.stringify(doc));
      setProblems([]);
      if (state === null) setState((await api.triggerState(name).catch(() => null))?.runtimeState ?? null);
      onSaved();
      return state === 'Started' ? 'Save: done. The trigger is started: trigger services pick the change up at once.' : undefined;
    });

  const setRuntime = (action: 'start' | 'stop'): Promise<void> =>
    act(action === 'start' ? 'Start' : 'Stop', async (api) => {
      const s = await api.setTriggerState(name, action);
      setState(s.runtimeState);
      return `${name} is ${s.runtimeState.toLowerCase()}.`;
    });

  // Problems the preview finds (an unknown time zone, a malformed time) are shown on their field at once.
  const located = locateProblems(problems);
  const shown = preview.problem?.pointer && !located.some((p) => p.pointer === preview.problem!.pointer) ? [...located, { ...preview.problem, severity: 'error' }] : located;
  const saved = savedJson !== '';

  return (
    <div className="resource-editor trigger-editor">
      <DocumentToolbar label="Trigger actions" name={name} dirty={dirty}>
        <button type="button" onClick={() => void save()}>
          Save
        </button>
        <button
          type="button"
          onClick={() => void act('Validate', async (api) => {
            const p = await api.validate('triggers', doc);
            setProblems(p);
            return p.length ? `Validate: ${p.length} problem${p.length === 1 ? '' : 's'}.` : 'Validate: no errors were found.';
          })}
        >
          Validate
        </button>
        <span className="sep" aria-hidden="true" />
        <button type="button" disabled={!saved || dirty || state === 'Started'} title={!saved || dirty ? 'Save first: a trigger runs its saved version.' : undefined} onClick={() => void setRuntime('start')}>
          ▶ Start
        </button>
        <button type="button" disabled={!saved || state !== 'Started'} onClick={() => void setRuntime('stop')}>
          ■ Stop
        </button>
        <span className="trigger-state" data-testid="trigger-state" aria-live="polite">
          State: <strong>{state === 'Started' ? '● Started' : state === 'Stopped' ? '○ Stopped' : saved ? '…' : 'not saved yet'}</strong>
        </span>
        <span className="sep" aria-hidden="true" />
        <DeleteButton
          question={`Delete ${name}?`}
          disabled={!saved}
          onDelete={() => void act('Delete', async (api) => {
            await api.remove('triggers', name);
            setSavedJson('');
            onSaved();
            return `${name} was deleted.`;
          })}
        />
      </DocumentToolbar>
      <MessageBanner message={message} />
      <FormProblemList problems={problems} />
      <div className="resource-body">
        <section aria-label="Form">
          <TriggerForm
            doc={doc}
            onChange={setDoc}
            problems={shown}
            references={references}
            triggers={triggers}
            saved={saved}
            sampleContext={{ trigger: preview.sample.trigger, ...(preview.sample.triggerBody !== undefined ? { triggerBody: preview.sample.triggerBody } : {}) }}
            now={() => Date.now()}
          />
        </section>
        <section aria-label="Preview and JSON">
          <FirePreview preview={preview} parameters={firstParameters} />
          <JsonEditor id="trigger-json" label="JSON" doc={doc} parse={parseTrigger} onChange={setDoc} />
        </section>
      </div>
    </div>
  );
}
