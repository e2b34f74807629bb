/**
 * The data-flow editor, in the manner of ADF's data flow designer: a step palette, a canvas of the steps
 * (add by click or drag, connect by dragging from an output handle, delete, rename, auto layout), a panel
 * for the selected step (settings form from its type's JSON Schema, data preview), the data flow's
 * parameters, and a JSON view. The document is the single source of truth, held in an undo history;
 * saving uses the ETag it was read at, so a concurrent save is detected (412) and the user chooses.
 */
import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useApi } from '../../api/context.js';
import { push, redo, startHistory, undo, type History } from '../../model/history.js';
import type { Problem } from '../../model/types.js';
import { ConflictBanner, MessageBanner, ProblemList, type Message } from '../common/Notices.js';
import { historyActions } from '../common/Toolbar.js';
import { useSave } from '../common/use-save.js';
import { documentShortcut, useShortcuts } from '../common/use-shortcuts.js';
import type { ReferenceNames } from '../forms/SchemaForm.js';
import { DataFlowJson } from './DataFlowJson.js';
import { DataFlowToolbar } from './DataFlowToolbar.js';
import { addStep, checkDataFlow, connectSteps, disconnectInput, locateStep, moveInput, removeSteps, renameStep, stepNameProblem, stepsOf, typeInfo, withSteps } from './model.js';
import { StepCanvas } from './StepCanvas.js';
import { freeSpot, layoutSteps, STEP_WIDTH, toStepFlow, type Point } from './step-graph.js';
import { StepPalette } from './StepPalette.js';
import { StepPanel } from './StepPanel.js';
import type { DataFlowDoc, StepDoc, StepTypeInfo } from './types.js';
import { usePreview } from './use-preview.js';
import './dataflow.css';

/** Props of {@link DataFlowEditor}. */
export interface DataFlowEditorProps {
  name: string;
  /** A data flow not saved yet (created in the explorer). */
  isNew: boolean;
  references: ReferenceNames;
  onSaved(): void;
  onDirtyChange(dirty: boolean): void;
}

/** A new, empty Sluice data flow. */
export function newDataFlow(name: string): DataFlowDoc {
  return { name, properties: { type: 'SluiceDataFlow', typeProperties: { steps: [] } } };
}

