import type { FastifyReply, FastifyRequest } from 'fastify';
import { SluiceError, type ResourceKind } from '@sluice/engine';
import { maskSecrets, type ResourceWithEtag, type StoredResource } from '@sluice/engine/runtime';
import { KIND_SEGMENTS, NAME_SCHEMA, type ServerContext } from '../context.js';
import { problemsError } from '../errors.js';
import { anyObject, errorResponses, ifMatchOf, listOf, quoteEtag } from '../http.js';
import { secureSecretFields } from '../secret-fields.js';
import { problemSchema, validateInFactory, type ValidationScope } from '../validate.js';
import type { RoutePlugin } from './index.js';

const summarySchema = {
  type: 'object',
  required: ['name', 'etag'],
  properties: {
    name: { type: 'string' }, etag: { type: 'string' }, type: { type: 'string' }, description: { type: 'string' },
    folder: { type: 'string' }, activities: { type: 'integer' }, parameters: { type: 'array', items: { type: 'string' } },
    runtimeState: { type: 'string' }, linkedServiceName: { type: 'string' },
  },
} as const;

const documentBody = {
  type: 'object',
  required: ['properties'],
  properties: { name: NAME_SCHEMA, properties: { type: 'object', additionalProperties: true } },
  additionalProperties: true,
} as const;

const nameParams = { type: 'object', required: ['name'], properties: { name: NAME_SCHEMA }, additionalProperties: false } as const;
const matchHeaders = { type: 'object', properties: { 'if-match': { type: 'string' }, 'if-none-match': { type: 'string' } } } as const;
const problemsResponse = { type: 'object', required: ['problems'], properties: { problems: { type: 'array', items: problemSchema } } } as const;
const RESOURCE_KINDS = ['pipeline', 'dataset', 'linkedService', 'trigger', 'dataflow'] as const;

/** The list view of a resource: name, etag and the properties a list shows. */
function summarize({ doc, etag }: ResourceWithEtag): Record<string, unknown> {
  const p = doc.properties;
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const folder = p.folder && typeof p.folder === 'object' ? str((p.folder as { name?: unknown }).name) : undefined;
  const ls = p.linkedServiceName && typeof p.linkedServiceName === 'object' ? str((p.linkedServiceName as { referenceName?: unknown }).referenceName) : undefined;
  return {
    name: doc.name, etag, type: str(p.type), description: str(p.description), folder,
    activities: Array.isArray(p.activities) ? p.activities.length : undefined,
    parameters: p.parameters && typeof p.parameters === 'object' ? Object.keys(p.parameters) : undefined,
    runtimeState: str(p.runtimeState), linkedServiceName: ls,
  };
}

/**
 * Factory resources under `/api/{pipelines|datasets|linkedservices|dataflows|triggers}`: list, get (with
 * `ETag`), create-or-replace after validation (`If-Match` → 412 on mismatch, `If-None-Match: *` → create
 * only), delete, and validate (stored or unsaved). Secrets leave only as the mask.
 */
