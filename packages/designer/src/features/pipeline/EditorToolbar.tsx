/**
 * The pipeline editor's toolbar: document actions (save, validate, publish, debug, trigger), editing actions (undo,
 * redo, copy, paste, delete), view actions (layout, fit, JSON, versions). Each button says its shortcut.
 */
import type { ReactNode } from 'react';
import { DocumentToolbar, JsonToggle, SaveButton, UndoRedoButtons, type HistoryState, type SaveState } from '../common/Toolbar.js';

/** Props of {@link EditorToolbar}. */
export interface EditorToolbarProps extends SaveState, HistoryState {
  canCopy: boolean;
  canDelete: boolean;
  showJson: boolean;
  showVersions: boolean;
  onValidate(): void;
  /** Validates this pipeline and what uses it, then saves. */
  onPublish(): void;
  onDebug(): void;
  onTriggerNow(): void;
  onAddTrigger(): void;
  onCopy(): void;
  onPaste(): void;
  onDelete(): void;
  onLayout(): void;
  onFit(): void;
  onToggleJson(): void;
  onToggleVersions(): void;
}

/** The toolbar. */
export function EditorToolbar(p: EditorToolbarProps): ReactNode {
  return (
    <DocumentToolbar label="Pipeline actions" name={p.name} dirty={p.dirty}>
      <SaveButton busy={p.busy} onSave={p.onSave} />
      <button type="button" onClick={p.onValidate} title="Validate against the factory">
        Validate
      </button>
      <button type="button" onClick={p.onPublish} disabled={p.busy} title="Check this pipeline and everything that uses it (triggers, parent pipelines), then save: a saved pipeline is live">
        Publish
      </button>
      <button type="button" onClick={p.onDebug} title="Run this version of the pipeline now, saved or not">
        Debug
      </button>
      <button
        type="button"
        disabled={p.dirty || !p.savedExists}
        onClick={p.onTriggerNow}
        title={p.dirty || !p.savedExists ? 'Save first: Trigger now runs the saved pipeline' : 'Start a run of the saved pipeline'}
      >
        Trigger now
      </button>
      <button type="button" disabled={!p.savedExists} onClick={p.onAddTrigger} title={p.savedExists ? 'Create a trigger that starts this pipeline' : 'Save the pipeline first'}>
        Add trigger
      </button>
      <span className="sep" aria-hidden="true" />
      <UndoRedoButtons canUndo={p.canUndo} canRedo={p.canRedo} onUndo={p.onUndo} onRedo={p.onRedo} />
      <button type="button" onClick={p.onCopy} disabled={!p.canCopy} title="Copy (Ctrl+C)">
        Copy
      </button>
      <button type="button" onClick={p.onPaste} title="Paste (Ctrl+V)">
        Paste
      </button>
      <button type="button" onClick={p.onDelete} disabled={!p.canDelete} title="Delete (Delete)">
        Delete
      </button>
      <button type="button" onClick={p.onLayout} title="Auto layout (Shift+L)">
        Auto layout
      </button>
      <button type="button" onClick={p.onFit} title="Zoom to fit">
        Zoom to fit
      </button>
      <JsonToggle pressed={p.showJson} noun="pipeline" onToggle={p.onToggleJson} />
      <button type="button" aria-pressed={p.showVersions} disabled={!p.savedExists} onClick={p.onToggleVersions} title="Saved versions of this pipeline">
        Versions
      </button>
    </DocumentToolbar>
  );
}
