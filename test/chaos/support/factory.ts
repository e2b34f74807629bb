import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '@sluice/engine/runtime';
import { act, after, pipeline } from '../../helpers/engine.js';

type Doc = { name: string; properties: Record<string, unknown> };

/** Retries for every work activity of the chaos pipelines: a killed attempt is retried at once. */
export const RETRY = { retry: 4, retryIntervalInSeconds: 0 };

/** Control flow over test activities: ForEach of sleeps, an If, an Until with AppendVariable. */
export function controlPipeline(): Doc {
  return pipeline('ChaosControl', [
    act('Each', 'ForEach', {
      items: { value: '@range(0, 3)', type: 'Expression' },
      batchCount: 3,
      activities: [act('Work', 'TestSleep', { ms: 250 }, { policy: RETRY })],
    }),
    act('Branch', 'IfCondition', {
      expression: { value: '@pipeline().parameters.branch', type: 'Expression' },
      ifTrueActivities: [act('Yes', 'TestEcho', { value: "@{pipeline().RunId}" }, { policy: RETRY })],
      ifFalseActivities: [act('No', 'TestSleep', { ms: 150 }, { policy: RETRY })],
    }, { dependsOn: [after('Each')] }),
    act('Loop', 'Until', {
      expression: { value: "@greaterOrEquals(length(variables('acc')), 2)", type: 'Expression' },
      timeout: '0.00:10:00',
      activities: [
        act('Tick', 'TestSleep', { ms: 100 }, { policy: RETRY }),
        act('Add', 'AppendVariable', { variableName: 'acc', value: 'x' }, { dependsOn: [after('Tick')] }),
      ],
    }, { dependsOn: [after('Branch')] }),
  ], { parameters: { branch: { type: 'Bool', defaultValue: true } }, variables: { acc: { type: 'Array', defaultValue: [] } } });
}

/** CSV (with declared types) → Parquet through the built-in Copy, file names from parameters. */
export function copyFactory(root: string): { linkedServices: Doc[]; datasets: Doc[]; pipelines: Doc[] } {
  const lsRef = { referenceName: 'ChaosDisk', type: 'LinkedServiceReference' };
  return {
    linkedServices: [{ name: 'ChaosDisk', properties: { type: 'LocalFileSystem', typeProperties: { rootPath: root } } }],
    datasets: [
      { name: 'ChaosCsv', properties: {
        type: 'DelimitedText', linkedServiceName: lsRef, parameters: { file: { type: 'String' } },
        typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath: 'in', fileName: { value: '@dataset().file', type: 'Expression' } }, columnDelimiter: ',', firstRowAsHeader: true, quoteChar: '"', escapeChar: '"' },
        schema: [{ name: 'id', type: 'Int32' }, { name: 'name', type: 'String' }, { name: 'amount', type: 'Double' }],
      } },
      { name: 'ChaosParquet', properties: {
        type: 'Parquet', linkedServiceName: lsRef, parameters: { file: { type: 'String' } },
        typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath: 'out', fileName: { value: '@dataset().file', type: 'Expression' } } },
      } },
    ],
    pipelines: [pipeline('ChaosCopy', [
      act('Copy', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'ParquetSink' }, fastPath: false }, {
        policy: RETRY,
        inputs: [{ referenceName: 'ChaosCsv', type: 'DatasetReference', parameters: { file: '@pipeline().parameters.src' } }],
        outputs: [{ referenceName: 'ChaosParquet', type: 'DatasetReference', parameters: { file: '@pipeline().parameters.dst' } }],
      }),
    ], { parameters: { src: { type: 'String' }, dst: { type: 'String' } } })],
  };
}

/** Writes `count` source CSVs under `root/in`, file k holding 1,000·(k+1) rows; returns their row counts by name. */
export function writeSources(root: string, count: number): Map<string, number> {
  mkdirSync(join(root, 'in'), { recursive: true });
  mkdirSync(join(root, 'out'), { recursive: true });
  const rows = new Map<string, number>();
  for (let k = 0; k < count; k++) {
    const n = 1000 * (k + 1);
    const lines = ['id,name,amount'];
    for (let i = 1; i <= n; i++) lines.push(`${i},"row ${i}, file ${k}",${(i * 1.25).toFixed(2)}`);
    writeFileSync(join(root, 'in', `src-${k}.csv`), `${lines.join('\n')}\n`);
    rows.set(`src-${k}.csv`, n);
  }
  return rows;
}

