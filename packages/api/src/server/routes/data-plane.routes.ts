import type { FastifyRequest } from 'fastify';
import { SluiceError } from '@sluice/engine';
import { NAME_SCHEMA, type DataPlane, type ServerContext } from '../context.js';
import { anyObject, errorResponses } from '../http.js';
import type { RoutePlugin } from './index.js';

/** An AbortSignal that fires when the client goes away, so a slow connection test or preview stops too. */
function requestSignal(request: FastifyRequest): AbortSignal {
  const controller = new AbortController();
  request.raw.once('close', () => {
    if (!request.raw.complete || request.raw.destroyed) controller.abort(new SluiceError('ACTIVITY_CANCELLED', 'The client closed the request.'));
  });
  return controller.signal;
}

/**
 * Connection test and data preview, through the injected data-plane operations (`testLinkedService`,
 * `previewDataset` of `@sluice/activities`). Secrets are resolved in this process and never answered.
 */
export const dataPlaneRoutes: RoutePlugin = async (app, context: ServerContext) => {
  const need = (): DataPlane => {
    if (!context.dataPlane) throw new SluiceError('DATA_PLANE_UNAVAILABLE', 'This server has no data-plane operations (testLinkedService, previewDataset from @sluice/activities).');
    return context.dataPlane;
  };
  const parameters = { type: 'object', additionalProperties: true } as const;

  app.post('/api/linkedservices/:name/test', {
    config: { role: 'operator', audit: false },
    schema: {
      tags: ['linkedservices'], summary: 'Test the connection of a stored linked service',
      params: { type: 'object', required: ['name'], properties: { name: NAME_SCHEMA } },
      body: { type: 'object', additionalProperties: false, properties: { parameters } },
      response: { 200: anyObject, ...errorResponses },
    },
  }, async (request) => {
    const dataPlane = need();
    const { name } = request.params as { name: string };
    const body = (request.body ?? {}) as { parameters?: Record<string, unknown> };
    const resolved = await context.engine.factory.resolveLinkedService({ referenceName: name, ...(body.parameters ? { parameters: body.parameters } : {}) });
    const result = await dataPlane.testLinkedService(resolved, requestSignal(request));
    return result && typeof result === 'object' ? result : { ok: true, result };
  });

  app.post('/api/datasets/:name/preview', {
    config: { role: 'operator', audit: false },
    schema: {
      tags: ['datasets'], summary: 'Preview the first rows of a stored dataset',
      params: { type: 'object', required: ['name'], properties: { name: NAME_SCHEMA } },
      querystring: { type: 'object', additionalProperties: false, properties: { rows: { type: 'integer', minimum: 1, maximum: 1000, default: 20 } } },
      body: { type: 'object', additionalProperties: false, properties: { parameters } },
      response: { 200: anyObject, ...errorResponses },
    },
  }, async (request) => {
    const dataPlane = need();
    const { name } = request.params as { name: string };
    const { rows } = request.query as { rows: number };
    const body = (request.body ?? {}) as { parameters?: Record<string, unknown> };
    const resolved = await context.engine.factory.resolveDataset({ referenceName: name, ...(body.parameters ? { parameters: body.parameters } : {}) });
    const result = await dataPlane.previewDataset(resolved, rows, requestSignal(request));
    return result && typeof result === 'object' && !Array.isArray(result) ? result : { rows: result };
  });

  app.post('/api/dataflows/:name/preview', {
    config: { role: 'operator', audit: false },
    schema: {
      tags: ['dataflows'],
      summary: 'Preview every step of a data flow on the first rows of each source',
      description: 'Runs the stored data flow, or the unsaved document in `dataflow` (the designer\'s editor), on the first `rows` rows of each source without writing any sink, and answers each step\'s columns, types and rows.',
      params: { type: 'object', required: ['name'], properties: { name: NAME_SCHEMA } },
      querystring: { type: 'object', additionalProperties: false, properties: { rows: { type: 'integer', minimum: 0, maximum: 1000, default: 20 } } },
      body: { type: 'object', additionalProperties: false, properties: { parameters, dataflow: { type: 'object', required: ['properties'], additionalProperties: true, properties: { properties: { type: 'object', required: ['type'], additionalProperties: true, properties: { type: { type: 'string' } } } } } } },
      response: { 200: anyObject, ...errorResponses },
    },
  }, async (request) => {
    const dataPlane = need();
    if (!dataPlane.previewDataFlow) throw new SluiceError('DATA_PLANE_UNAVAILABLE', 'This server cannot preview data flows (previewDataFlow from @sluice/activities is not configured).');
    const { name } = request.params as { name: string };
    const { rows } = request.query as { rows: number };
    const body = (request.body ?? {}) as { parameters?: Record<string, unknown>; dataflow?: Record<string, unknown> };
    const doc = body.dataflow ? { ...body.dataflow, name } : ((await context.engine.factory.get('dataflow', name)) as unknown as Record<string, unknown>);
    const preview = await dataPlane.previewDataFlow(doc, {
      rows,
      signal: requestSignal(request),
      resolveDataset: (ref) => context.engine.factory.resolveDataset(ref),
      ...(body.parameters ? { parameters: body.parameters } : {}),
    });
    return { dataflow: name, ...(preview as Record<string, unknown>) };
  });
};
