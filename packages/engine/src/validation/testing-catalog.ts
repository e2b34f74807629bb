import { defineActivity } from '../activities/contract.js';
import { controlActivities } from '../activities/control/index.js';
import { ActivityRegistry } from '../activities/registry.js';
import { SluiceError } from '../errors/index.js';
import { builtinDatasetTypes, builtinLinkedServiceTypes } from '../model/builtin-types.js';
import { TypeCatalog } from '../model/types-catalog.js';
import type { ValidationCatalog } from './pipeline.js';

const notHere = async (): Promise<never> => {
  throw new SluiceError('UNSUPPORTED_ACTIVITY_TYPE', 'Declared for validation tests only.');
};

/**
 * A validation catalog for tests: the engine's control activities plus declarations of ADF's Copy, Lookup and
 * Web (schemas only, as ADF documents their shape), and the built-in dataset and linked-service types. The
 * work activities' real implementations live in `@sluice/activities`; these declarations never run.
 */
export function testCatalog(): ValidationCatalog {
  const copy = defineActivity({
    type: 'Copy', version: 1, category: 'Move and transform', title: 'Copy data', description: 'ADF Copy (declaration for tests).',
    typeProperties: {
      type: 'object', required: ['source', 'sink'],
      properties: { source: { type: 'object' }, sink: { type: 'object' }, translator: { type: 'object' }, enableStaging: { type: 'boolean' } },
    } as const,
    run: notHere,
  });
  const lookup = defineActivity({
    type: 'Lookup', version: 1, category: 'General', title: 'Lookup', description: 'ADF Lookup (declaration for tests).',
    typeProperties: {
      type: 'object', required: ['source', 'dataset'],
      properties: { source: { type: 'object' }, dataset: { type: 'object' }, firstRowOnly: { type: 'boolean' } },
    } as const,
    run: notHere,
  });
  const web = defineActivity({
    type: 'WebActivity', version: 1, category: 'General', title: 'Web', description: 'ADF Web (declaration for tests).',
    typeProperties: {
      type: 'object', required: ['url', 'method'],
      properties: { url: { type: 'string' }, method: { type: 'string' }, headers: { type: 'object' }, body: {} },
    } as const,
    run: notHere,
  });
  return {
    activities: new ActivityRegistry([...controlActivities, copy, lookup, web]),
    datasetTypes: new TypeCatalog('dataset', builtinDatasetTypes),
    linkedServiceTypes: new TypeCatalog('linkedService', builtinLinkedServiceTypes),
  };
}
