import { toJson, typeName } from '@sluice/engine';
import { contextFromJson, evaluateInput } from '../../cli/expr.command.js';
import { errorResponses } from '../http.js';
import type { RoutePlugin } from './index.js';

/**
 * `POST /api/expressions/evaluate`: the designer's expression preview. Evaluates an ADF value (`@…`,
 * `text @{…}`) or a bare expression against a sample context (pipeline parameters, variables, activity
 * outputs, item …, and `now` to fix the clock); an error answers 400 with its code and position.
 */
export const expressionRoutes: RoutePlugin = async (app) => {
  app.post('/api/expressions/evaluate', {
    config: { role: 'viewer', audit: false },
    schema: {
      tags: ['expressions'], summary: 'Evaluate an expression against a sample context',
      body: {
        type: 'object', required: ['expression'], additionalProperties: false,
        properties: { expression: { type: 'string', maxLength: 100_000 }, context: { type: 'object', additionalProperties: true } },
      },
      response: { 200: { type: 'object', required: ['value', 'type'], properties: { value: {}, type: { type: 'string' } } }, ...errorResponses },
    },
  }, async (request) => {
    const { expression, context } = request.body as { expression: string; context?: Record<string, unknown> };
    const value = evaluateInput(expression, contextFromJson(context ?? {}));
    return { value: toJson(value), type: typeName(value) };
  });
};
