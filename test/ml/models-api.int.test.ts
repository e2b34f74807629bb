import { trainModel } from '@sluice/activities';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../api/harness.js';

// The registry and serving routes against the real server, engine and Redis.
let api: Api;
beforeAll(async () => {
  api = await startApi();
  const rows = Array.from({ length: 400 }, (_, i) => ({ x: i % 40, colour: i % 3 === 0 ? 'red' : 'blue', label: i % 40 > 20 ? 'high' : 'low' }));
  const trained = trainModel(rows, { task: 'binaryClassification', target: 'label', algorithm: 'logisticRegression', preprocessing: { scaling: 'standard' } });
  for (let i = 0; i < 2; i++) {
    await api.engine.models.recordTraining({
      experiment: 'levels', startedAt: new Date().toISOString(), durationMs: 5, algorithm: 'logisticRegression', task: 'binaryClassification',
      params: {}, metrics: trained.metrics, lineage: { dataset: 'Levels', rows: 400, runId: 'r', pipelineName: 'p', activityName: 'Train' },
    }, { name: 'levels', artifact: JSON.stringify(trained.artifact), featureSchema: trained.artifact.featureSchema });
  }
});
afterAll(async () => {
  await api.close();
});

describe('model routes', () => {
  it('lists models, versions and training runs', async () => {
    const models = await api.call('GET', '/api/models', { key: api.keys.viewer });
    expect(models.status).toBe(200);
    expect(models.body.value).toEqual([expect.objectContaining({ name: 'levels', version: 2, stage: 'none' })]);
    const versions = await api.call('GET', '/api/models/levels/versions', { key: api.keys.viewer });
    expect(versions.body.value.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const runs = await api.call('GET', '/api/training-runs?experiment=levels', { key: api.keys.viewer });
    expect(runs.body.value).toHaveLength(2);
    expect((await api.call('GET', '/api/models/nothing/versions')).body.code).toBe('MODEL_NOT_FOUND');
  });

  it('promotes a version (editor only) and serves predictions from the production stage', async () => {
    expect((await api.call('POST', '/api/models/levels/versions/1/stage', { key: api.keys.operator, body: { stage: 'production' } })).status).toBe(403);
    const promoted = await api.call('POST', '/api/models/levels/versions/1/stage', { key: api.keys.editor, body: { stage: 'production' } });
    expect(promoted.body).toMatchObject({ version: 1, stage: 'production' });
    const scored = await api.call('POST', '/api/models/levels/predict', { key: api.keys.operator, body: { stage: 'production', rows: [{ x: 39, colour: 'red' }, { x: 1, colour: 'blue' }] } });
    expect(scored.status).toBe(200);
    expect(scored.body.model).toEqual({ name: 'levels', version: 1, stage: 'production' });
    expect(scored.body.predictions.map((p: { prediction: string }) => p.prediction)).toEqual(['high', 'low']);
    expect(scored.body.predictions[0].probabilities.high).toBeGreaterThan(0.5);
    expect(typeof scored.body.latencyMs).toBe('number');
    expect((await api.call('POST', '/api/models/levels/predict', { key: api.keys.viewer, body: { rows: [{ x: 1, colour: 'red' }] } })).status).toBe(403);
  });

  it('refuses rows that do not match the feature schema, naming the row and column', async () => {
    const missing = await api.call('POST', '/api/models/levels/predict', { body: { rows: [{ x: 1, colour: 'red' }, { colour: 'red' }] } });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'MODEL_INPUT_INVALID' });
    expect(missing.body.message).toMatch(/Row 2 has no column 'x'/);
    const wrongType = await api.call('POST', '/api/models/levels/predict', { body: { rows: [{ x: 'many', colour: 'red' }] } });
    expect(wrongType.body.message).toMatch(/Row 1, column 'x': expected a number/);
    expect((await api.call('POST', '/api/models/levels/predict', { body: { rows: [] } })).status).toBe(400);
  });
});
