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
export async function putAll(engine: Engine, docs: { linkedServices?: Doc[]; datasets?: Doc[]; pipelines?: Doc[] }): Promise<void> {
  for (const d of docs.linkedServices ?? []) await engine.factory.put('linkedService', d);
  for (const d of docs.datasets ?? []) await engine.factory.put('dataset', d);
  for (const d of docs.pipelines ?? []) await engine.factory.put('pipeline', d);
}
