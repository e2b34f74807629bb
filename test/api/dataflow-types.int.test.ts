/**
 * `GET /api/dataflow-step-types` on the real server and Redis: the step catalog comes from `createCatalog()`
 * (the one place that imports `@sluice/activities`), answers every step type with its settings schema, needs
 * a key, and is empty — not an error — on a server whose catalog has no step types.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityRegistry, checkValue, controlActivities, type JsonSchema } from '@sluice/engine';
import { STEP_TYPES } from '@sluice/activities';
import { createCatalog } from '@sluice/api';
import { startApi, type Api } from './harness.js';

interface StepTypeBody {
  type: string;
  title: string;
  category: string;
  inputs: { min: number; max: number | null };
  namedOutputs: string[];
  outputsFromSettings: boolean;
  settings: JsonSchema & { properties: Record<string, { title?: string }>; required?: string[] };
  uiHints?: Record<string, { widget?: string; help?: string }>;
}

let api: Api;
let bare: Api;
beforeAll(async () => {
  const catalog = createCatalog();
  api = await startApi({ catalog: { activities: catalog.activities, dataFlowStepTypes: catalog.dataFlowStepTypes } });
  bare = await startApi({ catalog: { activities: new ActivityRegistry([...controlActivities]) } });
});
afterAll(async () => {
  await api?.close();
  await bare?.close();
});

describe('GET /api/dataflow-step-types', () => {
  it('answers every step type with its inputs, outputs and settings schema, to a viewer', async () => {
    const r = await api.call('GET', '/api/dataflow-step-types', { key: api.keys.viewer });
    expect(r.status).toBe(200);
    const types = r.body.value as StepTypeBody[];
    expect(types.map((t) => t.type).sort()).toEqual([...STEP_TYPES].sort());
    const byType = Object.fromEntries(types.map((t) => [t.type, t]));
    expect(byType.source).toMatchObject({ title: 'Source', category: 'Sources and sinks', inputs: { min: 0, max: 0 }, settings: { required: ['dataset'] } });
    expect(byType.union?.inputs).toEqual({ min: 2, max: null });
    expect(byType.validate?.namedOutputs).toEqual(['rejected']);
    expect(byType.conditionalSplit?.outputsFromSettings).toBe(true);
    expect(byType.filter?.settings.properties.condition?.title).toBe('Condition');
    expect(byType.join?.uiHints?.['/keys']?.widget).toBe('json');
    // The schema survives serialisation whole: it still tells good settings from bad ones.
    const sink = byType.sink!.settings;
    expect(checkValue(sink, { dataset: { referenceName: 'Out', type: 'DatasetReference' }, mode: 'append' }, '')).toEqual([]);
    expect(checkValue(sink, { dataset: { referenceName: 'Out' }, mode: 'upsert' }, '').map((p) => p.pointer)).toEqual(['/mode']);
  });

  it('needs a key: 401 without one, or with an unknown one', async () => {
    const anonymous = await api.call('GET', '/api/dataflow-step-types', { key: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    expect((await api.call('GET', '/api/dataflow-step-types', { key: 'sk_not-a-key' })).status).toBe(401);
    expect(api.app.sluiceRoutes.find((route) => route.url === '/api/dataflow-step-types')).toMatchObject({ method: 'GET', role: 'viewer', public: false });
  });

  it('is listed in the OpenAPI document', async () => {
    const doc = await api.call('GET', '/docs/json', { key: null });
    expect(doc.body.paths['/api/dataflow-step-types']?.get?.summary).toMatch(/step types/i);
  });

  it('answers an empty list on a server whose catalog has no step types', async () => {
    const r = await bare.call('GET', '/api/dataflow-step-types', { key: bare.keys.viewer });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ value: [] });
  });
});
