/**
 * The data-flow editor's toolbar: save, validate, undo and redo, delete the selection, auto layout, the
 * JSON view, and delete the data flow. Every button names its shortcut in its title.
 */
import type { ReactNode } from 'react';
import { DeleteButton, DocumentToolbar, JsonToggle, SaveButton, UndoRedoButtons, type HistoryState, type SaveState } from '../common/Toolbar.js';

/** Props of {@link DataFlowToolbar}. */
export interface DataFlowToolbarProps extends SaveState, HistoryState {
  canDelete: boolean;
  canvas: boolean;
  showJson: boolean;
  onValidate(): void;
  onDelete(): void;
  onLayout(): void;
  onToggleJson(): void;
  /** Deletes the stored data flow (the user has confirmed). */
  onDeleteFlow(): void;
}

/** The toolbar. */
export function DataFlowToolbar(p: DataFlowToolbarProps): ReactNode {
  return (
    <DocumentToolbar label="Data flow actions" name={p.name} dirty={p.dirty}>
      <SaveButton busy={p.busy} onSave={p.onSave} />
      <button type="button" onClick={p.onValidate} title="Check the data flow with the server">
        Validate
      </button>
      <span className="sep" aria-hidden="true" />
      <UndoRedoButtons canUndo={p.canUndo} canRedo={p.canRedo} onUndo={p.onUndo} onRedo={p.onRedo} />
      {p.canvas ? (
        <>
          <button type="button" onClick={p.onDelete} disabled={!p.canDelete} title="Delete the selected steps or connection (Delete)">
            Delete selection
          </button>
          <button type="button" onClick={p.onLayout} title="Auto layout (Shift+L)">
            Auto layout
          </button>
        </>
      ) : null}
      <JsonToggle pressed={p.showJson} noun="data flow" onToggle={p.onToggleJson} />
      <span className="sep" aria-hidden="true" />
      <DeleteButton label="Delete data flow" question={`Delete the data flow ${p.name}?`} disabled={!p.savedExists} onDelete={p.onDeleteFlow} />
    </DocumentToolbar>
  );
}
