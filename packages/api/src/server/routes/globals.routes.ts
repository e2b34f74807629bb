import type { GlobalParameters } from '@sluice/engine';
import type { ServerContext } from '../context.js';
import { errorResponses, ifMatchOf, quoteEtag } from '../http.js';
import type { RoutePlugin } from './index.js';

const globalsBody = {
  type: 'object',
  required: ['globalParameters'],
  additionalProperties: false,
  properties: { globalParameters: { type: 'object', additionalProperties: true } },
} as const;

/**
 * The factory's global parameters (ADF's `@pipeline().globalParameters`): read them, and replace them with
 * `If-Match` (the ETag of the read). Runs started afterwards see the new values; runs under way keep theirs.
 */
export const globalParameterRoutes: RoutePlugin = async (app, context: ServerContext) => {
  const store = context.engine.factory;
  const tags = ['global parameters'];

  app.get('/api/globalparameters', {
    config: { role: 'viewer' },
    schema: { tags, summary: 'The factory\'s global parameters (ETag header)', response: { 200: globalsBody, ...errorResponses } },
  }, async (_request, reply) => {
    const { globalParameters, etag } = await store.globalParameters();
    void reply.header('etag', quoteEtag(etag));
    return { globalParameters };
  });

  app.put('/api/globalparameters', {
    config: { role: 'editor' },
    schema: {
      tags, summary: 'Replace the factory\'s global parameters',
      description: 'Body `{globalParameters: {name: {type, value}}}` (types String, Int, Float, Bool, Array, Object, any casing). `If-Match` with the ETag of a read refuses to overwrite a newer change (412).',
      headers: { type: 'object', properties: { 'if-match': { type: 'string' } } },
      body: globalsBody,
      response: { 200: globalsBody, ...errorResponses },
    },
  }, async (request, reply) => {
    const { globalParameters } = request.body as { globalParameters: GlobalParameters };
    const ifMatch = ifMatchOf(request);
    const { etag } = await store.putGlobalParameters(globalParameters, ifMatch ? { ifMatch } : {});
    void reply.header('etag', quoteEtag(etag));
    return { globalParameters };
  });
};
