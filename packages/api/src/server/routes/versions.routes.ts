import { SluiceError } from '@sluice/engine';
import { maskSecrets } from '@sluice/engine/runtime';
import { KIND_SEGMENTS, NAME_SCHEMA, type ServerContext } from '../context.js';
import { diffJson } from '../diff.js';
import { anyObject, errorResponses, ifMatchOf, listOf, quoteEtag } from '../http.js';
import type { RoutePlugin } from './index.js';

const versionSchema = {
  type: 'object',
  required: ['version', 'etag', 'at', 'by', 'operation'],
  properties: {
    version: { type: 'integer' }, etag: { type: ['string', 'null'] }, at: { type: 'string' }, by: { type: ['string', 'null'] },
    operation: { type: 'string' }, restoredFrom: { type: 'integer' },
  },
} as const;

const params = {
  type: 'object', required: ['name', 'n'], additionalProperties: false,
  properties: { name: NAME_SCHEMA, n: { type: 'integer', minimum: 1 } },
} as const;

const changeSchema = {
  type: 'object', required: ['op', 'path'],
  properties: { op: { type: 'string', enum: ['add', 'remove', 'replace'] }, path: { type: 'string' }, from: {}, value: {} },
} as const;

/**
 * Every resource's history: list its versions, show one, diff two (a JSON-pointer list of changes), and
 * restore one as the newest version. Secrets appear only as the mask, in documents and diffs alike.
 */
export const versionRoutes: RoutePlugin = async (app, context: ServerContext) => {
  const store = context.engine.factory;
  for (const [segment, kind] of KIND_SEGMENTS) {
    const tags = [segment];
    const base = `/api/${segment}/:name/versions`;

    app.get(base, {
      config: { role: 'viewer' },
      schema: { tags, summary: 'List versions (oldest first)', params: { type: 'object', required: ['name'], properties: { name: NAME_SCHEMA } }, response: { 200: listOf(versionSchema), ...errorResponses } },
    }, async (request) => {
      const { name } = request.params as { name: string };
      const value = await store.versions(kind, name);
      if (!value.length) await store.get(kind, name); // never saved: the kind's NOT_FOUND
      return { value };
    });

    app.get(`${base}/:n`, {
      config: { role: 'viewer' },
      schema: {
        tags, summary: 'Show one version', params,
        response: { 200: { type: 'object', required: ['version', 'document'], properties: { version: versionSchema, document: { type: ['object', 'null'], additionalProperties: true } } }, ...errorResponses },
      },
    }, async (request) => {
      const { name, n } = request.params as { name: string; n: number };
      const { version, doc } = await store.version(kind, name, n);
      return { version, document: doc ? maskSecrets(doc) : null };
    });

    app.get(`${base}/:n/diff`, {
      config: { role: 'viewer' },
      schema: {
        tags, summary: 'Changes from version n to version `to` (default: the newest)', params,
        querystring: { type: 'object', properties: { to: { type: 'integer', minimum: 1 } }, additionalProperties: false },
        response: { 200: { type: 'object', required: ['from', 'to', 'changes'], properties: { from: { type: 'integer' }, to: { type: 'integer' }, changes: { type: 'array', items: changeSchema } } }, ...errorResponses },
      },
    }, async (request) => {
      const { name, n } = request.params as { name: string; n: number };
      const to = (request.query as { to?: number }).to ?? (await store.versions(kind, name)).at(-1)?.version;
      if (to === undefined) throw new SluiceError('VERSION_NOT_FOUND', `The ${kind} '${name}' has no versions.`);
      const [a, b] = await Promise.all([store.version(kind, name, n), store.version(kind, name, to)]);
      return { from: n, to, changes: diffJson(a.doc ? maskSecrets(a.doc) : null, b.doc ? maskSecrets(b.doc) : null) };
    });

    app.post(`${base}/:n/restore`, {
      config: { role: 'editor' },
      schema: { tags, summary: 'Restore a version as the newest one (If-Match honoured)', params, response: { 200: anyObject, ...errorResponses } },
    }, async (request, reply) => {
      const { name, n } = request.params as { name: string; n: number };
      const ifMatch = ifMatchOf(request);
      const saved = await store.restore(kind, name, n, { ...(ifMatch ? { ifMatch } : {}), ...(request.apiKey ? { by: request.apiKey.id } : {}) });
      void reply.header('etag', quoteEtag(saved.etag));
      return maskSecrets((await store.get(kind, name)));
    });
  }
};
