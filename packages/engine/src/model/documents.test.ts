import { describe, expect, it } from 'vitest';
import { checkResourceSchema } from '../validation/schema-check.js';
import type { ResourceSchemaKind } from '../validation/schema-check.js';

const expr = (value: string) => ({ value, type: 'Expression' });
const at = (kind: ResourceSchemaKind, doc: unknown): string[] => checkResourceSchema(kind, doc).map((p) => p.pointer);

const wait = (name: string, extra: Record<string, unknown> = {}) => ({
  name, type: 'Wait', dependsOn: [], userProperties: [], typeProperties: { waitTimeInSeconds: 1 }, ...extra,
});
const pipeline = (properties: Record<string, unknown>, top: Record<string, unknown> = {}) => ({ name: 'P', properties, ...top });

describe('pipeline schema', () => {
  it('accepts a pipeline as ADF Studio exports it, metadata included', () => {
    const doc = pipeline(
      {
        description: 'Loads orders.',
        activities: [
          wait('First', {
            policy: { timeout: '0.12:00:00', retry: 0, retryIntervalInSeconds: 30, secureOutput: false, secureInput: false },
          }),
          wait('Second', {
            description: 'Runs after First whatever happens',
            dependsOn: [{ activity: 'First', dependencyConditions: ['Succeeded', 'failed', 'SKIPPED'] }],
            state: 'Inactive',
            onInactiveMarkAs: 'Skipped',
            policy: { timeout: expr('@pipeline().parameters.timeout'), retry: '@pipeline().parameters.retries' },
            userProperties: [{ name: 'Table', value: '@{item().name}' }],
            inputs: [{ referenceName: 'In', type: 'DatasetReference', parameters: { file: expr('@item()') } }],
            outputs: [{ referenceName: 'Out', type: 'DatasetReference' }],
            linkedServiceName: { referenceName: 'Ls', type: 'LinkedServiceReference' },
          }),
        ],
        parameters: {
          a: { type: 'String', defaultValue: 'x' }, b: { type: 'int', defaultValue: 1 }, c: { type: 'bool' },
          d: { type: 'Float' }, e: { type: 'array', defaultValue: [] }, f: { type: 'object' }, g: { type: 'SecureString' },
        },
        variables: { s: { type: 'String' }, b: { type: 'Boolean', defaultValue: false }, arr: { type: 'Array', defaultValue: [] }, n: { type: 'Integer' } },
        concurrency: 2,
        annotations: ['nightly'],
        folder: { name: 'Ingestion/Sales' },
        policy: { elapsedTimeMetric: { duration: '0.01:00:00' } },
        runDimensions: { source: '@pipeline().parameters.a' },
        lastPublishTime: '2024-05-14T09:21:37Z',
      },
      { type: 'Microsoft.DataFactory/factories/pipelines', etag: '3b00b1c2-0000-0d00-0000-6643d2e10000', id: '/subscriptions/…/pipelines/P' },
    );
    expect(checkResourceSchema('pipeline', doc)).toEqual([]);
  });

  it.each([
    ['a missing name', { properties: { activities: [] } }, ''],
    ['missing activities', { name: 'P', properties: {} }, '/properties'],
    ['a name with a dot', pipeline({ activities: [] }, { name: 'my.pipeline' }), '/name'],
    ['an unknown property', pipeline({ activities: [], activites: [] }), '/properties/activites'],
    ['an unknown parameter type', pipeline({ activities: [], parameters: { p: { type: 'Date' } } }), '/properties/parameters/p/type'],
    ['a parameter without type', pipeline({ activities: [], parameters: { p: { defaultValue: 1 } } }), '/properties/parameters/p'],
    ['a variable of parameter-only type', pipeline({ activities: [], variables: { v: { type: 'Object' } } }), '/properties/variables/v/type'],
    ['concurrency 0', pipeline({ activities: [], concurrency: 0 }), '/properties/concurrency'],
    ['a folder without name', pipeline({ activities: [], folder: {} }), '/properties/folder'],
    ['a foreign resource type', pipeline({ activities: [] }, { type: 'Microsoft.DataFactory/factories/datasets' }), '/type'],
  ])('rejects %s', (_label, doc, pointer) => {
    expect(at('pipeline', doc)).toEqual([pointer]);
  });
});

