import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../errors/index.js';
import { validateFactory, type FactoryDocument, type ResourceKind } from './factory.js';
import { validatePipeline } from './pipeline.js';
import { indexResource } from './references.js';
import type { Problem } from './problem.js';
import { testCatalog } from './testing-catalog.js';

const catalog = testCatalog();
const samples = fileURLToPath(new URL('../../fixtures/factories/adf-samples/', import.meta.url));
const KINDS: Record<string, ResourceKind> = { pipeline: 'pipeline', dataset: 'dataset', linkedService: 'linkedService', trigger: 'trigger' };

function loadSamples(): FactoryDocument[] {
  return Object.entries(KINDS).flatMap(([dir, kind]) =>
    readdirSync(join(samples, dir)).map((f) => ({ kind, file: `${dir}/${f}`, doc: JSON.parse(readFileSync(join(samples, dir, f), 'utf8')) as unknown })),
  );
}

const errors = (problems: Problem[]): Problem[] => problems.filter((p) => p.severity === 'error');
const codes = (problems: Problem[]): Array<[ErrorCode, string]> => problems.map((p) => [p.code, p.pointer]);

function pipe(activities: unknown[], extra: Record<string, unknown> = {}): unknown {
  return { name: 'P', properties: { activities, ...extra } };
}

const wait = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name, type: 'Wait', typeProperties: { waitTimeInSeconds: 1 }, ...extra });
const dep = (activity: string, ...conditions: string[]) => ({ activity, dependencyConditions: conditions.length ? conditions : ['Succeeded'] });

describe('realistic ADF factories', () => {
  it('validate with no false errors', () => {
    const problems = validateFactory(loadSamples(), catalog);
    expect(problems).toEqual([]);
  });

  it('covers the patterns the samples are meant to hold', () => {
    const names = loadSamples().filter((d) => d.kind === 'pipeline').map((d) => (d.doc as { name: string }).name).sort();
    expect(names).toEqual(['ArchiveIfLarge', 'CopyTablesToLake', 'IngestWithFailureBranch', 'Orchestrator', 'PollUntilReady', 'RouteByRegion']);
  });
});