export const factoryRoutes: RoutePlugin = async (app, context: ServerContext) => {
  const store = context.engine.factory;

  app.post('/api/validate', {
    config: { role: 'viewer', audit: false },
    schema: {
      tags: ['factory'], summary: 'Validate an unsaved document against the stored factory',
      description: "`scope: 'dependents'` adds the problems the document would cause in other stored resources (each with `resource`), as a publish checks.",
      body: {
        type: 'object', required: ['kind', 'document'], additionalProperties: false,
        properties: { kind: { type: 'string', enum: [...RESOURCE_KINDS, ...KIND_SEGMENTS.map(([s]) => s)] }, document: {}, scope: { type: 'string', enum: ['document', 'dependents'] } },
      },
      response: { 200: problemsResponse, ...errorResponses },
    },
  }, async (request) => {
    const { kind, document, scope } = request.body as { kind: string; document: unknown; scope?: ValidationScope };
    const resolved = (KIND_SEGMENTS.find(([s]) => s === kind)?.[1] ?? kind) as ResourceKind;
    return { problems: await validateInFactory(context, resolved, document, scope) };
  });

  for (const [segment, kind] of KIND_SEGMENTS) {
    const tags = [segment];
    const base = `/api/${segment}`;

    app.get(base, {
      config: { role: 'viewer' },
      schema: { tags, summary: `List ${segment}`, response: { 200: listOf(summarySchema), ...errorResponses } },
    }, async () => ({ value: (await store.listWithEtags(kind)).map(summarize) }));

    app.get(`${base}/:name`, {
      config: { role: 'viewer' },
      schema: { tags, summary: `Get one of the ${segment} (ETag header)`, params: nameParams, response: { 200: anyObject, ...errorResponses } },
    }, async (request, reply) => {
      const { name } = request.params as { name: string };
      const found = await store.findWithEtag(kind, name);
      if (!found) return store.get(kind, name); // throws the kind's NOT_FOUND
      void reply.header('etag', quoteEtag(found.etag));
      return maskSecrets(found.doc);
    });

    app.put(`${base}/:name`, {
      config: { role: 'editor' },
      schema: {
        tags, summary: `Create or replace one of the ${segment}`, params: nameParams, headers: matchHeaders, body: documentBody,
        response: { 200: anyObject, 201: anyObject, ...errorResponses },
      },
    }, async (request: FastifyRequest, reply: FastifyReply) => {
      const { name } = request.params as { name: string };
      const body = request.body as StoredResource;
      if (body.name !== undefined && body.name !== name) {
        throw new SluiceError('RESOURCE_NAME_MISMATCH', `The URL names '${name}' but the document is named '${body.name}'.`, { pointer: '/name' });
      }
      // A plain-text password (or token, key …) of a linked service becomes a SecureString: sealed, then masked.
      const doc: StoredResource = kind === 'linkedService' ? secureSecretFields({ ...body, name }, context.catalog.linkedServiceTypes) : { ...body, name };
      const problems = (await validateInFactory(context, kind, doc)).filter((p) => p.severity === 'error');
      if (problems.length) throw problemsError(`The ${kind} '${name}'`, problems);
      const ifNoneMatch = request.headers['if-none-match'];
      if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
        throw new SluiceError('SCHEMA_VIOLATION', 'If-None-Match accepts only "*" (create only).', { pointer: '/headers/if-none-match' });
      }
      const ifMatch = ifMatchOf(request);
      const saved = await store.put(kind, doc, {
        ...(ifMatch ? { ifMatch } : {}), ...(ifNoneMatch ? { ifNoneMatch: '*' as const } : {}), ...(request.apiKey ? { by: request.apiKey.id } : {}),
      });
      const stored = await store.findWithEtag(kind, name);
      void reply.status(saved.created ? 201 : 200).header('etag', quoteEtag(saved.etag));
      return maskSecrets(stored?.doc ?? doc);
    });

    app.delete(`${base}/:name`, {
      config: { role: 'editor' },
      schema: { tags, summary: `Delete one of the ${segment}`, params: nameParams, headers: matchHeaders, response: { 204: { type: 'null' }, ...errorResponses } },
    }, async (request, reply) => {
      const { name } = request.params as { name: string };
      const ifMatch = ifMatchOf(request);
      const existed = await store.delete(kind, name, { ...(ifMatch ? { ifMatch } : {}), ...(request.apiKey ? { by: request.apiKey.id } : {}) });
      if (!existed) await store.get(kind, name); // throws the kind's NOT_FOUND
      return reply.status(204).send();
    });

    app.post(`${base}/:name/validate`, {
      config: { role: 'viewer', audit: false },
      schema: { tags, summary: `Validate a stored one of the ${segment}`, params: nameParams, response: { 200: problemsResponse, ...errorResponses } },
    }, async (request) => {
      const { name } = request.params as { name: string };
      return { problems: await validateInFactory(context, kind, await store.get(kind, name)) };
    });
  }
};
