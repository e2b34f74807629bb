/**
 * The studio's frame after sign-in: a header with Author, Monitor and Manage (global parameters), the factory
 * explorer, and the editor of the open resource. Loads the catalogs (activity, dataset and linked-service types,
 * global parameters) and the resource lists once, and again after a save. Leaving a resource with unsaved
 * changes asks first.
 */
import type { GlobalParameters as GlobalParameterSet } from '@sluice/engine';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ApiClient, ResourceSegment, ResourceSummary } from '../../api/client.js';
import { ApiContext } from '../../api/context.js';
import type { ActivityTypeInfo } from '../../model/types.js';
import { DataFlowEditor } from '../dataflow/DataFlowEditor.js';
import { Explorer, KINDS } from '../explorer/Explorer.js';
import type { ReferenceNames } from '../forms/SchemaForm.js';
import { GlobalParameters } from '../globals/GlobalParameters.js';
import { Monitor } from '../monitor/Monitor.js';
import { PipelineEditor } from '../pipeline/PipelineEditor.js';
import { ResourceEditor, type DeclaredType } from '../resources/ResourceEditor.js';
import { TriggerEditor } from '../triggers/TriggerEditor.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { NameDialog } from './NameDialog.js';

/** Props of {@link Shell}. */
export interface ShellProps {
  api: ApiClient;
  onSignOut(): void;
}

type Open = { segment: ResourceSegment; name: string; isNew: boolean; forPipeline?: string } | null;