describe('validatePipeline: each kind of problem with its code and pointer', () => {
  it.each<[string, unknown, Array<[ErrorCode, string]>]>([
    ['a schema violation', pipe([{ type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }]), [['SCHEMA_VIOLATION', '/properties/activities/0']]],
    ['duplicate names, nested included and case-insensitive', pipe([
      wait('Step'),
      { name: 'Loop', type: 'ForEach', typeProperties: { items: { value: '@createArray(1)', type: 'Expression' }, activities: [wait('step')] } },
    ]), [['DUPLICATE_ACTIVITY_NAME', '/properties/activities/1/typeProperties/activities/0/name']]],
    ['a dependency on a missing activity', pipe([wait('A', { dependsOn: [dep('Nope')] })]), [['DEPENDENCY_NOT_FOUND', '/properties/activities/0/dependsOn/0/activity']]],
    ['a dependency into another scope', pipe([
      { name: 'Loop', type: 'ForEach', typeProperties: { items: { value: '@createArray(1)', type: 'Expression' }, activities: [wait('Inner')] } },
      wait('After', { dependsOn: [dep('Inner')] }),
    ]), [['DEPENDENCY_OUT_OF_SCOPE', '/properties/activities/1/dependsOn/0/activity']]],
    ['a dependency on itself', pipe([wait('A', { dependsOn: [dep('A')] })]), [['DEPENDENCY_ON_SELF', '/properties/activities/0/dependsOn/0/activity']]],
    ['an unknown activity type', pipe([{ name: 'X', type: 'Teleport', typeProperties: {} }]), [['UNSUPPORTED_ACTIVITY_TYPE', '/properties/activities/0/type']]],
    ['typeProperties against the type schema', pipe([
      { name: 'Loop', type: 'ForEach', typeProperties: { items: { value: '@createArray(1)', type: 'Expression' }, batchCount: 100, activities: [] } },
    ]), [['TYPE_PROPERTIES_INVALID', '/properties/activities/0/typeProperties/batchCount']]],
    ['an expression that does not parse', pipe([wait('A', { typeProperties: { waitTimeInSeconds: "@add(1, 'x'" } })]), [['EXPRESSION_SYNTAX', '/properties/activities/0/typeProperties/waitTimeInSeconds']]],
    ['an unknown function', pipe([wait('A', { typeProperties: { waitTimeInSeconds: '@addd(1, 2)' } })]), [['EXPRESSION_UNKNOWN_FUNCTION', '/properties/activities/0/typeProperties/waitTimeInSeconds']]],
    ['a function with the wrong arity', pipe([wait('A', { typeProperties: { waitTimeInSeconds: '@add(1)' } })]), [['EXPRESSION_ARITY', '/properties/activities/0/typeProperties/waitTimeInSeconds']]],
    ['a missing pipeline parameter', pipe([wait('A', { typeProperties: { waitTimeInSeconds: '@pipeline().parameters.nope' } })], { parameters: { delay: { type: 'Int', defaultValue: 1 } } }),
      [['PARAMETER_NOT_FOUND', '/properties/activities/0/typeProperties/waitTimeInSeconds']]],
    ['a missing variable in an expression', pipe([wait('A', { typeProperties: { waitTimeInSeconds: "@variables('nope')" } })]), [['VARIABLE_NOT_FOUND', '/properties/activities/0/typeProperties/waitTimeInSeconds']]],
    ['a Set Variable to an undeclared variable', pipe([{ name: 'Set', type: 'SetVariable', typeProperties: { variableName: 'nope', value: 'x' } }], { variables: { status: { type: 'String' } } }),
      [['VARIABLE_NOT_FOUND', '/properties/activities/0/typeProperties/variableName']]],
    ['an activity that does not exist', pipe([wait('A', { typeProperties: { waitTimeInSeconds: "@activity('Ghost').output.n" } })]), [['ACTIVITY_NOT_FOUND', '/properties/activities/0/typeProperties/waitTimeInSeconds']]],
    ['an activity that is not upstream', pipe([wait('A'), wait('B', { typeProperties: { waitTimeInSeconds: "@activity('A').output.n" } })]),
      [['ACTIVITY_NOT_UPSTREAM', '/properties/activities/1/typeProperties/waitTimeInSeconds']]],
    ['item() outside a ForEach', pipe([wait('A', { typeProperties: { waitTimeInSeconds: '@item()' } })]), [['ITEM_OUTSIDE_FOREACH', '/properties/activities/0/typeProperties/waitTimeInSeconds']]],
    ['a default value of the wrong type', pipe([wait('A')], { parameters: { n: { type: 'Int', defaultValue: 'ten' } } }), [['PARAMETER_TYPE_MISMATCH', '/properties/parameters/n/defaultValue']]],
  ])('%s', (_title, doc, expected) => {
    expect(codes(errors(validatePipeline(doc, catalog)))).toEqual(expected);
  });

  it('reports a cycle with its path', () => {
    const problems = validatePipeline(pipe([wait('A', { dependsOn: [dep('C')] }), wait('B', { dependsOn: [dep('A')] }), wait('C', { dependsOn: [dep('B')] })]), catalog);
    expect(codes(problems)).toEqual([['PIPELINE_CYCLE', '/properties/activities/1/dependsOn/0']]);
    expect(problems[0]?.message).toBe('The dependencies form a cycle: B → C → A → B.');
  });

  it('gives the position of a syntax error inside the expression', () => {
    const [p] = validatePipeline(pipe([wait('A', { typeProperties: { waitTimeInSeconds: "@add(1, 'x'" } })]), catalog);
    expect(p?.position).toBe(11);
  });

  it('checks the envelope of nested activities too', () => {
    const problems = validatePipeline(pipe([
      { name: 'Loop', type: 'ForEach', typeProperties: { items: { value: '@createArray(1)', type: 'Expression' }, activities: [{ name: 'Bad/Name', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }] } },
    ]), catalog);
    expect(codes(problems)).toEqual([['SCHEMA_VIOLATION', '/properties/activities/0/typeProperties/activities/0/name']]);
  });

  it('names the known types when a type is unknown', () => {
    const [p] = validatePipeline(pipe([{ name: 'X', type: 'Teleport', typeProperties: {} }]), catalog);
    expect(p?.message).toContain('ForEach');
    expect(p?.message).toContain('Copy');
  });

  it('accepts what ADF accepts: case-insensitive types, function names and conditions; upstream reads; Until reading its body', () => {
    const problems = validatePipeline(pipe([
      { name: 'First', type: 'wait', typeProperties: { waitTimeInSeconds: '@ADD(1, 2)' } },
      { name: 'Loop', type: 'foreach', dependsOn: [{ activity: 'First', dependencyConditions: ['succeeded'] }], typeProperties: {
        items: { value: "@createArray(activity('First').output)", type: 'Expression' },
        activities: [
          { name: 'Use', type: 'SetVariable', typeProperties: { variableName: 'last', value: "@string(activity('first').output)" } },
          { name: 'Again', type: 'Wait', dependsOn: [dep('Use')], typeProperties: { waitTimeInSeconds: "@if(empty(item()), 1, length(variables('LAST')))" } },
        ],
      } },
      { name: 'Poll', type: 'Until', typeProperties: {
        expression: { value: "@equals(activity('Check').output.status, 'done')", type: 'Expression' },
        activities: [wait('Check')],
      } },
    ], { variables: { last: { type: 'String' } } }), catalog);
    expect(problems).toEqual([]);
  });

  it("allows item() in a Filter's condition, but not in its items", () => {
    const filter = (items: string, condition: string): unknown => pipe([{ name: 'F', type: 'Filter', typeProperties: { items: { value: items, type: 'Expression' }, condition: { value: condition, type: 'Expression' } } }]);
    expect(validatePipeline(filter('@createArray(1, 2)', '@greater(item(), 1)'), catalog)).toEqual([]);
    expect(codes(validatePipeline(filter('@item()', '@true'), catalog))).toEqual([['ITEM_OUTSIDE_FOREACH', '/properties/activities/0/typeProperties/items/value']]);
  });

  it('lets an activity inside a container read what is upstream of the container', () => {
    const problems = validatePipeline(pipe([
      wait('Before'),
      { name: 'Branch', type: 'IfCondition', dependsOn: [dep('Before')], typeProperties: {
        expression: { value: '@bool(true)', type: 'Expression' },
        ifTrueActivities: [wait('Inside', { typeProperties: { waitTimeInSeconds: "@activity('Before').output.n" } })],
      } },
    ]), catalog);
    expect(problems).toEqual([]);
  });
});

