/**
 * A small typed HTTP client of Sluice's REST API, for the command line (`sluice deploy`, `export`, `run
 * --server`, `runs`, `logs`, `cancel`, `keys`). Plain `fetch`: no dependency, and the same code could run in
 * a browser. Errors come back as {@link ApiRequestError} carrying the API's `{statusCode, code, message,
 * details}` (status 0 when the server could not be reached), so commands pick an exit code from data.
 */
import type { GlobalParameters } from '@sluice/engine';

/** The resource kinds as the API's URL segments, in the order a deploy must create them (references first). */
export const RESOURCE_SEGMENTS = ['linkedservices', 'datasets', 'dataflows', 'pipelines', 'triggers'] as const;
/** One resource kind's URL segment. */
export type ResourceSegment = (typeof RESOURCE_SEGMENTS)[number];

/** A factory document as the API stores it (ADF's shape). */
export interface ResourceDocument {
  name: string;
  properties: Record<string, unknown>;
  [extra: string]: unknown;
}

/** A run as `GET /api/runs/{id}` answers it (the fields the CLI reads; the rest passes through). */
export interface RemoteRun {
  runId: string;
  pipelineName: string;
  status: string;
  runStart: string;
  runEnd: string | null;
  durationInMs: number | null;
  message: string;
  error: { errorCode?: string; message?: string } | null;
  parameters?: Record<string, unknown>;
  invokedBy?: { name?: string; type?: string };
  activityRuns?: RemoteActivityRun[];
  [extra: string]: unknown;
}

/** An activity run as the API answers it. */
export interface RemoteActivityRun {
  activityRunId: string;
  activityName: string;
  activityType: string;
  status: string;
  iteration: number | null;
  key: string;
  durationInMs: number | null;
  error: { errorCode?: string; message?: string } | null;
  input?: unknown;
  output?: unknown;
  [extra: string]: unknown;
}

/** A log line of an activity run. */
export interface RemoteLogLine {
  at: string;
  level: string;
  attempt: number;
  message: string;
  data?: unknown;
}

/** An API key record (never the key itself, except in {@link SluiceClient.createKey}'s answer). */
export interface RemoteKey {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  createdBy?: string | null;
}

/** An error answered by the API, or the network failing (`statusCode` 0, `code` `NETWORK_ERROR`). */
export class ApiRequestError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/** Where the client connects: the base URL and the API key. */
export interface ClientOptions {
  /** The server's base URL (`http://127.0.0.1:8080`). */
  server: string;
  /** An API key `sk_…`; sent as `Authorization: Bearer`. */
  key?: string;
  /** Milliseconds before a (non-streaming) request is abandoned (default 30 s). */
  timeoutMs?: number;
}

/** The answer of a request: status, headers and the parsed JSON body. */
export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

const enc = encodeURIComponent;

/** The typed operations of Sluice's REST API that the command line uses. */
export class SluiceClient {
  readonly server: string;
  readonly #key: string | undefined;
  readonly #timeoutMs: number;

