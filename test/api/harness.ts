import { dataFlowProblems } from '@sluice/activities';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ActivityRegistry, TypeCatalog, builtinDatasetTypes, builtinLinkedServiceTypes, controlActivities } from '@sluice/engine';
import type { Engine, EngineWorker } from '@sluice/engine/runtime';
import { ApiKeyStore, createServer, type Role, type ServerOptions } from '@sluice/api';
import { testActivities } from '../fixtures/activities.mjs';
import { testEngine } from '../helpers/engine.js';

/** A running API on a fresh prefix, with a worker, one key per role, and everything it logged. */
export interface Api {
  app: FastifyInstance;
  engine: Engine;
  worker: EngineWorker;
  base: string;
  keys: Record<Role, string>;
  logs: string[];
  /** The text of every response received through `call`. */
  responses: string[];
  /** Calls the API; `key` defaults to the admin key (null: no key). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are whatever the route answers; tests assert their shape
  call(method: string, path: string, options?: { key?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: any; text: string }>;
  close(): Promise<void>;
}

/** Starts the real server (listening on a free port) with a real engine and worker on the test Redis. */
export async function startApi(options: Partial<ServerOptions> = {}, engineOptions: { secretKey?: string } = { secretKey: 'a test passphrase' }): Promise<Api> {
  const { engine, cleanup } = testEngine(engineOptions);
  const worker = await engine.startWorker({ concurrency: 4 });
  const catalog = {
    activities: new ActivityRegistry([...controlActivities, ...testActivities]),
    datasetTypes: new TypeCatalog('dataset', builtinDatasetTypes),
    linkedServiceTypes: new TypeCatalog('linkedService', builtinLinkedServiceTypes),
    dataFlowChecks: { SluiceDataFlow: dataFlowProblems },
  };
  const logs: string[] = [];
  const responses: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  const app = await createServer({ engine, catalog, logStream, logLevel: 'debug', heartbeatMs: 300, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const store = new ApiKeyStore(engine.redis, engine.keys);
  const keys = {} as Record<Role, string>;
  for (const role of ['viewer', 'operator', 'editor', 'admin'] as const) keys[role] = (await store.create(`test ${role}`, role)).key;
  const call: Api['call'] = async (method, path, o = {}) => {
    const key = o.key === undefined ? keys.admin : o.key;
    const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...o.headers };
    const res = await fetch(`${base}${path}`, { method, headers, ...(o.body !== undefined ? { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) } : {}) });
    const text = await res.text();
    responses.push(`${res.status} ${JSON.stringify([...(res.headers as unknown as Iterable<[string, string]>)])} ${text}`);
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (metrics, HTML)
    }
    return { status: res.status, headers: res.headers, body, text };
  };
  return {
    app, engine, worker, base, keys, logs, responses, call,
    close: async () => {
      if (app.server.listening) await app.close();
      await cleanup();
    },
  };
}
