import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine, EngineWorker } from '@sluice/engine/runtime';
import { loadFactoryFolder } from '@sluice/engine/node';
import { act, after, pipeline, testEngine, until } from '../helpers/engine.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function setup(options: Parameters<typeof testEngine>[0] = {}, workerOptions: Parameters<Engine['startWorker']>[0] = {}): Promise<{ engine: Engine; worker: EngineWorker }> {
  const t = testEngine(options);
  cleanup = t.cleanup;
  const worker = await t.engine.startWorker({ concurrency: 4, reaperIntervalMs: 0, ...workerOptions });
  return { engine: t.engine, worker };
}

describe('the run store', () => {
  it('forgets finished runs after the retention period', async () => {
    const { engine } = await setup({ retentionDays: 3 / 86_400 }); // three seconds
    await engine.factory.put('pipeline', pipeline('Short', [act('A', 'TestEcho', {})]));
    const { runId } = await engine.startRun('Short');
    await engine.waitForRun(runId, { timeoutMs: 10_000 });
    expect((await engine.queries.listRuns({ pipelineName: 'Short' })).runs).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 3600));
    await expect(engine.getRun(runId)).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    expect((await engine.queries.listRuns({ pipelineName: 'Short' })).runs).toEqual([]);
  });

  it('cuts an oversized output with a visible marker', async () => {
    const { engine } = await setup({ maxOutputBytes: 200 });
    await engine.factory.put('pipeline', pipeline('Big', [act('A', 'TestEcho', { value: "@concat(string(range(0, 300)))" })]));
    const run = await engine.waitForRun((await engine.startRun('Big')).runId, { timeoutMs: 10_000 });
    const [a] = await engine.queries.listActivityRuns(run.runId);
    expect(a?.output).toMatchObject({ truncated: true, limitBytes: 200 });
    expect((a?.output as { sizeBytes: number }).sizeBytes).toBeGreaterThan(200);
  });

  it('queries runs by time range', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('Timed', [act('A', 'TestEcho', {})]));
    const first = await engine.waitForRun((await engine.startRun('Timed')).runId, { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 20));
    const middle = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const second = await engine.waitForRun((await engine.startRun('Timed')).runId, { timeoutMs: 10_000 });
    expect((await engine.queries.listRuns({ from: middle })).runs.map((r) => r.runId)).toEqual([second.runId]);
    expect((await engine.queries.listRuns({ to: middle })).runs.map((r) => r.runId)).toEqual([first.runId]);
  });

  it('reruns from a chosen activity, keeping what is upstream of it', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('ThreeSteps', [
      act('One', 'TestEcho', { value: 1 }),
      act('Two', 'TestEcho', { value: 2 }, { dependsOn: [after('One')] }),
      act('Three', 'TestEcho', { value: "@activity('Two').output.value" }, { dependsOn: [after('Two')] }),
    ]));
    const first = await engine.waitForRun((await engine.startRun('ThreeSteps')).runId, { timeoutMs: 10_000 });
    const before = Object.fromEntries((await engine.queries.listActivityRuns(first.runId)).map((a) => [a.activityName, a.activityRunId]));
    const again = await engine.waitForRun((await engine.rerun(first.runId, { type: 'fromActivity', activityName: 'Two' })).runId, { timeoutMs: 10_000 });
    expect(again.status).toBe('Succeeded');
    const now = Object.fromEntries((await engine.queries.listActivityRuns(again.runId)).map((a) => [a.activityName, a]));
    expect(now.One?.activityRunId).toBe(before.One);
    expect(now.Two?.activityRunId).not.toBe(before.Two);
    expect(now.Three?.output).toEqual({ value: 2, attempt: 1 });
    await expect(engine.rerun(first.runId, { type: 'fromActivity', activityName: 'Nope' })).rejects.toMatchObject({ code: 'RERUN_INVALID' });
  });

  it('exports the factory to ADF git layout and imports it back', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('Exported', [act('A', 'Wait', { waitTimeInSeconds: 1 })]));
    await engine.factory.put('dataset', { name: 'Files', properties: { type: 'Json', linkedServiceName: { referenceName: 'Local', type: 'LinkedServiceReference' }, typeProperties: {} } });
    const dir = mkdtempSync(join(tmpdir(), 'sluice-export-'));
    const files = await engine.factory.exportFolder(dir);
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['dataset/Files.json', 'pipeline/Exported.json']);
    expect(JSON.parse(readFileSync(join(dir, 'pipeline', 'Exported.json'), 'utf8'))).toMatchObject({ name: 'Exported' });
    expect(readdirSync(dir).sort()).toEqual(['dataset', 'pipeline']);
    const loaded = await loadFactoryFolder(dir);
    await engine.factory.delete('pipeline', 'Exported');
    expect(await engine.factory.importDocuments(loaded.documents)).toBe(2);
    expect((await engine.factory.get('pipeline', 'exported')).name).toBe('Exported');
  });

  it('exports the global parameters as ADF\'s factory document and imports them back; a bad factory document is a located problem', async () => {
    const { engine } = await setup();
    const globals = { env: { type: 'string', value: 'dev' }, sizes: { type: 'Array', value: [1, 2] } };
    await engine.factory.putGlobalParameters(globals);
    const dir = mkdtempSync(join(tmpdir(), 'sluice-export-'));
    await engine.factory.put('pipeline', pipeline('P', [act('A', 'Wait', { waitTimeInSeconds: 1 })]));
    await engine.factory.exportFolder(dir);
    expect(JSON.parse(readFileSync(join(dir, 'factory', 'Sluice.json'), 'utf8'))).toEqual({ name: 'Sluice', properties: { globalParameters: globals } });
    await engine.factory.putGlobalParameters({});
    const loaded = await loadFactoryFolder(dir);
    expect(loaded.problems).toEqual([]);
    await engine.factory.importFactory(loaded);
    expect((await engine.factory.globalParameters()).globalParameters).toEqual(globals);

    writeFileSync(join(dir, 'factory', 'Second.json'), JSON.stringify({ name: 'Second', properties: { globalParameters: {} } }));
    writeFileSync(join(dir, 'factory', 'Sluice.json'), JSON.stringify({ name: 'Sluice', properties: { globalParameters: { n: { type: 'Int', value: 'x' } } } }));
    const broken = await loadFactoryFolder(dir);
    expect(broken.globalParameters).toEqual({ value: {}, file: join('factory', 'Second.json') });
    expect(broken.problems.map((p) => `${p.file} ${p.pointer} ${p.code}`)).toEqual([`${join('factory', 'Sluice.json')} /properties/globalParameters SCHEMA_VIOLATION`]);
    rmSync(join(dir, 'factory', 'Second.json'));
    const bad = await loadFactoryFolder(dir);
    expect(bad.globalParameters).toBeUndefined();
    expect(bad.problems.map((p) => `${p.file} ${p.pointer} ${p.code}`)).toEqual([`${join('factory', 'Sluice.json')} /properties/globalParameters/n/value PARAMETER_TYPE_MISMATCH`]);
  });
});

