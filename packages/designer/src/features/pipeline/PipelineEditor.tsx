/**
 * The pipeline editor: toolbar, breadcrumb, palette, canvas (or JSON view), properties panel, problems
 * and debug. The ADF document is the single source of truth, held in an undo history; the canvas is
 * derived from it. Saving uses the ETag it was read at, so a concurrent save is detected (412) and the
 * user chooses what happens.
 */
import type { GlobalParameters } from '@sluice/engine';
import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../api/client.js';
import { useApi } from '../../api/context.js';
import { describeElsewhere, resourceLabel } from '../../model/dependents.js';
import { addActivity, allNames, connect, copyActivities, dependencyConditions, pasteActivities, removeActivities, renameActivity, setDependency, wouldCycle } from '../../model/edits.js';
import { toFlow, type Point } from '../../model/graph.js';
import { push, redo, startHistory, undo, type History } from '../../model/history.js';
import { autoLayout } from '../../model/layout.js';
import { getActivities, locatePointer, scopePointer, setActivities, type ScopePath } from '../../model/scopes.js';
import type { ActivityDoc, ActivityTypeInfo, DependencyCondition, PipelineDoc, Problem } from '../../model/types.js';
import { ConflictBanner, MessageBanner, ProblemList, type Message } from '../common/Notices.js';
import { StatusBadge } from '../common/StatusBadge.js';
import { historyActions } from '../common/Toolbar.js';
import { useSave } from '../common/use-save.js';
import { documentShortcut, useShortcuts } from '../common/use-shortcuts.js';
import type { CompletionSource } from '../forms/expression-completion.js';
import type { ReferenceNames } from '../forms/SchemaForm.js';
import { previewValues } from '../globals/globals-model.js';
import { Canvas } from './Canvas.js';
import { EditorActionsContext } from './editor-actions.js';
import { JsonView } from './JsonView.js';
import { Palette } from './Palette.js';
import { ParametersDialog } from './ParametersDialog.js';
import { EditorToolbar } from './EditorToolbar.js';
import { PropertiesPanel } from './PropertiesPanel.js';
import { useRunEvents } from './run-events.js';
import { VersionsPanel } from './VersionsPanel.js';

/** Props of {@link PipelineEditor}. */
export interface PipelineEditorProps {
  name: string;
  /** A pipeline not saved yet (created in the explorer). */
  isNew: boolean;
  types: ActivityTypeInfo[];
  references: ReferenceNames;
  /** The factory's global parameters: completed after `pipeline().globalParameters.`, and the preview's values. */
  globalParameters?: GlobalParameters;
  onSaved(name: string): void;
  onDirtyChange(dirty: boolean): void;
  onOpenRun(runId: string): void;
  /** Opens a new trigger that starts this pipeline. */
  onAddTrigger(pipeline: string): void;
}

const NO_STATUSES: Record<string, string> = {};
const NO_GLOBALS: GlobalParameters = {};

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

const scopeKeyOf = (path: ScopePath): string => JSON.stringify(path);

