import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinActivities } from '@sluice/activities';
import { act, pipeline, testEngine } from '../helpers/engine.js';

// The ExecuteDataFlow activity through the real engine (Redis, BullMQ, a worker in this process).
const root = mkdtempSync(join(tmpdir(), 'sluice-execdf-'));
mkdirSync(join(root, 'in'), { recursive: true });
writeFileSync(join(root, 'in', 'm.csv'), 'sensor,value\na,1\na,-5\nb,3\nb,4\nc,-1\n');
const { engine, cleanup } = testEngine({ activities: [...builtinActivities] });
afterAll(async () => {
  await cleanup();
  rmSync(root, { recursive: true, force: true });
});

describe('ExecuteDataFlow', () => {
  it('runs the referenced data flow with pipeline parameters and reports rows per sink, rejects and every step', async () => {
    const ls = { referenceName: 'Lake', type: 'LinkedServiceReference' };
    await engine.factory.importDocuments([
      { kind: 'linkedService', doc: { name: 'Lake', properties: { type: 'LocalFileSystem', typeProperties: { rootPath: root } } } },
      { kind: 'dataset', doc: { name: 'Measures', properties: { type: 'DelimitedText', linkedServiceName: ls, typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath: 'in', fileName: 'm.csv' }, firstRowAsHeader: true } } } },
      { kind: 'dataset', doc: { name: 'Good', properties: { type: 'Parquet', linkedServiceName: ls, typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath: 'out/good' } } } } },
      { kind: 'dataset', doc: { name: 'Bad', properties: { type: 'Json', linkedServiceName: ls, typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath: 'out', fileName: 'bad.json' } } } } },
      { kind: 'dataflow', doc: { name: 'Clean', properties: { type: 'SluiceDataFlow', typeProperties: {
        parameters: { floor: { type: 'int' } },
        steps: [
          { name: 'measures', type: 'source', dataset: { referenceName: 'Measures' } },
          { name: 'check', type: 'validate', inputs: ['measures'], rules: [{ name: 'above floor', condition: 'value >= $floor' }] },
          { name: 'per_sensor', type: 'aggregate', inputs: ['check'], groupBy: ['sensor'], aggregates: [{ name: 'total', function: 'sum', column: 'value' }] },
          { name: 'good', type: 'sink', inputs: ['per_sensor'], dataset: { referenceName: 'Good' } },
          { name: 'bad', type: 'sink', inputs: ['check.rejected'], dataset: { referenceName: 'Bad' } },
        ],
      } } } },
    ] as never);
    const worker = await engine.startWorker({ concurrency: 2 });
    try {
      const started = await engine.startRun('P', { pipeline: pipeline('P', [
        act('Clean', 'ExecuteDataFlow', { dataflow: { referenceName: 'Clean', type: 'DataFlowReference', parameters: { floor: '@pipeline().parameters.floor' } } }),
      ], { parameters: { floor: { type: 'Int', defaultValue: 0 } } }) as never, parameters: { floor: 0 } });
      const run = await engine.waitForRun(started.runId, { timeoutMs: 60_000 });
      expect(run.status).toBe('Succeeded');
      const [activity] = await engine.queries.listActivityRuns(run.runId);
      const output = activity?.output as Record<string, unknown>;
      expect(output).toMatchObject({
        dataflow: 'Clean', rowsWritten: 4, rowsRejected: 2,
        sinks: { good: { dataset: 'Good', rowsWritten: 2 }, bad: { dataset: 'Bad', rowsWritten: 2, files: ['out/bad.json'] } },
        steps: { measures: { type: 'source', rows: 5 }, check: { type: 'validate', rows: 3, outputs: { rejected: 2 } }, per_sensor: { rows: 2 }, good: { rows: 2 }, bad: { rows: 2 } },
      });
    } finally {
      await worker.close();
    }
  });

  it('fails with DATAFLOW_NOT_FOUND for a missing data flow', async () => {
    const worker = await engine.startWorker({ concurrency: 1 });
    try {
      const started = await engine.startRun('Q', { pipeline: pipeline('Q', [act('X', 'ExecuteDataFlow', { dataflow: { referenceName: 'Nope' } })]) as never });
      const run = await engine.waitForRun(started.runId, { timeoutMs: 60_000 });
      expect(run.status).toBe('Failed');
      const [activity] = await engine.queries.listActivityRuns(run.runId);
      expect(activity?.error).toMatchObject({ errorCode: 'DATAFLOW_NOT_FOUND' });
    } finally {
      await worker.close();
    }
  });
});