/** Loads the data flow (or starts a new one) and the step catalog, then renders the editor. */
export function DataFlowEditor(props: DataFlowEditorProps): ReactNode {
  const api = useApi();
  const [loaded, setLoaded] = useState<{ doc: DataFlowDoc; etag: string | undefined; types: StepTypeInfo[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Whether it was new when opened: saving it later must not reload the editor.
  const [startedNew] = useState(props.isNew);
  useEffect(() => {
    setLoaded(null);
    setError(null);
    if (!api) {
      setLoaded({ doc: newDataFlow(props.name), etag: undefined, types: [] });
      return;
    }
    let live = true;
    Promise.all([
      api.dataFlowStepTypes<StepTypeInfo>().catch(() => [] as StepTypeInfo[]),
      startedNew ? Promise.resolve({ doc: newDataFlow(props.name), etag: undefined }) : api.read<DataFlowDoc>('dataflows', props.name),
    ]).then(
      ([types, r]) => {
        if (!live) return;
        const doc = r.doc.properties?.typeProperties ? r.doc : { ...r.doc, properties: { ...r.doc.properties, typeProperties: {} } };
        setLoaded({ doc, etag: r.etag, types });
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [api, props.name, startedNew]);
  if (error) return <p role="alert" className="error-text">Could not open data flow {props.name}: {error}</p>;
  if (!loaded) return <p aria-busy="true">Loading {props.name}…</p>;
  return (
    <ReactFlowProvider>
      <Editor key={props.name} {...props} initial={loaded.doc} initialEtag={loaded.etag} types={loaded.types} />
    </ReactFlowProvider>
  );
}

function Editor(props: DataFlowEditorProps & { initial: DataFlowDoc; initialEtag: string | undefined; types: StepTypeInfo[] }): ReactNode {
  const { types } = props;
  const api = useApi();
  const [history, setHistory] = useState<History<DataFlowDoc>>(() => startHistory(props.initial));
  const doc = history.present;
  const steps = stepsOf(doc);
  const sluice = doc.properties.type === 'SluiceDataFlow';
  const [positions, setPositions] = useState<Record<string, Point>>(() => layoutSteps(stepsOf(props.initial)));
  const [selection, setSelection] = useState<string[]>([]);
  const [selectedEdge, setSelectedEdge] = useState<string | null>(null);
  const [selectRequest, setSelectRequest] = useState<{ seq: number; names: string[]; edge: string | null }>({ seq: 0, names: [], edge: null });
  const [fitRequest, setFitRequest] = useState(0);
  const [revealRequest, setRevealRequest] = useState<{ seq: number; name: string | null }>({ seq: 0, name: null });
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<Message | null>(null);
  const [showJson, setShowJson] = useState(!sluice);
  const [tab, setTab] = useState('general');
  const preview = usePreview(api, props.name, doc);

  const commit = useCallback((next: DataFlowDoc) => setHistory((h) => (JSON.stringify(next) === JSON.stringify(h.present) ? h : push(h, next))), []);
  const replace = useCallback((theirs: DataFlowDoc) => setHistory((h) => push(h, theirs)), []);
  const saving = useSave({ api, segment: 'dataflows', noun: 'data flow', opened: props, doc, notify: setMessage, setProblems, onSaved: props.onSaved, replace });
  const { save } = saving;
  const commitSteps = (next: StepDoc[]): void => commit(withSteps(doc, next));
  const select = useCallback((names: string[], edge: string | null = null) => {
    setSelection(names);
    setSelectedEdge(edge);
    setSelectRequest((r) => ({ seq: r.seq + 1, names, edge }));
  }, []);

  // Steps without a position (added in the JSON, or by undo) are laid out with the others.
  const placed = useMemo(() => {
    if (steps.every((s) => positions[s.name])) return positions;
    return { ...layoutSteps(steps), ...positions };
  }, [steps, positions]);

  const stepOfProblem = useCallback((p: Problem): string | undefined => {
    const at = locateStep(p.pointer);
    return at ? steps[at.index]?.name : undefined;
  }, [steps]);
  const problemsByStep = useMemo(() => {
    const out: Record<string, Problem[]> = {};
    for (const p of problems) {
      const name = stepOfProblem(p);
      if (name) (out[name] ??= []).push(p);
    }
    return out;
  }, [problems, stepOfProblem]);

  const flow = useMemo(
    () => toStepFlow(steps, { positions: placed, types, problems: problemsByStep, ...(preview.stale ? {} : { rows: preview.rowsByStep }) }),
    [steps, placed, types, problemsByStep, preview.stale, preview.rowsByStep],
  );

  const add = (type: string, at?: Point): void => {
    const after = !at && selection.length === 1 ? selection[0] : undefined;
    const { steps: next, name } = addStep(steps, type, typeInfo(types, type), after);
    const base = after ? placed[after] : undefined;
    const right = Math.max(-STEP_WIDTH, ...Object.values(placed).map((p) => p.x)) + STEP_WIDTH + 70;
    const position = at ?? freeSpot(base ? { x: base.x + STEP_WIDTH + 70, y: base.y } : { x: steps.length ? right : 40, y: 40 }, placed);
    setPositions((all) => ({ ...placed, ...all, [name]: position }));
    commitSteps(next);
    select([name]);
    if (!at) setRevealRequest((r) => ({ seq: r.seq + 1, name }));
    setTab('settings');
    setMessage({ kind: 'info', text: `Added ${name}${after && next.find((s) => s.name === name)?.inputs?.length ? `, reading ${after}` : ''}.` });
  };

  const connect = (fromRef: string, to: string): void => {
    const r = connectSteps(steps, fromRef, to, types);
    if ('error' in r) {
      setMessage({ kind: 'error', text: r.error });
      return;
    }
    commitSteps(r.steps);
    setMessage({ kind: 'info', text: `${to} reads ${fromRef}.` });
  };

  const removeSelected = (names: string[], edgeIds: string[]): void => {
    let next = steps;
    const byIndex = edgeIds
      .map((id) => ({ target: id.slice(0, id.lastIndexOf('#')), index: Number(id.slice(id.lastIndexOf('#') + 1)) }))
      .sort((a, b) => b.index - a.index);
    for (const e of byIndex) next = disconnectInput(next, e.target, e.index);
    next = removeSteps(next, new Set(names));
    commitSteps(next);
    select([]);
  };

  const rename = (from: string, to: string): string | undefined => {
    const problem = stepNameProblem(steps, from, to);
    if (problem) return problem;
    commitSteps(renameStep(steps, from, to));
    setPositions((all) => {
      const mine = { ...placed, ...all };
      if (mine[from]) {
        mine[to] = mine[from] as Point;
        delete mine[from];
      }
      return mine;
    });
    select([to]);
    return undefined;
  };

  const layout = (): void => {
    setPositions(layoutSteps(steps));
    setFitRequest((n) => n + 1);
  };

  const validate = async (): Promise<void> => {
    const local = checkDataFlow(doc, types);
    let found = local;
    if (api) {
      try {
        const server = await api.validate('dataflows', doc);
        const seen = new Set(server.map((p) => `${p.pointer}|${p.message}`));
        found = [...server, ...local.filter((p) => !seen.has(`${p.pointer}|${p.message}`))];
      } catch (e) {
        setMessage({ kind: 'error', text: `Validate: ${(e as Error).message}` });
        setProblems(local);
        return;
      }
    }
    setProblems(found);
    const errors = found.filter((p) => (p.severity ?? 'error') === 'error').length;
    setMessage(errors ? { kind: 'error', text: `Validation found ${errors} error(s).` } : { kind: 'success', text: 'Your data flow has been validated. No errors were found (columns and SQL are checked by a data preview).' });
  };

  const runPreview = async (): Promise<void> => {
    const failed = await preview.run();
    if (failed === null) {
      setProblems([]);
      setMessage({ kind: 'success', text: 'Data preview: done.' });
    } else {
      setProblems(failed);
      setMessage({ kind: 'error', text: 'Data preview failed: see the problems.' });
    }
  };

  const deleteFlow = async (): Promise<void> => {
    if (!api) return;
    try {
      await api.remove('dataflows', props.name);
      saving.markDeleted();
      setMessage({ kind: 'info', text: `Deleted ${props.name}: saving it again creates it anew.` });
      props.onSaved();
    } catch (e) {
      setMessage({ kind: 'error', text: `Not deleted: ${(e as Error).message}` });
    }
  };

  useShortcuts((e) => {
    const shortcut = documentShortcut(e);
    if (shortcut) {
      e.preventDefault();
      if (shortcut === 'save') void save();
      else setHistory(shortcut === 'undo' ? undo : redo);
    } else if (e.shiftKey && e.key.toLowerCase() === 'l' && sluice && !showJson) {
      layout();
    }
  });

  const focusedIndex = selection.length === 1 ? steps.findIndex((s) => s.name === selection[0]) : -1;
  const focused = focusedIndex >= 0 ? (steps[focusedIndex] as StepDoc) : null;

  return (
    <div className="editor dataflow-editor">
      <DataFlowToolbar
        {...saving.toolbar}
        {...historyActions(history, setHistory)}
        canDelete={selection.length > 0 || selectedEdge !== null}
        canvas={sluice && !showJson}
        showJson={showJson}
        onValidate={() => void validate()}
        onDelete={() => removeSelected(selection, selectedEdge ? [selectedEdge] : [])}
        onLayout={layout}
        onToggleJson={() => setShowJson((v) => !v)}
        onDeleteFlow={() => void deleteFlow()}
      />
      <MessageBanner message={message} onDismiss={() => setMessage(null)} />
      {saving.conflict ? <ConflictBanner name={props.name} noun="data flow" onOverwrite={() => void saving.overwrite()} onLoadTheirs={saving.loadTheirs} onLater={saving.decideLater} /> : null}
      {!sluice ? (
        <p className="notice">
          This is a <code>{doc.properties.type}</code> data flow (ADF's data flow script): Sluice runs <code>SluiceDataFlow</code> documents, whose steps are edited on a canvas. Edit this one as JSON.
        </p>
      ) : null}
      <div className="editor-body">
        {sluice ? <StepPalette types={types} after={selection.length === 1 ? selection[0] : undefined} onAdd={(t) => add(t)} /> : null}
        <div className="editor-main">
          {showJson || !sluice ? (
            <DataFlowJson doc={doc} onChange={commit} />
          ) : (
            <StepCanvas
              nodes={flow.nodes}
              edges={flow.edges}
              fitRequest={fitRequest}
              selectRequest={selectRequest}
              revealRequest={revealRequest}
              onMove={(name, p) => setPositions((all) => ({ ...placed, ...all, [name]: p }))}
              onSelect={(names, edge) => {
                setSelection((current) => (current.length === names.length && current.every((x, i) => x === names[i]) ? current : names));
                setSelectedEdge(edge);
              }}
              onConnect={connect}
              onDelete={removeSelected}
              onDrop={(type, p) => add(type, p)}
            />
          )}
          {problems.length ? <ProblemList problems={problems} placeOf={stepOfProblem} onGo={(_, step) => select(step ? [step] : [])} /> : null}
          {sluice ? (
            <StepPanel
              doc={doc}
              steps={steps}
              step={focused}
              index={focusedIndex}
              types={types}
              problems={problems}
              references={props.references}
              tab={tab}
              onTab={setTab}
              onStepChange={(s) => commitSteps(steps.map((x, i) => (i === focusedIndex ? s : x)))}
              onRename={rename}
              onConnect={connect}
              onDisconnect={(to, i) => commitSteps(disconnectInput(steps, to, i))}
              onMoveInput={(to, i, d) => commitSteps(moveInput(steps, to, i, d))}
              onDocChange={commit}
              preview={{
                preview: preview.preview,
                stale: preview.stale,
                busy: preview.busy,
                error: preview.error,
                rows: preview.rows,
                onRowsChange: preview.setRows,
                parameters: doc.properties.typeProperties.parameters ?? {},
                values: preview.values,
                onValueChange: preview.setValue,
                onRun: () => void runPreview(),
              }}
            />
          ) : null}
        </div>
      </div>
    </div>
  );
}
