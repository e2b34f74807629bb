/**
 * The data-flow editor's toolbar: save, validate, undo and redo, delete the selection, auto layout, the
 * JSON view, and delete the data flow. Every button names its shortcut in its title.
 */
import type { ReactNode } from 'react';

/** Props of {@link DataFlowToolbar}. */
export interface DataFlowToolbarProps {
  name: string;
  dirty: boolean;
  busy: boolean;
  savedExists: boolean;
  canUndo: boolean;
  canRedo: boolean;
  canDelete: boolean;
  canvas: boolean;
  showJson: boolean;
  onSave(): void;
  onValidate(): void;
  onUndo(): void;
  onRedo(): void;
  onDelete(): void;
  onLayout(): void;
  onToggleJson(): void;
  onDeleteFlow(): void;
}

/** The toolbar. */
export function DataFlowToolbar(p: DataFlowToolbarProps): ReactNode {
  return (
    <div className="toolbar" role="toolbar" aria-label="Data flow actions">
      <strong className="doc-title">
        {p.name}
        {p.dirty ? <span className="dirty"> ● unsaved</span> : null}
      </strong>
      <button type="button" onClick={p.onSave} disabled={p.busy} title="Save (Ctrl+S)">
        Save
      </button>
      <button type="button" onClick={p.onValidate} title="Check the data flow with the server">
        Validate
      </button>
      <span className="sep" aria-hidden="true" />
      <button type="button" onClick={p.onUndo} disabled={!p.canUndo} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" onClick={p.onRedo} disabled={!p.canRedo} title="Redo (Ctrl+Y)">
        Redo
      </button>
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
      <button type="button" aria-pressed={p.showJson} onClick={p.onToggleJson} title="Show the data flow's JSON">
        {'{ } JSON'}
      </button>
      <span className="sep" aria-hidden="true" />
      <button type="button" className="danger" disabled={!p.savedExists} onClick={p.onDeleteFlow}>
        Delete data flow
      </button>
    </div>
  );
}
