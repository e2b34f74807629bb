import { AlertStore, alertRuleSchema, listFirings, maskRule } from '../../alerts/index.js';
import type { ServerContext } from '../context.js';
import { anyObject, errorResponses, listOf } from '../http.js';
import type { RoutePlugin } from './index.js';

const nameParams = { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,100}$' } } } as const;
const ruleResponse = {
  type: 'object', required: ['name', 'pipeline', 'on', 'webhook'],
  properties: {
    name: { type: 'string' }, pipeline: { type: 'string' }, on: { type: 'array', items: { type: 'string' } }, longerThanSeconds: { type: 'integer' },
    webhook: { type: 'object', properties: { url: { type: 'string' }, headers: { type: 'object', additionalProperties: { type: 'string' } } } },
  },
} as const;

/**
 * Alert rules (`/api/alerts/{name}`: viewers read, editors change) and their recorded firings
 * (`/api/alert-firings`). Webhook header values are write-only: answers show the mask, and the mask sent
 * back keeps the stored value. The rules are evaluated by the alert service (`startAlertService`).
 */
export const alertRoutes: RoutePlugin = async (app, context: ServerContext) => {
  const store = new AlertStore(context.engine.redis, context.engine.keys.base);
  const tags = ['alerts'];

  app.get('/api/alerts', {
    config: { role: 'viewer' },
    schema: { tags, summary: 'List alert rules', response: { 200: listOf(ruleResponse), ...errorResponses } },
  }, async () => ({ value: (await store.list()).map(maskRule) }));

  app.get('/api/alerts/:name', {
    config: { role: 'viewer' },
    schema: { tags, summary: 'Get an alert rule', params: nameParams, response: { 200: ruleResponse, ...errorResponses } },
  }, async (request) => maskRule(await store.get((request.params as { name: string }).name)));

  app.put('/api/alerts/:name', {
    config: { role: 'editor' },
    schema: { tags, summary: 'Create or replace an alert rule', params: nameParams, body: alertRuleSchema, response: { 200: ruleResponse, 201: ruleResponse, ...errorResponses } },
  }, async (request, reply) => {
    const { rule, created } = await store.put((request.params as { name: string }).name, request.body);
    return reply.status(created ? 201 : 200).send(maskRule(rule));
  });

  app.delete('/api/alerts/:name', {
    config: { role: 'editor' },
    schema: { tags, summary: 'Delete an alert rule', params: nameParams, response: { 204: { type: 'null' }, ...errorResponses } },
  }, async (request, reply) => {
    const { name } = request.params as { name: string };
    if (!(await store.delete(name))) await store.get(name); // throws ALERT_RULE_NOT_FOUND
    return reply.status(204).send();
  });

  app.get('/api/alert-firings', {
    config: { role: 'viewer' },
    schema: {
      tags, summary: 'Recorded alert firings, newest first',
      querystring: { type: 'object', additionalProperties: false, properties: { rule: { type: 'string', maxLength: 100 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } } },
      response: { 200: listOf(anyObject), ...errorResponses },
    },
  }, async (request) => {
    const q = request.query as { rule?: string; limit: number };
    return { value: await listFirings(context.engine, { limit: q.limit, ...(q.rule ? { rule: q.rule } : {}) }) };
  });
};
