import { predictRows, predictSequences, type ModelArtifact, type SequenceArtifact } from '@sluice/activities';
import { SluiceError, type ModelStage, type ModelVersion } from '@sluice/engine';
import { NAME_SCHEMA, type ServerContext } from '../context.js';
import { anyObject, errorResponses } from '../http.js';
import type { RoutePlugin } from './index.js';

const STAGES = ['none', 'staging', 'production', 'archived'];
const modelParams = { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 120, pattern: '^[A-Za-z0-9_.-]+$' } } } as const;
const versionParams = { type: 'object', required: ['name', 'version'], properties: { name: modelParams.properties.name, version: { type: 'integer', minimum: 1 } } } as const;
const listResponse = { type: 'object', required: ['value'], properties: { value: { type: 'array', items: anyObject } } } as const;

/** Parsed artifacts kept in memory by `name@version`: a version never changes, so the cache never goes stale. */
class ArtifactCache {
  readonly #entries = new Map<string, ModelArtifact | SequenceArtifact>();
  constructor(private readonly capacity = 16) {}
  async get(version: ModelVersion, load: () => Promise<string>): Promise<ModelArtifact | SequenceArtifact> {
    const key = `${version.name}@${version.version}`;
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const parsed = JSON.parse(await load()) as ModelArtifact | SequenceArtifact;
    this.#entries.set(key, parsed);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
    return parsed;
  }
}

/**
 * Models: the registry (models, versions, stages, training runs) and the serving endpoint, which validates
 * rows against the model's feature schema and answers predictions with probabilities.
 */
export const modelRoutes: RoutePlugin = async (app, context: ServerContext) => {
  const { engine } = context;
  const tags = ['models'];
  const cache = new ArtifactCache();

  app.get('/api/models', {
    config: { role: 'viewer' },
    schema: { tags, summary: 'Registered models (each with its latest version)', response: { 200: listResponse, ...errorResponses } },
  }, async () => ({ value: await engine.models.listModels() }));

  app.get('/api/models/:name/versions', {
    config: { role: 'viewer' },
    schema: { tags, summary: "A model's versions, newest first", params: modelParams, response: { 200: listResponse, ...errorResponses } },
  }, async (request) => {
    const { name } = request.params as { name: string };
    const value = await engine.models.listVersions(name);
    if (value.length === 0) throw new SluiceError('MODEL_NOT_FOUND', `No model is registered as '${name}'.`);
    return { value };
  });

  app.get('/api/models/:name/versions/:version', {
    config: { role: 'viewer' },
    schema: { tags, summary: 'One model version', params: versionParams, response: { 200: anyObject, ...errorResponses } },
  }, async (request) => {
    const { name, version } = request.params as { name: string; version: number };
    return engine.models.getVersion(name, { version });
  });

  app.post('/api/models/:name/versions/:version/stage', {
    config: { role: 'editor' },
    schema: {
      tags, summary: 'Move a version to a stage (production archives the previous production version)', params: versionParams,
      body: { type: 'object', required: ['stage'], additionalProperties: false, properties: { stage: { type: 'string', enum: STAGES } } },
      response: { 200: anyObject, ...errorResponses },
    },
  }, async (request) => {
    const { name, version } = request.params as { name: string; version: number };
    const { stage } = request.body as { stage: ModelStage };
    return engine.models.setStage(name, version, stage);
  });

  app.get('/api/training-runs', {
    config: { role: 'viewer' },
    schema: {
      tags, summary: 'Training runs (experiment tracking), newest first',
      querystring: { type: 'object', additionalProperties: false, properties: { experiment: NAME_SCHEMA, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } } },
      response: { 200: listResponse, ...errorResponses },
    },
  }, async (request) => {
    const q = request.query as { experiment?: string; limit: number };
    return { value: await engine.models.listTrainingRuns({ limit: q.limit, ...(q.experiment ? { experiment: q.experiment } : {}) }) };
  });

  app.post('/api/models/:name/predict', {
    // Scoring changes nothing: not audited.
    config: { role: 'operator', audit: false },
    schema: {
      tags, summary: 'Score rows with a model (by version, stage, or the latest)', params: modelParams,
      body: {
        type: 'object', required: ['rows'], additionalProperties: false,
        properties: {
          rows: { type: 'array', minItems: 1, maxItems: 10_000, items: { type: 'object', additionalProperties: true } },
          version: { type: 'integer', minimum: 1 },
          stage: { type: 'string', enum: STAGES },
        },
      },
      response: {
        200: {
          type: 'object', required: ['model', 'predictions', 'latencyMs'],
          properties: { model: anyObject, predictions: { type: 'array', items: anyObject }, latencyMs: { type: 'number' } },
        },
        ...errorResponses,
      },
    },
  }, async (request) => {
    const started = performance.now();
    const { name } = request.params as { name: string };
    const body = request.body as { rows: Record<string, unknown>[]; version?: number; stage?: ModelStage };
    const version = await engine.models.getVersion(name, { ...(body.version !== undefined ? { version: body.version } : {}), ...(body.stage ? { stage: body.stage } : {}) });
    const artifact = await cache.get(version, () => engine.models.loadArtifact(version));
    const predictions = artifact.format === 'sluice-sequence-model@1' ? await predictSequences(artifact, body.rows) : predictRows(artifact, body.rows);
    return { model: { name: version.name, version: version.version, stage: version.stage }, predictions, latencyMs: Math.round((performance.now() - started) * 1000) / 1000 };
  });
};
