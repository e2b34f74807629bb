import type { ServerContext } from '../context.js';
import { errorResponses, listOf } from '../http.js';
import type { RoutePlugin } from './index.js';

const activityType = {
  type: 'object',
  required: ['type', 'version', 'kind', 'category', 'title', 'description', 'typeProperties'],
  properties: {
    type: { type: 'string' }, version: { type: 'integer' }, kind: { type: 'string', enum: ['control', 'work'] }, category: { type: 'string' },
    title: { type: 'string' }, description: { type: 'string' }, typeProperties: { type: 'object', additionalProperties: true },
    uiHints: { type: 'object', additionalProperties: true }, output: { type: 'object', additionalProperties: true },
  },
} as const;

const declaredType = {
  type: 'object',
  required: ['type', 'title', 'description', 'category', 'typeProperties'],
  properties: {
    type: { type: 'string' }, title: { type: 'string' }, description: { type: 'string' }, category: { type: 'string' },
    typeProperties: { type: 'object', additionalProperties: true }, uiHints: { type: 'object', additionalProperties: true },
    linkedServiceTypes: { type: 'array', items: { type: 'string' } },
  },
} as const;

/**
 * The type catalogs the designer builds its palette and forms from: activity types (control and work,
 * with their typeProperties schema, UI hints and output), dataset types and linked-service types.
 */
export const typeRoutes: RoutePlugin = async (app, context: ServerContext) => {
  const tags = ['types'];
  app.get('/api/activity-types', {
    config: { role: 'viewer' },
    schema: { tags, summary: 'Activity types with their JSON Schemas and UI hints', response: { 200: listOf(activityType), ...errorResponses } },
  }, async () => ({ value: context.catalog.activities.describe() }));
  app.get('/api/dataset-types', {
    config: { role: 'viewer' },
    schema: { tags, summary: 'Dataset types', response: { 200: listOf(declaredType), ...errorResponses } },
  }, async () => ({ value: context.catalog.datasetTypes?.list() ?? [] }));
  app.get('/api/linkedservice-types', {
    config: { role: 'viewer' },
    schema: { tags, summary: 'Linked-service types', response: { 200: listOf(declaredType), ...errorResponses } },
  }, async () => ({ value: context.catalog.linkedServiceTypes?.list() ?? [] }));
};
