/**
 * The parts every editor's toolbar shares: the toolbar itself with the document's name and its unsaved
 * marker (a symbol and a word, not a colour alone), Save, Undo and Redo, and the JSON view switch. Kept
 * here so each editor's toolbar says the same thing the same way, with its shortcut in each title.
 */
import type { Dispatch, ReactNode, SetStateAction } from 'react';
import { redo, undo, type History } from '../../model/history.js';

/** The document's part of a canvas editor's toolbar (see `useSave`'s `toolbar`). */
export interface SaveState {
  name: string;
  dirty: boolean;
  /** A save is under way. */
  busy: boolean;
  /** The server has the document (so it can be deleted, run, versioned). */
  savedExists: boolean;
  onSave(): void;
}

/** The undo history's part of a canvas editor's toolbar (see {@link historyActions}). */
export interface HistoryState {
  canUndo: boolean;
  canRedo: boolean;
  onUndo(): void;
  onRedo(): void;
}

/** Undo and Redo of an editor's history, as the toolbar takes them. */
export function historyActions<D>(history: History<D>, setHistory: Dispatch<SetStateAction<History<D>>>): HistoryState {
  return {
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
    onUndo: () => setHistory(undo),
    onRedo: () => setHistory(redo),
  };
}

/** Props of {@link DocumentToolbar}. */
export interface DocumentToolbarProps {
  /** The toolbar's accessible name ("Pipeline actions"). */
  label: string;
  /** The document's name. */
  name: string;
  dirty: boolean;
  children: ReactNode;
}

/** A `role="toolbar"` named `label`, opening with the document's name and "● unsaved" while dirty. */
export function DocumentToolbar({ label, name, dirty, children }: DocumentToolbarProps): ReactNode {
  return (
    <div className="toolbar" role="toolbar" aria-label={label}>
      <strong className="doc-title">
        {name}
        {dirty ? <span className="dirty" title="Unsaved changes"> ● unsaved</span> : null}
      </strong>
      {children}
    </div>
  );
}

/** Save, disabled while a save is under way (Ctrl+S does the same). */
export function SaveButton({ busy, onSave }: { busy: boolean; onSave(): void }): ReactNode {
  return (
    <button type="button" onClick={onSave} disabled={busy} title="Save (Ctrl+S)">
      Save
    </button>
  );
}

/** Undo and Redo of the editor's history. */
export function UndoRedoButtons({ canUndo, canRedo, onUndo, onRedo }: HistoryState): ReactNode {
  return (
    <>
      <button type="button" onClick={onUndo} disabled={!canUndo} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" onClick={onRedo} disabled={!canRedo} title="Redo (Ctrl+Y)">
        Redo
      </button>
    </>
  );
}

/** The "{ } JSON" switch between the canvas and the document's JSON; `noun` names the document in its title. */
export function JsonToggle({ pressed, noun, onToggle }: { pressed: boolean; noun: string; onToggle(): void }): ReactNode {
  return (
    <button type="button" aria-pressed={pressed} onClick={onToggle} title={`Show the ${noun}'s JSON`}>
      {'{ } JSON'}
    </button>
  );
}

/** Props of {@link DeleteButton}. */
export interface DeleteButtonProps {
  /** The button's words ("Delete", "Delete data flow"). */
  label?: string | undefined;
  /** What the confirmation asks ("Delete Nightly?"). */
  question: string;
  disabled: boolean;
  /** Called once the user confirmed. */
  onDelete(): void;
}

/** Deletes the stored document after the user confirms; marked as dangerous by its class and its words. */
export function DeleteButton({ label = 'Delete', question, disabled, onDelete }: DeleteButtonProps): ReactNode {
  return (
    <button
      type="button"
      className="danger"
      disabled={disabled}
      onClick={() => {
        if (window.confirm(question)) onDelete();
      }}
    >
      {label}
    </button>
  );
}