/** Loads a pipeline (or starts a new one) and renders its editor. */
export function PipelineEditor(props: PipelineEditorProps): ReactNode {
  const api = useApi();
  const [loaded, setLoaded] = useState<{ doc: PipelineDoc; etag: string | undefined } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Whether the pipeline was new when opened: saving it later must not reload the editor.
  const [startedNew] = useState(props.isNew);
  useEffect(() => {
    setLoaded(null);
    setError(null);
    if (startedNew || !api) {
      setLoaded({ doc: { name: props.name, properties: { activities: [] } }, etag: undefined });
      return;
    }
    api.read<PipelineDoc>('pipelines', props.name).then(
      (r) => setLoaded({ doc: { ...r.doc, properties: { ...r.doc.properties, activities: r.doc.properties?.activities ?? [] } }, etag: r.etag }),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [api, props.name, startedNew]);
  if (error) return <p role="alert" className="error-text">Could not open pipeline {props.name}: {error}</p>;
  if (!loaded) return <p aria-busy="true">Loading {props.name}…</p>;
  return (
    <ReactFlowProvider>
      <Editor key={props.name} {...props} initial={loaded.doc} initialEtag={loaded.etag} />
    </ReactFlowProvider>
  );
}

function Editor(props: PipelineEditorProps & { initial: PipelineDoc; initialEtag: string | undefined }): ReactNode {
  const { types, references } = props;
  const globals = props.globalParameters ?? NO_GLOBALS;
  const api = useApi();
  const [history, setHistory] = useState<History<PipelineDoc>>(() => startHistory(props.initial));
  const doc = history.present;
  const [path, setPath] = useState<ScopePath>([]);
  const [positions, setPositions] = useState<Record<string, Record<string, Point>>>({});
  const [selection, setSelection] = useState<string[]>([]);
  const [selectedEdge, setSelectedEdge] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<Message | null>(null);
  const [showJson, setShowJson] = useState(false);
  const [showVersions, setShowVersions] = useState(false);
  const [fitRequest, setFitRequest] = useState(0);
  const [askParameters, setAskParameters] = useState<'debug' | 'trigger' | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const clipboard = useRef<ActivityDoc[]>([]);
  const live = useRunEvents(api, runId);

  const commit = useCallback((next: PipelineDoc) => setHistory((h) => push(h, next)), []);
  const saving = useSave({ api, segment: 'pipelines', noun: 'pipeline', opened: props, doc, notify: setMessage, setProblems, onSaved: () => props.onSaved(props.name), replace: commit });
  const { saved, save } = saving;

  // The list on the canvas; a stale path (container renamed or removed by undo) falls back to the top.
  let activities: ActivityDoc[];
  let currentPath = path;
  try {
    activities = getActivities(doc, path);
  } catch {
    currentPath = [];
    activities = doc.properties.activities;
  }
  const scopeKey = scopeKeyOf(currentPath);
  const scopePositions = useMemo(() => {
    const known = positions[scopeKey] ?? {};
    if (activities.every((a) => known[a.name])) return known;
    return { ...autoLayout(activities), ...known };
  }, [positions, scopeKey, activities]);

  const typeTitles = useMemo(() => Object.fromEntries(types.map((t) => [t.type.toLowerCase(), { title: t.title, category: t.category }])), [types]);
  const typeInfoOf = useCallback((type: string) => types.find((t) => t.type.toLowerCase() === type.toLowerCase()), [types]);

  const problemsByNode = useMemo(() => {
    const out: Record<string, Problem[]> = {};
    for (const p of problems) {
      if (!p.pointer) continue;
      const target = locatePointer(doc, p.pointer);
      const inScope = currentPath.every((s, i) => target.path[i]?.activity === s.activity && target.path[i]?.slot === s.slot);
      if (!inScope) continue;
      const name = target.path.length > currentPath.length ? target.path[currentPath.length]!.activity : target.activity;
      if (name) (out[name] ??= []).push(p);
    }
    return out;
  }, [problems, doc, currentPath]);

  const selectedSet = useMemo(() => new Set(selection), [selection]);
  const flow = useMemo(
    () => toFlow(activities, { positions: scopePositions, statuses: live?.statuses ?? NO_STATUSES, problems: problemsByNode, typeTitles }),
    [activities, scopePositions, live?.statuses, problemsByNode, typeTitles],
  );
  // Selection lives in React Flow's state; the editor only asks for a selection after its own edits.
  const [selectRequest, setSelectRequest] = useState<{ seq: number; names: string[]; edge: string | null }>({ seq: 0, names: [], edge: null });
  const select = useCallback((names: string[], edge: string | null = null) => {
    setSelection(names);
    setSelectedEdge(edge);
    setSelectRequest((r) => ({ seq: r.seq + 1, names, edge }));
  }, []);

  const editList = useCallback((fn: (list: ActivityDoc[]) => ActivityDoc[]) => setHistory((h) => {
    let list: ActivityDoc[];
    try {
      list = getActivities(h.present, currentPath);
    } catch {
      return h;
    }
    return push(h, setActivities(h.present, currentPath, fn(list)));
  }), [currentPath]);

  const setPosition = useCallback((name: string, p: Point) => setPositions((all) => ({ ...all, [scopeKey]: { ...scopePositions, ...(all[scopeKey] ?? {}), [name]: p } })), [scopeKey, scopePositions]);

  const add = useCallback((type: string, at?: Point) => {
    const info = typeInfoOf(type);
    const { list, name } = addActivity(activities, info?.type ?? type, info?.type ?? type, allNames(doc.properties.activities));
    const position = at ?? { x: Math.max(0, ...Object.values(scopePositions).map((p) => p.x)) + (activities.length ? 260 : 40), y: 40 };
    setPositions((all) => ({ ...all, [scopeKey]: { ...scopePositions, ...(all[scopeKey] ?? {}), [name]: position } }));
    editList(() => list);
    select([name]);
    setMessage({ kind: 'info', text: `Added ${name}.` });
  }, [activities, doc, editList, scopeKey, scopePositions, typeInfoOf, select]);

  const removeSelected = useCallback((names: string[], edgeIds: string[]) => {
    editList((list) => {
      let next = removeActivities(list, new Set(names));
      for (const id of edgeIds) {
        const [from, to] = id.split('->');
        if (from && to) next = setDependency(next, from, to, []);
      }
      return next;
    });
    select([]);
  }, [editList, select]);

  const onConnect = useCallback((from: string, to: string, condition: DependencyCondition) => {
    if (wouldCycle(activities, from, to) && !dependencyConditions(activities, from, to).length) {
      setMessage({ kind: 'error', text: `${to} cannot depend on ${from}: that would make a cycle.` });
      return;
    }
    editList((list) => connect(list, from, to, condition));
    select([], `${from}->${to}`);
  }, [activities, editList, select]);

  const onSelect = useCallback((names: string[], edge: string | null) => {
    setSelection((current) => (sameList(current, names) ? current : names));
    setSelectedEdge(edge);
  }, []);

  const openScope = useCallback((activity: string, slot: string) => {
    setPath([...currentPath, { activity, slot }]);
    select([]);
  }, [currentPath, select]);

  const openNode = useCallback((name: string) => {
    const a = activities.find((x) => x.name === name);
    const slot = a ? ['activities', 'ifTrueActivities', 'defaultActivities'].find((s) => Array.isArray(a.typeProperties?.[s])) : undefined;
    if (slot) openScope(name, slot);
  }, [activities, openScope]);

  const rename = useCallback((from: string, to: string): string | undefined => {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_ -]*$/.test(to)) return 'A name holds letters, digits, spaces, _ and -, and starts with a letter, digit or _.';
    if (allNames(doc.properties.activities).some((n) => n.toLowerCase() === to.toLowerCase() && n !== from)) return `Another activity is already named ${to}.`;
    editList((list) => renameActivity(list, from, to));
    setPositions((all) => {
      const mine = { ...(all[scopeKey] ?? scopePositions) };
      if (mine[from]) {
        mine[to] = mine[from]!;
        delete mine[from];
      }
      return { ...all, [scopeKey]: mine };
    });
    select([to]);
    return undefined;
  }, [doc, editList, scopeKey, scopePositions, select]);

  const validate = useCallback(async (): Promise<Problem[] | null> => {
    if (!api) return null;
    try {
      const found = await api.validate('pipelines', doc);
      setProblems(found);
      const errors = found.filter((p) => (p.severity ?? 'error') === 'error').length;
      setMessage(errors ? { kind: 'error', text: `Validation found ${errors} error(s).` } : { kind: 'success', text: found.length ? `Valid, with ${found.length} warning(s).` : 'Your pipeline has been validated. No errors were found.' });
      return found;
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
      return null;
    }
  }, [api, doc]);

  // Publish: ADF checks the whole factory before it goes live. Here, the pipeline's own problems and those it
  // would cause elsewhere (a trigger or a parent no longer giving a required parameter) block it; then it saves.
  const publish = useCallback(async (): Promise<void> => {
    if (!api) return;
    try {
      const found = (await api.validate('pipelines', doc, 'dependents')).map(describeElsewhere);
      setProblems(found);
      const errors = found.filter((p) => (p.severity ?? 'error') === 'error');
      const elsewhere = new Set(errors.map(resourceLabel).filter((l) => l !== undefined));
      if (errors.length) {
        setMessage({ kind: 'error', text: `Not published: ${errors.length} error(s)${elsewhere.size ? `, in ${[...elsewhere].join(', ')}` : ''}.` });
        return;
      }
      if (await save()) setMessage({ kind: 'success', text: `Published ${props.name}: saved; it and everything that uses it are valid.` });
    } catch (e) {
      setMessage({ kind: 'error', text: `Not published: ${(e as Error).message}` });
    }
  }, [api, doc, save, props.name]);

  const triggerNow = useCallback(async (parameters: Record<string, unknown>) => {
    if (!api) return;
    setAskParameters(null);
    try {
      const id = await api.startRun(props.name, parameters);
      setMessage({ kind: 'info', text: `Run ${id} started.` });
      props.onOpenRun(id);
    } catch (e) {
      setMessage({ kind: 'error', text: `Run not started: ${(e as Error).message}` });
    }
  }, [api, props]);

  const startDebug = useCallback(async (parameters: Record<string, unknown>) => {
    if (!api) return;
    setAskParameters(null);
    try {
      const id = await api.debug(doc, parameters, props.name);
      setRunId(id);
      setProblems([]);
      setMessage({ kind: 'info', text: `Debug run ${id} started.` });
    } catch (e) {
      if (e instanceof ApiError && e.problems.length) setProblems(e.problems);
      setMessage({ kind: 'error', text: `Debug not started: ${(e as Error).message}` });
    }
  }, [api, doc, props.name]);

  const copy = useCallback(() => {
    clipboard.current = copyActivities(activities, selectedSet);
    if (clipboard.current.length) setMessage({ kind: 'info', text: `Copied ${clipboard.current.length} activit${clipboard.current.length === 1 ? 'y' : 'ies'}.` });
  }, [activities, selectedSet]);

  const paste = useCallback(() => {
    if (!clipboard.current.length) return;
    const { list, names } = pasteActivities(activities, clipboard.current, allNames(doc.properties.activities));
    const offset = { x: 40, y: 120 };
    setPositions((all) => {
      const mine = { ...scopePositions, ...(all[scopeKey] ?? {}) };
      clipboard.current.forEach((a, i) => {
        const p = mine[a.name] ?? { x: 40, y: 40 };
        mine[names[i]!] = { x: p.x + offset.x, y: p.y + offset.y };
      });
      return { ...all, [scopeKey]: mine };
    });
    editList(() => list);
    select(names);
  }, [activities, doc, editList, scopeKey, scopePositions, select]);

  const layout = useCallback(() => {
    setPositions((all) => ({ ...all, [scopeKey]: autoLayout(activities) }));
    setFitRequest((n) => n + 1);
  }, [activities, scopeKey]);

  // Shortcuts work wherever focus is (a deleted node takes focus with it), except while typing.
  useShortcuts((e) => {
    const shortcut = documentShortcut(e);
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (shortcut) {
      e.preventDefault();
      if (shortcut === 'save') void save();
      else setHistory(shortcut === 'undo' ? undo : redo);
    } else if (mod && key === 'c') {
      copy();
    } else if (mod && key === 'v') {
      e.preventDefault();
      paste();
    } else if (mod && key === 'a') {
      e.preventDefault();
      select(activities.map((a) => a.name));
    } else if (e.shiftKey && key === 'l') {
      layout();
    } else if (key === 'escape' && currentPath.length) {
      setPath(currentPath.slice(0, -1));
    }
  });

  const focused = selection.length === 1 ? activities.find((a) => a.name === selection[0]) ?? null : null;
  const edgeSel = selectedEdge ? (() => {
    const [from, to] = selectedEdge.split('->');
    return from && to ? { from, to, conditions: dependencyConditions(activities, from, to) } : null;
  })() : null;
  const listPointer = (() => {
    try {
      return scopePointer(doc, currentPath);
    } catch {
      return '/properties/activities';
    }
  })();
  const activityPointer = focused ? `${listPointer}/${activities.indexOf(focused)}` : '';

  const completion: CompletionSource = useMemo(() => {
    const upstream = new Set<string>();
    if (focused) {
      const byName = new Map(activities.map((a) => [a.name, a]));
      const stack = (focused.dependsOn ?? []).map((d) => d.activity);
      while (stack.length) {
        const n = stack.pop()!;
        if (upstream.has(n)) continue;
        upstream.add(n);
        for (const d of byName.get(n)?.dependsOn ?? []) stack.push(d.activity);
      }
    }
    const defaults = (specs: Record<string, { defaultValue?: unknown }> | undefined): Record<string, unknown> =>
      Object.fromEntries(Object.entries(specs ?? {}).filter(([, v]) => v.defaultValue !== undefined).map(([k, v]) => [k, v.defaultValue]));
    return {
      sampleContext: { pipeline: { parameters: defaults(doc.properties.parameters), globalParameters: previewValues(globals), RunId: 'preview' }, variables: defaults(doc.properties.variables) },
      parameters: Object.keys(doc.properties.parameters ?? {}),
      globalParameters: Object.keys(globals),
      variables: Object.keys(doc.properties.variables ?? {}),
      activities: [...upstream],
      inForEach: currentPath.some((s) => {
        try {
          return s.slot === 'activities' && getActivities(doc, currentPath.slice(0, currentPath.indexOf(s))).find((a) => a.name === s.activity)?.type.toLowerCase() === 'foreach';
        } catch {
          return false;
        }
      }),
    };
  }, [doc, focused, activities, currentPath, globals]);

  const declaredParameters = doc.properties.parameters ?? {};
  const actions = useMemo(() => ({ openScope, selectEdge: (id: string) => select([], id) }), [openScope, select]);

  return (
    <EditorActionsContext.Provider value={actions}>
      <div className="editor">
        <EditorToolbar
          {...saving.toolbar}
          {...historyActions(history, setHistory)}
          canCopy={selection.length > 0}
          canDelete={selection.length > 0 || selectedEdge !== null}
          showJson={showJson}
          showVersions={showVersions}
          onValidate={() => void validate()}
          onPublish={() => void publish()}
          onDebug={() => (Object.keys(declaredParameters).length ? setAskParameters('debug') : void startDebug({}))}
          onTriggerNow={() => (Object.keys(declaredParameters).length ? setAskParameters('trigger') : void triggerNow({}))}
          onAddTrigger={() => props.onAddTrigger(props.name)}
          onCopy={copy}
          onPaste={paste}
          onDelete={() => removeSelected(selection, selectedEdge ? [selectedEdge] : [])}
          onLayout={layout}
          onFit={() => setFitRequest((n) => n + 1)}
          onToggleJson={() => setShowJson((v) => !v)}
          onToggleVersions={() => setShowVersions((v) => !v)}
        />
        <MessageBanner message={message} onDismiss={() => setMessage(null)} />
        {saving.conflict ? <ConflictBanner name={props.name} noun="pipeline" onOverwrite={() => void saving.overwrite()} onLoadTheirs={saving.loadTheirs} onLater={saving.decideLater} /> : null}
        {live ? (
          <div className="debug-bar" role="status" aria-live="polite">
            Debug run <code>{live.runId}</code>: <StatusBadge status={live.status} />
            {live.error ? <span className="muted"> {live.error}</span> : null}
            <button type="button" className="link" onClick={() => props.onOpenRun(live.runId)}>
              Open in monitor
            </button>
          </div>
        ) : null}
        <nav className="breadcrumb" aria-label="Canvas level">
          <ol>
            <li>
              {currentPath.length ? (
                <button type="button" className="link" onClick={() => setPath([])}>
                  {props.name}
                </button>
              ) : (
                <span aria-current="page">{props.name}</span>
              )}
            </li>
            {currentPath.map((s, i) => (
              <li key={i}>
                {i < currentPath.length - 1 ? (
                  <button type="button" className="link" onClick={() => setPath(currentPath.slice(0, i + 1))}>
                    {s.activity} › {s.slot}
                  </button>
                ) : (
                  <span aria-current="page">
                    {s.activity} › {s.slot}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </nav>
        <div className="editor-body">
          <Palette types={types} onAdd={(t) => add(t)} />
          <div className="editor-main">
            {showJson ? (
              <JsonView doc={doc} onChange={commit} />
            ) : (
              <Canvas
                nodes={flow.nodes}
                edges={flow.edges}
                scopeKey={scopeKey}
                selectRequest={selectRequest}
                fitRequest={fitRequest}
                onMove={setPosition}
                onSelect={onSelect}
                onConnect={onConnect}
                onDelete={removeSelected}
                onDrop={(type, p) => add(type, p)}
                onOpen={openNode}
              />
            )}
            {showVersions ? (
              <VersionsPanel
                name={props.name}
                savedEtag={saved.etag}
                onClose={() => setShowVersions(false)}
                onOpen={(version, n) => {
                  commit({ ...version, properties: { ...version.properties, activities: version.properties?.activities ?? [] } });
                  setMessage({ kind: 'info', text: `Opened version ${n}: save to make it the newest version, or undo.` });
                }}
              />
            ) : null}
            {problems.length ? <ProblemList problems={problems} onGo={(p) => {
              if (!p.pointer) return;
              const t = locatePointer(doc, p.pointer);
              setPath(t.path);
              select(t.activity ? [t.activity] : []);
            }} /> : null}
            <PropertiesPanel
              doc={doc}
              activity={focused}
              activityPointer={activityPointer}
              typeInfo={focused ? typeInfoOf(focused.type) : undefined}
              edge={edgeSel}
              problems={problems}
              references={references}
              completion={completion}
              activityRuns={live?.activityRuns ?? []}
              runId={live?.runId ?? null}
              onActivityChange={(a) => editList((list) => list.map((x) => (x.name === a.name ? a : x)))}
              onRename={rename}
              onPipelineChange={commit}
              onEdgeChange={(conds) => {
                if (!edgeSel) return;
                editList((list) => setDependency(list, edgeSel.from, edgeSel.to, conds));
                if (!conds.length) select([]);
              }}
            />
          </div>
        </div>
        {askParameters ? (
          <ParametersDialog parameters={declaredParameters} onCancel={() => setAskParameters(null)} onRun={(p) => void (askParameters === 'debug' ? startDebug(p) : triggerNow(p))} />
        ) : null}
      </div>
    </EditorActionsContext.Provider>
  );
}
