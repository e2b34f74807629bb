import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinActivities } from '@sluice/activities';
import { ActivityRegistry, controlActivities, validatePipeline, builtinDatasetTypes, builtinLinkedServiceTypes, TypeCatalog } from '@sluice/engine';
import { sluice } from '../helpers/cli.js';

// The data activities' declarations as the validator and the designer see them.
const catalog = {
  activities: new ActivityRegistry([...controlActivities, ...builtinActivities]),
  datasetTypes: new TypeCatalog('dataset', builtinDatasetTypes),
  linkedServiceTypes: new TypeCatalog('linkedService', builtinLinkedServiceTypes),
};

describe('data activity declarations', () => {
  it('are registered with ADF’s types and categories, and their uiHints point into their schemas', () => {
    const byType = Object.fromEntries(builtinActivities.map((a) => [a.type, a]));
    for (const [type, category] of [['Copy', 'Move and transform'], ['Lookup', 'General'], ['GetMetadata', 'General'], ['Delete', 'General'], ['WebActivity', 'General'], ['Validation', 'General']] as const) {
      expect(byType[type]?.category).toBe(category);
      const props = (byType[type]?.typeProperties as { properties: Record<string, unknown> }).properties;
      for (const pointer of Object.keys(byType[type]?.uiHints ?? {})) expect(props[pointer.split('/')[1] as string]).toBeDefined();
    }
  });

  it('the ADF sample factory validates against the real declarations (sluice validate)', async () => {
    const samples = fileURLToPath(new URL('../../packages/engine/fixtures/factories/adf-samples', import.meta.url));
    const r = await sluice('validate', samples, '--json');
    expect(JSON.parse(r.out)).toEqual({ problems: [] });
    expect(r.code).toBe(0);
  });

  it('reports typeProperties that do not fit, with a pointer', () => {
    const problems = validatePipeline({ name: 'P', properties: { activities: [
      { name: 'C', type: 'Copy', typeProperties: { source: { type: 'ParquetSource' }, sink: { type: 'ParquetSink' }, enableSkipIncompatibleRow: 'yes' } },
      { name: 'W', type: 'WebActivity', typeProperties: { method: 'GET' } },
      { name: 'G', type: 'GetMetadata', typeProperties: { dataset: { referenceName: 'D', type: 'DatasetReference' }, fieldList: ['sizeInBytes'] } },
    ] } }, catalog).filter((p) => p.code === 'TYPE_PROPERTIES_INVALID');
    expect(problems.map((p) => p.pointer)).toEqual(expect.arrayContaining([
      '/properties/activities/0/typeProperties/enableSkipIncompatibleRow',
      '/properties/activities/1/typeProperties',
      '/properties/activities/2/typeProperties/fieldList/0',
    ]));
  });
});
