/**
 * Saving a document with the ETag it was read at, shared by the canvas editors (pipelines, data flows):
 * what was last saved, whether the editor's copy differs (dirty, reported up and guarded on page unload),
 * and what happens on a 412 — the stored version is read and the user chooses (overwrite it, load it, or
 * decide later). One implementation, so both editors detect and resolve a concurrent save the same way.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, type ApiClient, type ResourceSegment, type Versioned } from '../../api/client.js';
import type { Problem } from '../../model/types.js';
import type { Message } from './Notices.js';
import type { SaveState } from './Toolbar.js';

/** What was last saved: its JSON (to tell dirty), its ETag, and whether the server has it at all. */
export interface SavedState {
  json: string;
  etag: string | undefined;
  exists: boolean;
}

/** The stored version found after a 412, with its ETag (to overwrite it, or to load it). */
export interface SaveConflict<D> {
  theirs: D;
  etag: string | undefined;
}

/** A document as an editor opened it: the props its loader hands the editor. */
export interface OpenedDoc<D> {
  name: string;
  /** Not stored yet: the first save creates it (no `If-Match`). */
  isNew: boolean;
  /** The document as read (or as created), and its ETag. */
  initial: D;
  initialEtag: string | undefined;
  onDirtyChange(dirty: boolean): void;
}

/**
 * Where a document that is not a named resource is read and written (the factory's global parameters): the
 * same `If-Match` contract as a resource, so it gets the same save and conflict handling.
 */
export interface SaveTarget<D> {
  read(): Promise<Versioned<D>>;
  write(doc: D, etag: string | undefined): Promise<Versioned<D>>;
}

/** Options of {@link useSave}. */
export interface UseSaveOptions<D> {
  api: ApiClient | null;
  /** The resource kind (read and saved by name), or a {@link SaveTarget} of its own. */
  segment: ResourceSegment | SaveTarget<D>;
  /** What the document is, in messages ("pipeline", "data flow"). */
  noun: string;
  opened: OpenedDoc<D>;
  /** The editor's current document. */
  doc: D;
  notify(message: Message): void;
  setProblems(problems: Problem[]): void;
  onSaved(): void;
  /** Makes `doc` the editor's document (one undo step): used to load theirs. */
  replace(doc: D): void;
}

/** What {@link useSave} gives the editor. */
export interface SaveControls<D> {
  saved: SavedState;
  /** The document differs from what was last saved. */
  dirty: boolean;
  /** A save is under way. */
  busy: boolean;
  /** The toolbar's part: name, unsaved marker, Save. */
  toolbar: SaveState;
  /** Set after a 412, until the user chooses. */
  conflict: SaveConflict<D> | null;
  /** Saves; true when it was stored (false after a conflict or a refusal, which it has reported). */
  save(): Promise<boolean>;
  /** Saves over the stored version found by the conflict. */
  overwrite(): Promise<boolean>;
  /** Takes the stored version found by the conflict as the document (mine is one undo away). */
  loadTheirs(): void;
  /** Closes the conflict choice; the next save meets the same 412. */
  decideLater(): void;
  /** After a delete: nothing is stored, so a save creates the document anew. */
  markDeleted(): void;
}

/**
 * Reports `dirty` to the shell (which asks before leaving) and, while dirty, asks the browser to confirm
 * closing or reloading the page.
 */
export function useUnsavedGuard(dirty: boolean, onDirtyChange: (dirty: boolean) => void): void {
  useEffect(() => {
    onDirtyChange(dirty); // a block, not an arrow's value: whatever the callback returns must not become a cleanup
  }, [dirty, onDirtyChange]);
  useEffect(() => {
    if (!dirty) return;
    const handler = (e: BeforeUnloadEvent): void => e.preventDefault();
    window.addEventListener('beforeunload', handler);
    return () => window.removeEventListener('beforeunload', handler);
  }, [dirty]);
}

/**
 * Save with `If-Match`: a success says "Saved {name}." and clears the problems; a 400 lands its problems;
 * a 412 reads the stored version and opens the conflict choice.
 */
export function useSave<D>(o: UseSaveOptions<D>): SaveControls<D> {
  const { api, segment, noun, doc, notify, setProblems, onSaved, replace } = o;
  const { name, initial, initialEtag, isNew, onDirtyChange } = o.opened;
  const [saved, setSaved] = useState<SavedState>(() => ({ json: JSON.stringify(initial), etag: initialEtag, exists: !isNew }));
  const [conflict, setConflict] = useState<SaveConflict<D> | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = JSON.stringify(doc) !== saved.json;
  useUnsavedGuard(dirty, onDirtyChange);

  const write = useCallback(async (overwrite?: { etag: string | undefined }): Promise<boolean> => {
    if (!api) return false;
    setBusy(true);
    try {
      const etag = overwrite ? overwrite.etag : saved.etag;
      const ifMatch = saved.exists || overwrite ? etag : undefined;
      const r = await (typeof segment === 'string' ? api.save(segment, name, doc, ifMatch) : segment.write(doc, ifMatch));
      setSaved({ json: JSON.stringify(doc), etag: r.etag, exists: true });
      setProblems([]);
      setConflict(null);
      notify({ kind: 'success', text: `Saved ${name}.` });
      onSaved();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        const theirs = await (typeof segment === 'string' ? api.read<D>(segment, name) : segment.read()).catch(() => null);
        if (theirs) setConflict({ theirs: theirs.doc, etag: theirs.etag });
        notify({ kind: 'error', text: `Someone else saved this ${noun} after you opened it.` });
      } else {
        if (e instanceof ApiError && e.problems.length) setProblems(e.problems);
        notify({ kind: 'error', text: `Not saved: ${(e as Error).message}` });
      }
      return false;
    } finally {
      setBusy(false);
    }
  }, [api, segment, name, noun, doc, saved, notify, setProblems, onSaved]);

  const save = (): Promise<boolean> => write();
  return {
    saved,
    dirty,
    busy,
    toolbar: { name, dirty, busy, savedExists: saved.exists, onSave: () => void save() },
    conflict,
    save,
    overwrite: () => (conflict ? write({ etag: conflict.etag }) : write()),
    loadTheirs: () => {
      if (!conflict) return;
      replace(conflict.theirs);
      setSaved({ json: JSON.stringify(conflict.theirs), etag: conflict.etag, exists: true });
      setConflict(null);
      notify({ kind: 'info', text: 'Loaded the stored version.' });
    },
    decideLater: () => setConflict(null),
    markDeleted: () => setSaved({ json: '', etag: undefined, exists: false }),
  };
}

/**
 * Save with `If-Match` for editors without the conflict choice (triggers, datasets, linked services):
 * a 412 becomes an error whose message (`conflictText`) says what happened and what to do.
 */
export async function saveOrExplain<D>(api: ApiClient, segment: ResourceSegment, name: string, doc: D, etag: string | undefined, conflictText: string): Promise<Versioned<D>> {
  try {
    return await api.save(segment, name, doc, etag);
  } catch (e) {
    if (e instanceof ApiError && e.status === 412) throw new Error(conflictText, { cause: e });
    throw e;
  }
}
