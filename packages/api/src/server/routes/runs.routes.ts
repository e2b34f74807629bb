import { createHash, randomUUID } from 'node:crypto';
import { SluiceError } from '@sluice/engine';
import type { RerunMode, RunQuery } from '@sluice/engine/runtime';
import { NAME_SCHEMA, type ServerContext } from '../context.js';
import { problemsError } from '../errors.js';
import { anyObject, errorResponses, listOf } from '../http.js';
import { validateInFactory } from '../validate.js';
import type { RoutePlugin } from './index.js';

/** How long an `Idempotency-Key` is remembered. */
const IDEMPOTENCY_SECONDS = 24 * 3600;
const STATUSES = ['Queued', 'InProgress', 'Succeeded', 'Failed', 'Cancelling', 'Cancelled'];

const runIdResponse = { type: 'object', required: ['runId'], properties: { runId: { type: 'string' } } } as const;
const runIdParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' } } } as const;
const parametersSchema = { type: 'object', additionalProperties: true } as const;

/**
 * Runs: start (with an `Idempotency-Key`: the same key never starts a second run of the pipeline), debug
 * an unsaved pipeline, query, show with activity runs, cancel, rerun, and an activity run's logs.
 */
export const runRoutes: RoutePlugin = async (app, context: ServerContext) => {
  const { engine } = context;
  const tags = ['runs'];
  const limited = { rateLimit: { max: context.rateLimit, timeWindow: '1 minute' } };

  app.post('/api/pipelines/:name/runs', {
    config: { role: 'operator', ...limited },
    schema: {
      tags, summary: 'Start a run (Idempotency-Key honoured for 24 h)',
      params: { type: 'object', required: ['name'], properties: { name: NAME_SCHEMA } },
      headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255 } } },
      body: { type: 'object', additionalProperties: false, properties: { parameters: parametersSchema } },
      response: { 200: runIdResponse, 201: runIdResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const parameters = (request.body as { parameters?: Record<string, unknown> } | undefined)?.parameters ?? {};
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string') {
      const run = await engine.startRun(name, { parameters });
      return reply.status(201).send({ runId: run.runId });
    }
    // SET NX decides which request starts the run: every other one with the key answers its run id, once the
    // run is recorded (or, when the first start failed and freed the key, tries to be the first itself).
    const slot = `${engine.keys.base}:idempotency:${name.toLowerCase()}:${createHash('sha256').update(key).digest('hex')}`;
    const runId = randomUUID();
    for (let waited = 0; (await engine.redis.set(slot, runId, 'EX', IDEMPOTENCY_SECONDS, 'NX')) !== 'OK'; waited++) {
      const first = await engine.redis.get(slot);
      if (first && (await engine.redis.exists(engine.keys.summary(first)))) return reply.status(200).send({ runId: first });
      if (first && waited >= 200) return reply.status(200).send({ runId: first });
      await new Promise((r) => setTimeout(r, 25));
    }
    try {
      await engine.startRun(name, { parameters, runId });
    } catch (e) {
      // Nothing started: free the key (if it is still ours) so it may be used again.
      await engine.redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, slot, runId);
      throw e;
    }
    return reply.status(201).send({ runId });
  });

  app.post('/api/pipelines/:name/debug', {
    config: { role: 'operator', ...limited },
    schema: {
      tags, summary: 'Debug: run an unsaved pipeline document',
      params: { type: 'object', required: ['name'], properties: { name: NAME_SCHEMA } },
      body: { type: 'object', required: ['pipeline'], additionalProperties: false, properties: { pipeline: { type: 'object', required: ['properties'], additionalProperties: true, properties: { name: { type: 'string' }, properties: { type: 'object', additionalProperties: true } } }, parameters: parametersSchema } },
      response: { 201: runIdResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const body = request.body as { pipeline: { name?: string; properties: Record<string, unknown> }; parameters?: Record<string, unknown> };
    const pipeline = { ...body.pipeline, name };
    const problems = (await validateInFactory(context, 'pipeline', pipeline)).filter((p) => p.severity === 'error');
    if (problems.length) throw problemsError(`The pipeline '${name}'`, problems);
    const run = await engine.startRun(name, { pipeline, parameters: body.parameters ?? {}, invokedBy: { type: 'Debug', name: 'Debug' } });
    return reply.status(201).send({ runId: run.runId });
  });

  app.get('/api/runs', {
    config: { role: 'viewer' },
    schema: {
      tags, summary: 'Query runs (newest first, paginated)',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          pipeline: { type: 'string' }, status: { type: 'array', items: { type: 'string', enum: STATUSES } },
          from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' }, trigger: { type: 'string' },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 }, continuationToken: { type: 'string', pattern: '^\\d+$' },
        },
      },
      response: { 200: { type: 'object', required: ['value'], properties: { value: { type: 'array', items: anyObject }, continuationToken: { type: 'string' } } }, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query as { pipeline?: string; status?: string[]; from?: string; to?: string; trigger?: string; limit: number; continuationToken?: string };
    const query: RunQuery = {
      limit: q.limit,
      ...(q.pipeline ? { pipelineName: q.pipeline } : {}), ...(q.status?.length ? { status: q.status as RunQuery['status'] } : {}),
      ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}), ...(q.trigger ? { triggerName: q.trigger } : {}),
      ...(q.continuationToken ? { continuationToken: q.continuationToken } : {}),
    };
    const page = await engine.queries.listRuns(query);
    return { value: page.runs, ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}) };
  });

  app.get('/api/runs/:id', {
    config: { role: 'viewer' },
    schema: { tags, summary: 'A run with its activity runs', params: runIdParams, response: { 200: anyObject, ...errorResponses } },
  }, async (request) => {
    const { id } = request.params as { id: string };
    const run = await engine.getRun(id);
    return { ...run, activityRuns: await engine.queries.listActivityRuns(id) };
  });

  app.post('/api/runs/:id/cancel', {
    config: { role: 'operator' },
    schema: { tags, summary: 'Cancel a run', params: runIdParams, response: { 200: anyObject, ...errorResponses } },
  }, async (request) => engine.cancelRun((request.params as { id: string }).id, `cancelled through the API by ${request.apiKey?.id ?? 'unknown'}`));

  app.post('/api/runs/:id/rerun', {
    config: { role: 'operator', ...limited },
    schema: {
      tags, summary: 'Rerun a finished run: all, from the failed activity, or from an activity', params: runIdParams,
      body: { type: 'object', required: ['type'], additionalProperties: false, properties: { type: { type: 'string', enum: ['all', 'fromFailed', 'fromActivity'] }, activityName: { type: 'string', minLength: 1 } } },
      response: { 201: runIdResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const body = request.body as { type: RerunMode['type']; activityName?: string };
    if (body.type === 'fromActivity' && !body.activityName) throw new SluiceError('SCHEMA_VIOLATION', 'A rerun fromActivity needs activityName.', { pointer: '/activityName' });
    const mode: RerunMode = body.type === 'fromActivity' ? { type: 'fromActivity', activityName: body.activityName as string } : { type: body.type };
    const run = await engine.rerun((request.params as { id: string }).id, mode);
    return reply.status(201).send({ runId: run.runId });
  });

  app.get('/api/runs/:id/activities/:activityRunId/logs', {
    config: { role: 'viewer' },
    schema: {
      tags, summary: "An activity run's log lines (oldest first)",
      params: { type: 'object', required: ['id', 'activityRunId'], properties: { id: runIdParams.properties.id, activityRunId: runIdParams.properties.id } },
      response: { 200: listOf(anyObject), ...errorResponses },
    },
  }, async (request) => {
    const { id, activityRunId } = request.params as { id: string; activityRunId: string };
    await engine.getRun(id); // RUN_NOT_FOUND
    return { value: await engine.queries.getLogs(id, activityRunId) };
  });
};