describe('activity envelope', () => {
  const inPipeline = (activity: unknown) => pipeline({ activities: [activity] });

  it.each([
    ['a name over 55 characters', wait('x'.repeat(56)), '/properties/activities/0/name'],
    ['a forbidden character in the name', wait('Copy:Orders'), '/properties/activities/0/name'],
    ['an empty type', { ...wait('A'), type: '' }, '/properties/activities/0/type'],
    ['a missing type', { name: 'A' }, '/properties/activities/0'],
    ['an unknown dependency condition', wait('A', { dependsOn: [{ activity: 'B', dependencyConditions: ['Succeded'] }] }), '/properties/activities/0/dependsOn/0/dependencyConditions/0'],
    ['an empty condition list', wait('A', { dependsOn: [{ activity: 'B', dependencyConditions: [] }] }), '/properties/activities/0/dependsOn/0/dependencyConditions'],
    ['a dependency without activity', wait('A', { dependsOn: [{ dependencyConditions: ['Succeeded'] }] }), '/properties/activities/0/dependsOn/0'],
    ['a malformed timeout', wait('A', { policy: { timeout: '2 hours' } }), '/properties/activities/0/policy/timeout'],
    ['a negative retry', wait('A', { policy: { retry: -1 } }), '/properties/activities/0/policy/retry'],
    ['an unknown policy key', wait('A', { policy: { retries: 3 } }), '/properties/activities/0/policy/retries'],
    ['a negative retry interval', wait('A', { policy: { retryIntervalInSeconds: -5 } }), '/properties/activities/0/policy/retryIntervalInSeconds'],
    ['an unknown state', wait('A', { state: 'Disabled' }), '/properties/activities/0/state'],
    ['an unknown inactive mark', wait('A', { state: 'Inactive', onInactiveMarkAs: 'Completed' }), '/properties/activities/0/onInactiveMarkAs'],
    ['a user property without value', wait('A', { userProperties: [{ name: 'x' }] }), '/properties/activities/0/userProperties/0'],
    ['an input of the wrong reference type', wait('A', { inputs: [{ referenceName: 'X', type: 'LinkedServiceReference' }] }), '/properties/activities/0/inputs/0/type'],
    ['typeProperties that are not an object', { ...wait('A'), typeProperties: [] }, '/properties/activities/0/typeProperties'],
    ['an unknown activity property', wait('A', { dependOn: [] }), '/properties/activities/0/dependOn'],
  ])('rejects %s', (_label, activity, pointer) => {
    expect(at('pipeline', inPipeline(activity))).toEqual([pointer]);
  });
});

describe('dataset schema', () => {
  const dataset = (properties: Record<string, unknown>) => ({
    name: 'Orders',
    properties: { linkedServiceName: { referenceName: 'Lake', type: 'LinkedServiceReference' }, type: 'DelimitedText', ...properties },
    type: 'Microsoft.DataFactory/factories/datasets',
  });

  it('accepts ADF’s dataset JSON with parameters, folder, schema and structure', () => {
    expect(checkResourceSchema('dataset', dataset({
      parameters: { file: { type: 'string' } },
      annotations: [],
      folder: { name: 'Lake' },
      typeProperties: { location: { type: 'AmazonS3CompatibleLocation', bucketName: 'b', fileName: expr('@dataset().file') } },
      schema: [{ name: 'id', type: 'INT32' }, { name: 'amount', type: 'decimal', precision: 18, scale: 2 }],
      structure: [{ name: 'id', type: 'Int32' }],
    }))).toEqual([]);
    expect(checkResourceSchema('dataset', dataset({ schema: expr('@dataset().columns') }))).toEqual([]);
  });

  it.each([
    ['a missing linked service', { name: 'D', properties: { type: 'Json' } }, '/properties'],
    ['a dash in the name (ADF forbids it for datasets)', { ...dataset({}), name: 'my-dataset' }, '/name'],
    ['a column without name', dataset({ schema: [{ type: 'String' }] }), '/properties/schema/0'],
    ['a linked service reference of the wrong type', dataset({ linkedServiceName: { referenceName: 'Lake', type: 'DatasetReference' } }), '/properties/linkedServiceName/type'],
  ])('rejects %s', (_label, doc, pointer) => {
    expect(at('dataset', doc)).toEqual([pointer]);
  });
});

describe('linked service schema', () => {
  it('accepts ADF’s linked service JSON, connectVia and version included', () => {
    expect(checkResourceSchema('linkedService', {
      name: 'Warehouse',
      type: 'Microsoft.DataFactory/factories/linkedservices',
      properties: {
        type: 'PostgreSqlV2',
        annotations: [],
        parameters: { db: { type: 'String', defaultValue: 'sales' } },
        connectVia: { referenceName: 'AutoResolveIntegrationRuntime', type: 'IntegrationRuntimeReference' },
        typeProperties: { server: 'pg', database: '@{linkedService().db}' },
        version: '2.0',
      },
    })).toEqual([]);
  });

  it.each([
    ['missing typeProperties', { name: 'L', properties: { type: 'PostgreSqlV2' } }, '/properties'],
    ['a folder (linked services have none)', { name: 'L', properties: { type: 'X', typeProperties: {}, folder: { name: 'f' } } }, '/properties/folder'],
  ])('rejects %s', (_label, doc, pointer) => {
    expect(at('linkedService', doc)).toEqual([pointer]);
  });
});

describe('data flow schema', () => {
  it('accepts the envelope of a mapping data flow and of a Sluice data flow', () => {
    for (const type of ['MappingDataFlow', 'SluiceDataFlow']) {
      expect(checkResourceSchema('dataflow', { name: 'Flow', properties: { type, folder: { name: 'Flows' }, typeProperties: { sources: [], sinks: [], scriptLines: [] } } })).toEqual([]);
    }
  });

  it('rejects an unknown data flow type at its pointer', () => {
    expect(at('dataflow', { name: 'Flow', properties: { type: 'WranglingDataFlow', typeProperties: {} } })).toEqual(['/properties/type']);
  });
});
