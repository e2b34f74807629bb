import type { ServerContext } from '../context.js';
import { errorResponses, listOf } from '../http.js';
import type { RoutePlugin } from './index.js';

const stepType = {
  type: 'object',
  required: ['type', 'title', 'category', 'description', 'inputs', 'namedOutputs', 'outputsFromSettings', 'settings'],
  properties: {
    type: { type: 'string' }, title: { type: 'string' }, category: { type: 'string' }, description: { type: 'string' },
    inputs: { type: 'object', required: ['min', 'max'], properties: { min: { type: 'integer' }, max: { type: ['integer', 'null'] } } },
    namedOutputs: { type: 'array', items: { type: 'string' } },
    outputsFromSettings: { type: 'boolean' },
    settings: { type: 'object', additionalProperties: true },
    uiHints: { type: 'object', additionalProperties: true },
  },
} as const;

/**
 * The data-flow step types the designer builds its step palette and step forms from: each type with its
 * input range, named outputs and the JSON Schema of its settings. Read from the server's catalog
 * (`createCatalog()` fills it from `@sluice/activities`), so this server never imports the activities.
 */
export const dataFlowTypeRoutes: RoutePlugin = async (app, context: ServerContext) => {
  app.get('/api/dataflow-step-types', {
    config: { role: 'viewer' },
    schema: {
      tags: ['types', 'dataflows'],
      summary: 'Data-flow step types with the JSON Schema of their settings',
      description: 'Each step type of a SluiceDataFlow (`source`, `filter`, `join` …): title, palette category, how many inputs it takes (`max` null when unbounded), the outputs it offers besides its main one, and its settings schema with UI hints.',
      response: { 200: listOf(stepType), ...errorResponses },
    },
  }, async () => ({ value: context.catalog.dataFlowStepTypes ?? [] }));
};