describe('validateFactory: references between resources', () => {
  const docs = (): FactoryDocument[] => loadSamples();
  const pipelineDoc = (doc: unknown): FactoryDocument => ({ kind: 'pipeline', file: 'pipeline/Broken.json', doc });

  it.each<[string, unknown, ErrorCode, string]>([
    ['a missing dataset', pipe([{ name: 'L', type: 'Lookup', typeProperties: { source: {}, dataset: { referenceName: 'Nope', type: 'DatasetReference' } } }]),
      'DATASET_NOT_FOUND', '/properties/activities/0/typeProperties/dataset/referenceName'],
    ['a missing pipeline', pipe([{ name: 'E', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: 'Nope', type: 'PipelineReference' } } }]),
      'PIPELINE_NOT_FOUND', '/properties/activities/0/typeProperties/pipeline/referenceName'],
    ['a dataset parameter without default that is not given',
      pipe([{ name: 'L', type: 'Lookup', typeProperties: { source: {}, dataset: { referenceName: 'PostgresTable', type: 'DatasetReference' } } }]),
      'REQUIRED_PARAMETER_MISSING', '/properties/activities/0/typeProperties/dataset'],
  ])('%s', (_title, doc, code, pointer) => {
    const problems = errors(validateFactory([...docs(), pipelineDoc({ ...(doc as object), name: 'Broken' })], catalog));
    expect(problems.map((p) => [p.code, p.pointer, p.file])).toEqual([[code, pointer, 'pipeline/Broken.json']]);
  });

  it('reads ExecutePipeline parameters beside the pipeline reference', () => {
    const child = { kind: 'pipeline' as const, file: 'pipeline/Child.json', doc: { name: 'Child', properties: { parameters: { name: { type: 'String' } }, activities: [wait('W')] } } };
    const call = (parameters: Record<string, unknown> | undefined): FactoryDocument => pipelineDoc({
      name: 'Broken',
      properties: { activities: [{ name: 'Call', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: 'Child', type: 'PipelineReference' }, ...(parameters ? { parameters } : {}) } }] },
    });
    expect(validateFactory([child, call({ name: 'x' })], catalog)).toEqual([]);
    expect(errors(validateFactory([child, call(undefined)], catalog)).map((p) => [p.code, p.pointer])).toEqual([
      ['REQUIRED_PARAMETER_MISSING', '/properties/activities/0/typeProperties/pipeline'],
    ]);
    expect(validateFactory([child, call({ name: 'x', extra: 1 })], catalog).map((p) => [p.code, p.severity, p.pointer])).toEqual([
      ['PARAMETER_NOT_FOUND', 'warning', '/properties/activities/0/typeProperties/parameters/extra'],
    ]);
  });

  it('indexes the parameters a Sluice data flow declares in its typeProperties', () => {
    const flow = { name: 'F', properties: { type: 'SluiceDataFlow', typeProperties: { parameters: { root: { type: 'string' }, day: { type: 'string', defaultValue: 'x' } }, steps: [] } } };
    expect(indexResource(flow)?.parameters).toEqual({ root: { type: 'string' }, day: { type: 'string', defaultValue: 'x' } });
  });

  it('reports unsupported dataset and linked service types and missing linked services', () => {
    const problems = errors(validateFactory([
      { kind: 'linkedService', file: 'linkedService/Mainframe.json', doc: { name: 'Mainframe', properties: { type: 'Db2Zos', typeProperties: {} } } },
      { kind: 'dataset', file: 'dataset/Cobol.json', doc: { name: 'Cobol', properties: { type: 'CobolCopybook', linkedServiceName: { referenceName: 'Mainframe', type: 'LinkedServiceReference' }, typeProperties: {} } } },
      { kind: 'dataset', file: 'dataset/Orphan.json', doc: { name: 'Orphan', properties: { type: 'Json', linkedServiceName: { referenceName: 'Gone', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'LocalFileSystemLocation', fileName: 'a.json' } } } } },
    ], catalog));
    expect(problems.map((p) => [p.code, p.pointer, p.file])).toEqual([
      ['UNSUPPORTED_LINKED_SERVICE_TYPE', '/properties/type', 'linkedService/Mainframe.json'],
      ['UNSUPPORTED_DATASET_TYPE', '/properties/type', 'dataset/Cobol.json'],
      ['LINKED_SERVICE_NOT_FOUND', '/properties/linkedServiceName/referenceName', 'dataset/Orphan.json'],
    ]);
  });

  it('checks @dataset() parameters in a dataset', () => {
    const problems = errors(validateFactory([
      ...docs(),
      { kind: 'dataset', file: 'dataset/Files.json', doc: { name: 'Files', properties: {
        type: 'Json', linkedServiceName: { referenceName: 'LakeMinio', type: 'LinkedServiceReference' }, parameters: { folder: { type: 'String' } },
        typeProperties: { location: { type: 'AmazonS3CompatibleLocation', bucketName: 'lake', folderPath: { value: '@dataset().folders', type: 'Expression' } } },
      } } },
    ], catalog));
    expect(problems.map((p) => [p.code, p.pointer])).toEqual([['PARAMETER_NOT_FOUND', '/properties/typeProperties/location/folderPath/value']]);
  });

  it('warns when a file name does not match the resource name, and errors on duplicate names', () => {
    const problems = validateFactory([
      { kind: 'pipeline', file: 'pipeline/One.json', doc: pipe([wait('A')]) },
      { kind: 'pipeline', file: 'pipeline/P.json', doc: pipe([wait('A')]) },
    ], catalog);
    expect(problems.map((p) => [p.code, p.severity, p.file])).toEqual([
      ['RESOURCE_NAME_MISMATCH', 'warning', 'pipeline/One.json'],
      ['DUPLICATE_RESOURCE_NAME', 'error', 'pipeline/P.json'],
    ]);
  });
});
