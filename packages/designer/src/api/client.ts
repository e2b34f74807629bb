/**
 * The designer's only door to Sluice: a small fetch wrapper that adds the API key, turns the API's error
 * body `{statusCode, code, message, details}` into an {@link ApiError}, and exposes ETags for optimistic
 * concurrency. Every screen goes through it, so nothing is faked on the client.
 */
import type { GlobalParameters } from '@sluice/engine';
import type { ActivityTypeInfo, Problem } from '../model/types.js';

/** An error answered by the API (or a network failure, with status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Validation problems carried by a 400 (`details.problems`), or []. */
  get problems(): Problem[] {
    const p = this.details.problems;
    return Array.isArray(p) ? (p as Problem[]) : [];
  }
}

/** Resource kinds as the API's URL segments. */
export type ResourceSegment = 'pipelines' | 'datasets' | 'linkedservices' | 'dataflows' | 'triggers';

/** A resource in a list. */
export interface ResourceSummary {
  name: string;
  etag?: string;
  type?: string;
  description?: string;
  folder?: string;
  [key: string]: unknown;
}

/** A resource document with the ETag it was read at. */
export interface Versioned<T> {
  doc: T;
  etag: string | undefined;
}

/** One saved version of a resource. */
export interface ResourceVersion {
  version: number;
  etag: string | null;
  at: string;
  by: string | null;
  operation: string;
  restoredFrom?: number;
}

/** A pipeline run as the API lists it. */
export interface RunSummary {
  runId: string;
  pipelineName?: string;
  status: string;
  runStart?: string;
  runEnd?: string;
  durationInMs?: number;
  invokedBy?: unknown;
  parameters?: Record<string, unknown>;
  message?: string;
  [key: string]: unknown;
}

/** An activity run inside a run. */
export interface ActivityRun {
  activityRunId: string;
  activityName: string;
  activityType?: string;
  status: string;
  activityRunStart?: string;
  activityRunEnd?: string;
  durationInMs?: number;
  input?: unknown;
  output?: unknown;
  error?: unknown;
  [key: string]: unknown;
}

/** A run with its activity runs. */
export interface RunDetail extends RunSummary {
  activityRuns?: ActivityRun[];
}

/** A trigger with its runtime state (`GET /api/triggerstates`, start, stop). */
export interface TriggerStatus {
  name: string;
  type: string;
  runtimeState: 'Started' | 'Stopped' | string;
}

/** One firing of a trigger, as `GET /api/triggers/{name}/triggerruns` lists it. */
export interface TriggerRunInfo {
  triggerRunId: string;
  triggerName: string;
  triggerType: string;
  triggerRunTimestamp: string;
  status: string;
  message?: string;
  /** Pipeline runs started: pipeline name → run id. */
  triggeredPipelines: Record<string, string>;
  /** The scheduled time, window, storage event or broker of the firing. */
  properties?: Record<string, unknown>;
  messageIds?: string[];
  [key: string]: unknown;
}

/** A tumbling window and the status of its latest run. */
export interface TriggerWindow {
  windowStartTime: string;
  windowEndTime: string;
  status: string;
  attempts: number;
  runIds: string[];
}

/** A registered model version (`GET /api/models`, `/api/models/{name}/versions`). */
export interface ModelVersionInfo {
  name: string;
  version: number;
  stage: string;
  createdAt: string;
  algorithm: string;
  task: string;
  metrics: Record<string, unknown>;
  params?: Record<string, unknown>;
  trainingRunId: string;
  [key: string]: unknown;
}

/** A training run (experiment tracking), with the pipeline run it came from in `lineage`. */
export interface TrainingRunInfo {
  id: string;
  experiment: string;
  startedAt: string;
  durationMs: number;
  algorithm: string;
  task: string;
  metrics: Record<string, unknown>;
  lineage?: { dataset?: string; rows?: number; runId?: string; pipelineName?: string; activityName?: string };
  model?: { name: string; version: number };
  [key: string]: unknown;
}

function unwrapList<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  const v = (body as { value?: unknown } | null)?.value;
  return Array.isArray(v) ? (v as T[]) : [];
}

/** The typed calls the designer makes. */
export class ApiClient {
  constructor(
    readonly key: string,
    readonly base = '',
  ) {}