/** The signed-in studio. */
export function Shell({ api, onSignOut }: ShellProps): ReactNode {
  const [view, setView] = useState<'author' | 'monitor' | 'manage'>('author');
  const [types, setTypes] = useState<ActivityTypeInfo[]>([]);
  const [declared, setDeclared] = useState<{ datasets: DeclaredType[]; linkedservices: DeclaredType[] }>({ datasets: [], linkedservices: [] });
  const [resources, setResources] = useState<Partial<Record<ResourceSegment, ResourceSummary[]>>>({});
  const [open, setOpen] = useState<Open>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [creating, setCreating] = useState<ResourceSegment | null>(null);
  const [triggerFor, setTriggerFor] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [globals, setGlobals] = useState<GlobalParameterSet>({});
  const dirty = useRef(false);

  const refresh = useCallback(async () => {
    const lists = await Promise.all(KINDS.map(async (k) => [k.segment, await api.list(k.segment).catch(() => [])] as const));
    setResources(Object.fromEntries(lists));
  }, [api]);

  useEffect(() => {
    api.activityTypes().then(setTypes, (e: unknown) => setError(`Activity types: ${(e as Error).message}`));
    Promise.all([api.declaredTypes('dataset-types').catch(() => []), api.declaredTypes('linkedservice-types').catch(() => [])]).then(([d, l]) =>
      setDeclared({ datasets: d as DeclaredType[], linkedservices: l as DeclaredType[] }),
    );
    api.globalParameters().then((g) => setGlobals(g.doc), () => undefined);
    void refresh();
  }, [api, refresh]);

  const leave = (): boolean => !dirty.current || window.confirm('You have unsaved changes. Leave without saving?');
  const onDirtyChange = useCallback((d: boolean) => {
    dirty.current = d;
  }, []);
  // The Manage view's page unmounts when another view opens: ask first when it has unsaved changes.
  const leaveManage = (): boolean => {
    if (view !== 'manage') return true;
    if (!leave()) return false;
    dirty.current = false;
    return true;
  };

  const names = (s: ResourceSegment): string[] => (resources[s] ?? []).map((r) => r.name);
  const references: ReferenceNames = { datasets: names('datasets'), linkedservices: names('linkedservices'), pipelines: names('pipelines'), dataflows: names('dataflows') };

  return (
    <ApiContext.Provider value={api}>
      <div className="shell">
        <header className="app-header">
          <span className="brand">Sluice Studio</span>
          <nav aria-label="Studio">
            <button type="button" aria-current={view === 'author' ? 'page' : undefined} onClick={() => leaveManage() && setView('author')}>
              Author
            </button>
            <button
              type="button"
              aria-current={view === 'monitor' ? 'page' : undefined}
              onClick={() => {
                if (!leaveManage()) return;
                setRunId(null);
                setView('monitor');
              }}
            >
              Monitor
            </button>
            <button
              type="button"
              aria-current={view === 'manage' ? 'page' : undefined}
              onClick={() => {
                if (view === 'manage' || !leave()) return;
                dirty.current = false;
                setView('manage');
              }}
            >
              Manage
            </button>
          </nav>
          <button
            type="button"
            className="link sign-out"
            onClick={() => {
              if (leave()) onSignOut();
            }}
          >
            Sign out
          </button>
        </header>
        {error ? <p role="alert" className="error-text">{error}</p> : null}
        {view === 'monitor' ? (
          <main className="monitor-main">
            <ErrorBoundary what="the monitor">
              <Monitor pipelines={names('pipelines')} runId={runId} onOpenRun={setRunId} />
            </ErrorBoundary>
          </main>
        ) : view === 'manage' ? (
          <main className="manage-main">
            <ErrorBoundary what="the global parameters">
              <GlobalParameters onDirtyChange={onDirtyChange} onSaved={setGlobals} />
            </ErrorBoundary>
          </main>
        ) : (
          <div className="author">
            <Explorer
              resources={resources}
              open={open}
              onOpen={(segment, name) => {
                if (open?.segment === segment && open.name === name) return;
                if (leave()) {
                  dirty.current = false;
                  setOpen({ segment, name, isNew: false });
                }
              }}
              onNew={(segment) => {
                if (leave()) setCreating(segment);
              }}
            />
            <main className="author-main">
              <ErrorBoundary key={open ? `${open.segment}:${open.name}` : ''} what={open ? open.name : 'the author view'}>
              {!open ? (
                <div className="welcome">
                  <h1>Author</h1>
                  <p>Open a resource from the factory explorer, or create a pipeline.</p>
                  <button type="button" onClick={() => setCreating('pipelines')}>
                    + New pipeline
                  </button>
                </div>
              ) : open.segment === 'pipelines' ? (
                <PipelineEditor
                  key={open.name}
                  name={open.name}
                  isNew={open.isNew}
                  types={types}
                  references={references}
                  globalParameters={globals}
                  onSaved={(name) => {
                    void refresh();
                    setOpen({ segment: 'pipelines', name, isNew: false });
                  }}
                  onDirtyChange={onDirtyChange}
                  onOpenRun={(id) => {
                    setRunId(id);
                    setView('monitor');
                  }}
                  onAddTrigger={(pipeline) => {
                    if (!leave()) return;
                    setTriggerFor(pipeline);
                    setCreating('triggers');
                  }}
                />
              ) : open.segment === 'triggers' ? (
                <TriggerEditor
                  key={`triggers:${open.name}`}
                  name={open.name}
                  isNew={open.isNew}
                  references={references}
                  triggers={names('triggers')}
                  onSaved={() => {
                    void refresh();
                    setOpen({ ...open, isNew: false });
                  }}
                  onDirtyChange={onDirtyChange}
                  forPipeline={open.forPipeline}
                />
              ) : open.segment === 'dataflows' ? (
                <DataFlowEditor
                  key={`dataflows:${open.name}`}
                  name={open.name}
                  isNew={open.isNew}
                  references={references}
                  onSaved={() => {
                    void refresh();
                    setOpen({ ...open, isNew: false });
                  }}
                  onDirtyChange={onDirtyChange}
                />
              ) : (
                <ResourceEditor
                  key={`${open.segment}:${open.name}`}
                  segment={open.segment}
                  name={open.name}
                  isNew={open.isNew}
                  types={open.segment === 'datasets' ? declared.datasets : open.segment === 'linkedservices' ? declared.linkedservices : []}
                  references={references}
                  onSaved={() => {
                    void refresh();
                    setOpen({ ...open, isNew: false });
                  }}
                  onDirtyChange={onDirtyChange}
                  forPipeline={open.forPipeline}
                />
              )}
              </ErrorBoundary>
            </main>
          </div>
        )}
        {creating ? (
          <NameDialog
            title={`New ${KINDS.find((k) => k.segment === creating)?.singular ?? 'resource'}`}
            taken={names(creating)}
            onCancel={() => {
              setCreating(null);
              setTriggerFor(undefined);
            }}
            onOk={(name) => {
              dirty.current = false;
              setOpen({ segment: creating, name, isNew: true, ...(creating === 'triggers' && triggerFor ? { forPipeline: triggerFor } : {}) });
              setCreating(null);
              setTriggerFor(undefined);
              setView('author');
            }}
          />
        ) : null}
      </div>
    </ApiContext.Provider>
  );
}