/** Stores documents in the engine's factory. */
export async function putAll(engine: Engine, docs: { linkedServices?: Doc[]; datasets?: Doc[]; dataflows?: Doc[]; pipelines?: Doc[] }): Promise<void> {
  for (const d of docs.linkedServices ?? []) await engine.factory.put('linkedService', d);
  for (const d of docs.datasets ?? []) await engine.factory.put('dataset', d);
  for (const d of docs.dataflows ?? []) await engine.factory.put('dataflow', d);
  for (const d of docs.pipelines ?? []) await engine.factory.put('pipeline', d);
}

/**
 * A data flow over the same source CSVs: source → filter (`id % 3 <> 0`) → a sink of the kept rows (one part file in
 * `flow/<dst>/kept`), and → derive `bucket = id % 4` → aggregate per bucket (`n`, `total`) → a sink partitioned by
 * bucket (`flow/<dst>/agg/bucket=<b>/…`): one single-file and one multi-file publication per run. Run by the pipeline
 * `ChaosFlow` (ExecuteDataFlow, parameters `src` and `dst`). Needs the datasets of {@link copyFactory}.
 */
export function dataFlowFactory(): { datasets: Doc[]; dataflows: Doc[]; pipelines: Doc[] } {
  const lsRef = { referenceName: 'ChaosDisk', type: 'LinkedServiceReference' };
  const flowOut = (param: string): Record<string, unknown> => ({ referenceName: 'ChaosFlowOut', parameters: { folder: `$${param}` } });
  return {
    datasets: [{ name: 'ChaosFlowOut', properties: {
      type: 'Parquet', linkedServiceName: lsRef, parameters: { folder: { type: 'String' } },
      typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath: { value: '@dataset().folder', type: 'Expression' } } },
    } }],
    dataflows: [{ name: 'ChaosFlow', properties: { type: 'SluiceDataFlow', typeProperties: {
      parameters: { src: { type: 'string' }, keptDir: { type: 'string' }, aggDir: { type: 'string' } },
      steps: [
        { name: 'rows', type: 'source', dataset: { referenceName: 'ChaosCsv', parameters: { file: '$src' } } },
        { name: 'kept', type: 'filter', inputs: ['rows'], condition: 'id % 3 <> 0' },
        { name: 'bucketed', type: 'derive', inputs: ['kept'], columns: [{ name: 'bucket', expression: 'id % 4' }] },
        { name: 'per_bucket', type: 'aggregate', inputs: ['bucketed'], groupBy: ['bucket'], aggregates: [{ name: 'n', function: 'count' }, { name: 'total', function: 'sum', column: 'amount' }] },
        { name: 'kept_out', type: 'sink', inputs: ['kept'], dataset: flowOut('keptDir'), mode: 'overwrite' },
        { name: 'agg_out', type: 'sink', inputs: ['per_bucket'], dataset: flowOut('aggDir'), mode: 'overwrite', partitionBy: ['bucket'] },
      ],
    } } }],
    pipelines: [pipeline('ChaosFlow', [
      act('Flow', 'ExecuteDataFlow', { dataflow: { referenceName: 'ChaosFlow', type: 'DataFlowReference', parameters: {
        src: '@pipeline().parameters.src',
        keptDir: "@concat('flow/', pipeline().parameters.dst, '/kept')",
        aggDir: "@concat('flow/', pipeline().parameters.dst, '/agg')",
      } } }, { policy: RETRY }),
    ], { parameters: { src: { type: 'String' }, dst: { type: 'String' } } })],
  };
}

/** What {@link dataFlowFactory}'s flow writes for a source of `rows` rows (ids 1..rows): kept rows, and n per bucket. */
export function expectedFlowOutput(rows: number): { kept: number; perBucket: Map<number, number> } {
  const perBucket = new Map<number, number>();
  let kept = 0;
  for (let id = 1; id <= rows; id++) {
    if (id % 3 === 0) continue;
    kept++;
    perBucket.set(id % 4, (perBucket.get(id % 4) ?? 0) + 1);
  }
  return { kept, perBucket };
}