describe('the reaper: no run stays InProgress forever', () => {
  it('fails an activity whose job vanished', async () => {
    const { engine, worker } = await setup({}, { concurrency: 1, lostAfterMs: 0 });
    await engine.factory.put('pipeline', pipeline('Lost', [act('Sleep', 'TestSleep', { ms: 20_000 }), act('Queued', 'TestEcho', {})]));
    const { runId } = await engine.startRun('Lost');
    const queued = await (async () => {
      for (;;) {
        const runs = await engine.queries.listActivityRuns(runId);
        const q = runs.find((a) => a.activityName === 'Queued');
        if (q && runs.find((a) => a.activityName === 'Sleep')?.status === 'InProgress') return q;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    // Simulate a lost job: it disappears from the queue before any worker took it.
    await (await engine.queues.activities.getJob(queued.activityRunId))?.remove();
    await worker.reap();
    const [, gone] = await (async () => {
      for (;;) {
        const runs = await engine.queries.listActivityRuns(runId);
        if (runs.find((a) => a.activityName === 'Queued')?.status === 'Failed') return [undefined, runs.find((a) => a.activityName === 'Queued')];
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    expect(gone?.error?.errorCode).toBe('WORKER_LOST');
    await engine.cancelRun(runId);
    expect((await engine.waitForRun(runId, { timeoutMs: 10_000 })).status).toBe('Cancelled');
  });

  it('ends a run whose stored state cannot be read as Failed with RUN_STATE_CORRUPT', async () => {
    const { engine, worker } = await setup();
    await engine.factory.put('pipeline', pipeline('Corrupt', [act('Sleep', 'TestSleep', { ms: 20_000 })]));
    const { runId } = await engine.startRun('Corrupt');
    await until(async () => ((await engine.getRun(runId)).status === 'InProgress' ? true : undefined)); // its first step driven by the worker
    await engine.redis.set(engine.keys.state(runId), '{not json');
    await engine.redis.set(engine.keys.version(runId), '999');
    await worker.reap();
    const run = await engine.getRun(runId);
    expect(run.status).toBe('Failed');
    expect(run.error?.errorCode).toBe('RUN_STATE_CORRUPT');
    expect(await engine.redis.sismember(engine.keys.activeRuns(), runId)).toBe(0);
  });
});