  constructor(options: ClientOptions) {
    this.server = options.server.replace(/\/+$/, '');
    this.#key = options.key;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** The headers every request carries (the key, when there is one). */
  authHeaders(): Record<string, string> {
    return this.#key ? { authorization: `Bearer ${this.#key}` } : {};
  }

  /** Sends a request and parses the JSON answer; throws {@link ApiRequestError} on a non-2xx answer or a network failure. */
  async request<T>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; query?: Record<string, string | number | readonly string[] | undefined> } = {}): Promise<ApiResponse<T>> {
    const url = new URL(`${this.server}${path}`);
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(one));
    }
    const headers: Record<string, string> = { ...this.authHeaders(), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers };
    let res: Response;
    try {
      res = await fetch(url, { method, headers, signal: AbortSignal.timeout(this.#timeoutMs), ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    } catch (e) {
      throw networkError(this.server, e);
    }
    const text = await res.text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (!res.ok) throw errorOf(res.status, body);
    return { status: res.status, headers: res.headers, body: body as T };
  }

  /** Opens a streaming GET (Server-Sent Events); the caller reads `body`. */
  async stream(path: string, signal?: AbortSignal): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.server}${path}`, { headers: { ...this.authHeaders(), accept: 'text/event-stream' }, ...(signal ? { signal } : {}) });
    } catch (e) {
      throw networkError(this.server, e);
    }
    if (!res.ok) {
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON
      }
      throw errorOf(res.status, body);
    }
    return res;
  }

  /** `GET /api/{kind}`: the names of every resource of a kind. */
  async listResources(kind: ResourceSegment): Promise<Array<{ name: string; etag: string }>> {
    return (await this.request<{ value: Array<{ name: string; etag: string }> }>('GET', `/api/${kind}`)).body.value;
  }

  /** `GET /api/{kind}/{name}` (secrets masked), or undefined when it does not exist. */
  async findResource(kind: ResourceSegment, name: string): Promise<{ doc: ResourceDocument; etag: string | null } | undefined> {
    try {
      const r = await this.request<ResourceDocument>('GET', `/api/${kind}/${enc(name)}`);
      return { doc: r.body, etag: r.headers.get('etag') };
    } catch (e) {
      if (e instanceof ApiRequestError && e.statusCode === 404) return undefined;
      throw e;
    }
  }

  /** `PUT /api/{kind}/{name}`: creates or replaces; `created` is true on 201. */
  async putResource(kind: ResourceSegment, doc: ResourceDocument, ifMatch?: string | null): Promise<{ created: boolean; etag: string | null }> {
    const r = await this.request<ResourceDocument>('PUT', `/api/${kind}/${enc(doc.name)}`, { body: doc, ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}) });
    return { created: r.status === 201, etag: r.headers.get('etag') };
  }

  /** `GET /api/globalparameters`: the factory's global parameters and their ETag. */
  async getGlobalParameters(): Promise<{ globalParameters: GlobalParameters; etag: string | null }> {
    const r = await this.request<{ globalParameters: GlobalParameters }>('GET', '/api/globalparameters');
    return { globalParameters: r.body.globalParameters, etag: r.headers.get('etag') };
  }

  /** `PUT /api/globalparameters` with `If-Match` when given. */
  async putGlobalParameters(globalParameters: GlobalParameters, ifMatch?: string | null): Promise<void> {
    await this.request('PUT', '/api/globalparameters', { body: { globalParameters }, ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}) });
  }

  /** `POST /api/pipelines/{name}/runs` → the run id. */
  async startRun(pipeline: string, parameters: Record<string, unknown>, idempotencyKey?: string): Promise<string> {
    const r = await this.request<{ runId: string }>('POST', `/api/pipelines/${enc(pipeline)}/runs`, { body: { parameters }, ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}) });
    return r.body.runId;
  }

  /** `GET /api/runs/{id}`: the run with its activity runs. */
  async getRun(runId: string): Promise<RemoteRun> {
    return (await this.request<RemoteRun>('GET', `/api/runs/${enc(runId)}`)).body;
  }

  /** `GET /api/runs`: newest first. */
  async listRuns(query: { pipeline?: string; status?: readonly string[]; limit?: number }): Promise<RemoteRun[]> {
    return (await this.request<{ value: RemoteRun[] }>('GET', '/api/runs', { query: { pipeline: query.pipeline, status: query.status, limit: query.limit } })).body.value;
  }

  /** `POST /api/runs/{id}/cancel`: the run as it is after the request. */
  async cancelRun(runId: string): Promise<RemoteRun> {
    return (await this.request<RemoteRun>('POST', `/api/runs/${enc(runId)}/cancel`, { body: {} })).body;
  }

  /** `GET /api/runs/{id}/activities/{activityRunId}/logs`. */
  async getLogs(runId: string, activityRunId: string): Promise<RemoteLogLine[]> {
    return (await this.request<{ value: RemoteLogLine[] }>('GET', `/api/runs/${enc(runId)}/activities/${enc(activityRunId)}/logs`)).body.value;
  }

  /** `POST /api/keys`: the new key (shown once) and its record. */
  async createKey(name: string, role: string): Promise<RemoteKey & { key: string }> {
    return (await this.request<RemoteKey & { key: string }>('POST', '/api/keys', { body: { name, role } })).body;
  }

  /** `GET /api/keys`. */
  async listKeys(): Promise<RemoteKey[]> {
    return (await this.request<{ value: RemoteKey[] }>('GET', '/api/keys')).body.value;
  }

  /** `DELETE /api/keys/{id}`. */
  async revokeKey(id: string): Promise<void> {
    await this.request<undefined>('DELETE', `/api/keys/${enc(id)}`);
  }
}

function errorOf(status: number, body: unknown): ApiRequestError {
  if (body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string') {
    const b = body as { code: string; message?: string; details?: Record<string, unknown> };
    return new ApiRequestError(status, b.code, b.message ?? `HTTP ${status}`, b.details ?? {});
  }
  return new ApiRequestError(status, `HTTP_${status}`, `The server answered HTTP ${status}${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}.`);
}

function networkError(server: string, e: unknown): ApiRequestError {
  const cause = e instanceof Error ? ((e.cause as { code?: string; message?: string } | undefined)?.code ?? (e.cause as Error | undefined)?.message ?? e.message) : String(e);
  return new ApiRequestError(0, 'NETWORK_ERROR', `Could not reach the Sluice server at ${server} (${cause}). Is it running? Check --server or SLUICE_SERVER.`);
}