  /** One request; JSON in and out; throws {@link ApiError} on any non-2xx answer. */
  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ body: T; etag: string | undefined; status: number }> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      throw new ApiError(0, 'NETWORK', `The API at ${this.base || window.location.origin} cannot be reached: ${(e as Error).message}`);
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (!response.ok) {
      const e = (parsed ?? {}) as { code?: string; message?: string; details?: Record<string, unknown> };
      throw new ApiError(response.status, e.code ?? `HTTP_${response.status}`, e.message ?? `${method} ${path} answered ${response.status}`, e.details ?? {});
    }
    return { body: parsed as T, etag: response.headers.get('etag') ?? undefined, status: response.status };
  }

  async get<T>(path: string): Promise<T> {
    return (await this.request<T>('GET', path)).body;
  }

  async post<T>(path: string, body: unknown = {}): Promise<T> {
    return (await this.request<T>('POST', path, body)).body;
  }

  /** Who the key belongs to (also proves the key works). */
  me(): Promise<Record<string, unknown>> {
    return this.get('/api/me');
  }

  async activityTypes(): Promise<ActivityTypeInfo[]> {
    return unwrapList<ActivityTypeInfo>(await this.get('/api/activity-types'));
  }

  async declaredTypes(kind: 'dataset-types' | 'linkedservice-types'): Promise<Array<{ type: string; title: string; description: string; category: string; typeProperties: Record<string, unknown> }>> {
    return unwrapList(await this.get(`/api/${kind}`));
  }

  async list(kind: ResourceSegment): Promise<ResourceSummary[]> {
    return unwrapList<ResourceSummary>(await this.get(`/api/${kind}`));
  }

  async read<T>(kind: ResourceSegment, name: string): Promise<Versioned<T>> {
    const r = await this.request<T>('GET', `/api/${kind}/${encodeURIComponent(name)}`);
    return { doc: r.body, etag: r.etag };
  }

  /** Saves; with `etag`, only if nobody saved since (412 PRECONDITION_FAILED otherwise). */
  async save<T>(kind: ResourceSegment, name: string, doc: T, etag?: string): Promise<Versioned<T>> {
    const r = await this.request<T>('PUT', `/api/${kind}/${encodeURIComponent(name)}`, doc, etag ? { 'if-match': etag } : {});
    return { doc: r.body, etag: r.etag };
  }

  async remove(kind: ResourceSegment, name: string): Promise<void> {
    await this.request('DELETE', `/api/${kind}/${encodeURIComponent(name)}`);
  }

  /** A resource's saved versions, oldest first. */
  async versions(kind: ResourceSegment, name: string): Promise<ResourceVersion[]> {
    return unwrapList<ResourceVersion>(await this.get(`/api/${kind}/${encodeURIComponent(name)}/versions`));
  }

  /** One saved version's document. */
  async version<T>(kind: ResourceSegment, name: string, n: number): Promise<T | null> {
    return (await this.get<{ document: T | null }>(`/api/${kind}/${encodeURIComponent(name)}/versions/${n}`)).document;
  }

  /**
   * Validates an unsaved document against the stored factory. With `dependents`, also the problems it would
   * cause in other stored resources (each names its `resource`), as Publish checks before saving.
   */
  async validate(kind: ResourceSegment, document: unknown, scope: 'document' | 'dependents' = 'document'): Promise<Problem[]> {
    return (await this.post<{ problems: Problem[] }>('/api/validate', { kind, document, ...(scope === 'document' ? {} : { scope }) })).problems ?? [];
  }

  async debug(pipeline: unknown, parameters: Record<string, unknown>, name: string): Promise<string> {
    return (await this.post<{ runId: string }>(`/api/pipelines/${encodeURIComponent(name)}/debug`, { pipeline, parameters })).runId;
  }

  async startRun(name: string, parameters: Record<string, unknown>): Promise<string> {
    return (await this.post<{ runId: string }>(`/api/pipelines/${encodeURIComponent(name)}/runs`, { parameters })).runId;
  }

  async runs(query: Record<string, string | undefined>): Promise<{ value: RunSummary[]; continuationToken?: string }> {
    const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1]));
    const body = await this.get<{ value?: RunSummary[]; continuationToken?: string }>(`/api/runs?${q.toString()}`);
    return { value: body.value ?? [], ...(body.continuationToken ? { continuationToken: body.continuationToken } : {}) };
  }

  run(runId: string): Promise<RunDetail> {
    return this.get(`/api/runs/${encodeURIComponent(runId)}`);
  }

  cancel(runId: string): Promise<unknown> {
    return this.post(`/api/runs/${encodeURIComponent(runId)}/cancel`);
  }

  async rerun(runId: string, type: 'all' | 'fromFailed' | 'fromActivity', activityName?: string): Promise<string> {
    const body = await this.post<{ runId: string }>(`/api/runs/${encodeURIComponent(runId)}/rerun`, { type, ...(activityName ? { activityName } : {}) });
    return body.runId;
  }

  logs(runId: string, activityRunId: string): Promise<unknown> {
    return this.get(`/api/runs/${encodeURIComponent(runId)}/activities/${encodeURIComponent(activityRunId)}/logs`);
  }

  evaluate(expression: string, context: Record<string, unknown>): Promise<{ value: unknown; type?: string }> {
    return this.post('/api/expressions/evaluate', { expression, context });
  }

  testConnection(name: string): Promise<unknown> {
    return this.post(`/api/linkedservices/${encodeURIComponent(name)}/test`);
  }

  preview(name: string, rows = 10): Promise<unknown> {
    return this.post(`/api/datasets/${encodeURIComponent(name)}/preview?rows=${rows}`);
  }

  /** Every trigger with its runtime state. */
  async triggerStates(): Promise<TriggerStatus[]> {
    return unwrapList<TriggerStatus>(await this.get('/api/triggerstates'));
  }

  triggerState(name: string): Promise<TriggerStatus> {
    return this.get(`/api/triggers/${encodeURIComponent(name)}/state`);
  }

  /** Starts (`start`) or stops (`stop`) a saved trigger; every trigger service follows at once. */
  setTriggerState(name: string, action: 'start' | 'stop'): Promise<TriggerStatus> {
    return this.post(`/api/triggers/${encodeURIComponent(name)}/${action}`);
  }

  /** A trigger's runs, newest first. */
  async triggerRuns(name: string, query: { from?: string; to?: string; limit?: number } = {}): Promise<TriggerRunInfo[]> {
    const q = new URLSearchParams(Object.entries(query).filter((e) => e[1] !== undefined).map(([k, v]) => [k, String(v)])).toString();
    return unwrapList<TriggerRunInfo>(await this.get(`/api/triggers/${encodeURIComponent(name)}/triggerruns${q ? `?${q}` : ''}`));
  }

  /** A tumbling-window trigger's windows, newest first. */
  async triggerWindows(name: string, limit = 100): Promise<TriggerWindow[]> {
    return unwrapList<TriggerWindow>(await this.get(`/api/triggers/${encodeURIComponent(name)}/windows?limit=${limit}`));
  }

  /** Reruns one window: it waits again and the trigger service starts it within maxConcurrency. */
  rerunWindow(name: string, windowStartTime: string): Promise<TriggerWindow> {
    return this.post(`/api/triggers/${encodeURIComponent(name)}/windows/rerun`, { windowStartTime });
  }

  /** A webhook trigger's secret (admin keys only). */
  async webhookSecret(name: string): Promise<string> {
    return (await this.get<{ secret: string }>(`/api/triggers/${encodeURIComponent(name)}/webhook-secret`)).secret;
  }

  /** Registered models, each with its latest version. */
  async models(): Promise<ModelVersionInfo[]> {
    return unwrapList<ModelVersionInfo>(await this.get('/api/models'));
  }

  /** Moves a model version to a stage; production archives the version that was in production. */
  async setModelStage(name: string, version: number, stage: string): Promise<void> {
    await this.post(`/api/models/${encodeURIComponent(name)}/versions/${version}/stage`, { stage });
  }

  /** A model's versions, newest first. */
  async modelVersions(name: string): Promise<ModelVersionInfo[]> {
    return unwrapList<ModelVersionInfo>(await this.get(`/api/models/${encodeURIComponent(name)}/versions`));
  }

  /** Training runs, newest first. */
  async trainingRuns(limit = 1000): Promise<TrainingRunInfo[]> {
    return unwrapList<TrainingRunInfo>(await this.get(`/api/training-runs?limit=${limit}`));
  }

  /** The data-flow step types with their settings schemas (`GET /api/dataflow-step-types`). */
  async dataFlowStepTypes<T = Record<string, unknown>>(): Promise<T[]> {
    return unwrapList<T>(await this.get('/api/dataflow-step-types'));
  }

  /** Every step's output of a data flow (the unsaved `dataflow` document when given) on the first `rows` rows of each source. */
  previewDataFlow<T = unknown>(name: string, dataflow: unknown, parameters: Record<string, unknown>, rows = 20): Promise<T> {
    return this.post(`/api/dataflows/${encodeURIComponent(name)}/preview?rows=${rows}`, { dataflow, parameters });
  }

  /** The factory's global parameters (`@pipeline().globalParameters`) with their ETag (`"0"` before the first save). */
  async globalParameters(): Promise<Versioned<GlobalParameters>> {
    const r = await this.request<{ globalParameters?: GlobalParameters }>('GET', '/api/globalparameters');
    return { doc: r.body.globalParameters ?? {}, etag: r.etag };
  }

  /** Replaces the global parameters; with `etag`, only if nobody saved since (412 PRECONDITION_FAILED otherwise). */
  async saveGlobalParameters(doc: GlobalParameters, etag?: string): Promise<Versioned<GlobalParameters>> {
    const r = await this.request<{ globalParameters?: GlobalParameters }>('PUT', '/api/globalparameters', { globalParameters: doc }, etag ? { 'if-match': etag } : {});
    return { doc: r.body.globalParameters ?? doc, etag: r.etag };
  }

  /** URL of a run's live event stream (EventSource cannot send headers: the key goes in the query). */
  eventsUrl(runId: string): string {
    return `${this.base}/api/runs/${encodeURIComponent(runId)}/events?access_token=${encodeURIComponent(this.key)}`;
  }
}
