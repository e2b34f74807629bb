/**
 * The Manage view's Global parameters page (ADF Studio: Manage › Global parameters): the factory-wide
 * constants that expressions read as `@pipeline().globalParameters.<name>`. It reads them with their ETag
 * (`GET /api/globalparameters`) and saves the whole set with `If-Match` through the shared `useSave`, so a
 * concurrent save offers the same choice as in the other editors, the server's problems land on the field
 * their pointer names, and leaving with unsaved changes asks first.
 */
import type { GlobalParameters as GlobalParameterSet } from '@sluice/engine';
import { useCallback, useEffect, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useApi } from '../../api/context.js';
import type { Problem } from '../../model/types.js';
import { ConflictBanner, FormProblemList, MessageBanner, type Message } from '../common/Notices.js';
import { DocumentToolbar, SaveButton } from '../common/Toolbar.js';
import { useSave, type SaveTarget } from '../common/use-save.js';
import { documentShortcut } from '../common/use-shortcuts.js';
import { docOf, nameProblems, normalized, rowsOf, type GlobalRow } from './globals-model.js';
import { GlobalParametersTable } from './GlobalParametersTable.js';
import './globals.css';

/** Props of {@link GlobalParameters}. */
export interface GlobalParametersProps {
  /** Reported as the page's work becomes unsaved or saved (the shell asks before leaving unsaved work). */
  onDirtyChange(dirty: boolean): void;
  /** After a save, with what was saved (the shell's expression completion follows it). */
  onSaved(globalParameters: GlobalParameterSet): void;
}

/** Loads the stored global parameters, then renders the page. */
export function GlobalParameters(props: GlobalParametersProps): ReactNode {
  const api = useApi();
  const [loaded, setLoaded] = useState<{ doc: GlobalParameterSet; etag: string | undefined } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!api) return;
    api.globalParameters().then((r) => setLoaded({ doc: normalized(r.doc), etag: r.etag }), (e: unknown) => setError((e as Error).message));
  }, [api]);
  if (error) return <p role="alert" className="error-text">Could not read the global parameters: {error}</p>;
  if (!loaded) return <p aria-busy="true">Loading the global parameters…</p>;
  return <GlobalParametersEditor {...props} initial={loaded.doc} initialEtag={loaded.etag} />;
}

/** Props of {@link GlobalParametersEditor}: the page's props and the set as read. */
export interface GlobalParametersEditorProps extends GlobalParametersProps {
  initial: GlobalParameterSet;
  initialEtag: string | undefined;
}

/** The page itself: toolbar, notices, description and the table. */
export function GlobalParametersEditor({ initial, initialEtag, onDirtyChange, onSaved }: GlobalParametersEditorProps): ReactNode {
  const api = useApi();
  const [rows, setRows] = useState<GlobalRow[]>(() => rowsOf(initial));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<Message | null>(null);
  const doc = useMemo(() => docOf(rows), [rows]);
  const names = useMemo(() => nameProblems(rows), [rows]);

  const target = useMemo<SaveTarget<GlobalParameterSet>>(() => ({
    read: async () => {
      if (!api) throw new Error('Not signed in.');
      const r = await api.globalParameters();
      return { doc: normalized(r.doc), etag: r.etag };
    },
    write: (d, etag) => (api ? api.saveGlobalParameters(d, etag) : Promise.reject(new Error('Not signed in.'))),
  }), [api]);
  const opened = useMemo(() => ({ name: 'global parameters', isNew: false, initial, initialEtag, onDirtyChange }), [initial, initialEtag, onDirtyChange]);
  const replace = useCallback((theirs: GlobalParameterSet) => setRows((now) => rowsOf(theirs, now.reduce((m, r) => Math.max(m, r.key), -1) + 1)), []);
  const saving = useSave({ api, segment: target, noun: 'set of global parameters', opened, doc, notify: setMessage, setProblems, onSaved: () => onSaved(doc), replace });

  const save = (): void => {
    if (names.size) {
      setMessage({ kind: 'error', text: `Not saved: ${names.size === 1 ? 'a name needs' : `${names.size} names need`} fixing first.` });
      return;
    }
    void saving.save();
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (documentShortcut(e.nativeEvent) !== 'save') return;
    e.preventDefault();
    save();
  };

  return (
    <div className="globals-page" onKeyDown={onKeyDown}>
      <DocumentToolbar label="Global parameter actions" name="Global parameters" dirty={saving.dirty}>
        <SaveButton busy={saving.busy} onSave={save} />
      </DocumentToolbar>
      <MessageBanner message={message} onDismiss={() => setMessage(null)} />
      {saving.conflict ? <ConflictBanner name="global parameters" noun="set of global parameters" onOverwrite={() => void saving.overwrite()} onLoadTheirs={saving.loadTheirs} onLater={saving.decideLater} /> : null}
      <FormProblemList problems={problems} />
      <section className="globals-body" aria-labelledby="globals-title">
        <h1 id="globals-title">Global parameters</h1>
        <p className="help">
          Constants of the whole factory, read in any pipeline&apos;s expressions as <code>@pipeline().globalParameters.&lt;name&gt;</code>. Runs
          started after a save see the new values; runs under way, and their reruns, keep the values they started with. Array and Object values
          are JSON.
        </p>
        <GlobalParametersTable rows={rows} onChange={setRows} problems={problems} names={names} />
      </section>
    </div>
  );
}
