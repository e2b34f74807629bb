import { afterEach, describe, expect, it } from 'vitest';
import type { Engine, EngineWorker } from '@sluice/engine/runtime';
import { act, after, pipeline, testEngine } from '../helpers/engine.js';

// Runs on the real Redis: the engine, the BullMQ worker and the scheduler together.
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function setup(workerOptions: Parameters<Engine['startWorker']>[0] = {}): Promise<{ engine: Engine; worker: EngineWorker }> {
  const t = testEngine();
  cleanup = t.cleanup;
  const worker = await t.engine.startWorker({ concurrency: 4, reaperIntervalMs: 0, ...workerOptions });
  return { engine: t.engine, worker };
}

describe('running pipelines', () => {
  it('runs a chain, passing outputs through expressions', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('Chain', [
      act('First', 'TestEcho', { value: '@pipeline().parameters.greeting' }),
      act('Second', 'TestEcho', { value: "@concat(activity('First').output.value, ' world')" }, { dependsOn: [after('First')] }),
    ], { parameters: { greeting: { type: 'String', defaultValue: 'hello' } } }));
    const started = await engine.startRun('Chain');
    const run = await engine.waitForRun(started.runId, { timeoutMs: 20_000 });
    expect(run.status).toBe('Succeeded');
    expect(run.durationInMs).toBeGreaterThanOrEqual(0);
    const activities = await engine.queries.listActivityRuns(run.runId);
    expect(activities.map((a) => [a.activityName, a.status, a.output])).toEqual([
      ['First', 'Succeeded', { value: 'hello', attempt: 1 }],
      ['Second', 'Succeeded', { value: 'hello world', attempt: 1 }],
    ]);
    expect(activities[1]?.input).toEqual({ value: 'hello world' });
    const logs = await engine.queries.getLogs(run.runId, activities[0]?.activityRunId as string);
    expect(logs.map((l) => l.message)).toContain('echo');
  });

  it('try-catch: a failure handler runs and the run succeeds', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('TryCatch', [
      act('Risky', 'TestFail', { code: 'SCHEMA_VIOLATION', message: 'bad row' }),
      act('Handler', 'TestEcho', { value: "@activity('Risky').error.message" }, { dependsOn: [after('Risky', 'Failed')] }),
    ]));
    const run = await engine.waitForRun((await engine.startRun('TryCatch')).runId, { timeoutMs: 20_000 });
    const byName = Object.fromEntries((await engine.queries.listActivityRuns(run.runId)).map((a) => [a.activityName, a]));
    expect(byName.Risky?.status).toBe('Failed');
    expect(byName.Risky?.error?.errorCode).toBe('SCHEMA_VIOLATION');
    expect(byName.Risky?.attempt).toBe(1);
    expect(byName.Handler?.output).toEqual({ value: 'bad row', attempt: 1 });
    expect(run.status).toBe('Succeeded');
  });

  it('do-if-else: the success branch is skipped, the failure branch runs, and the run fails', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('DoIfElse', [
      act('Risky', 'TestFail', {}),
      act('OnSuccess', 'TestEcho', { value: 'ok' }, { dependsOn: [after('Risky', 'Succeeded')] }),
      act('OnFailure', 'TestEcho', { value: 'handled' }, { dependsOn: [after('Risky', 'Failed')] }),
    ]));
    const run = await engine.waitForRun((await engine.startRun('DoIfElse')).runId, { timeoutMs: 20_000 });
    const byName = Object.fromEntries((await engine.queries.listActivityRuns(run.runId)).map((a) => [a.activityName, a]));
    expect(byName.OnSuccess?.status).toBe('Skipped');
    expect(byName.OnFailure?.status).toBe('Succeeded');
    expect(run.status).toBe('Failed');
  });

  it('retries by policy, records every attempt, and only the last counts', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('Retry', [
      act('Flaky', 'TestFlaky', { failures: 2 }, { policy: { retry: 2, retryIntervalInSeconds: 0 } }),
      act('After', 'TestEcho', { value: "@activity('Flaky').output.attempt" }, { dependsOn: [after('Flaky')] }),
    ]));
    const run = await engine.waitForRun((await engine.startRun('Retry')).runId, { timeoutMs: 20_000 });
    expect(run.status).toBe('Succeeded');
    const [flaky, next] = await engine.queries.listActivityRuns(run.runId);
    expect(flaky?.attempts.map((a) => a.status)).toEqual(['Failed', 'Failed', 'Succeeded']);
    expect(flaky?.attempt).toBe(3);
    expect(next?.output).toEqual({ value: 3, attempt: 1 });
  });

  it('does not retry an error that retrying cannot help', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('NoRetry', [
      act('Bad', 'TestFail', { code: 'TYPE_PROPERTIES_INVALID' }, { policy: { retry: 3, retryIntervalInSeconds: 0 } }),
    ]));
    const run = await engine.waitForRun((await engine.startRun('NoRetry')).runId, { timeoutMs: 20_000 });
    expect(run.status).toBe('Failed');
    const [bad] = await engine.queries.listActivityRuns(run.runId);
    expect(bad?.attempts).toHaveLength(1);
    expect(run.message).toContain('Bad');
  });

  it('aborts an activity at its policy timeout', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('Slow', [
      act('Slow', 'TestSleep', { ms: 10_000 }, { policy: { timeout: '0.00:00:01', retry: 0 } }),
    ]));
    const run = await engine.waitForRun((await engine.startRun('Slow')).runId, { timeoutMs: 20_000 });
    expect(run.status).toBe('Failed');
    const [slow] = await engine.queries.listActivityRuns(run.runId);
    expect(slow?.error?.errorCode).toBe('ACTIVITY_TIMEOUT');
    expect(slow?.durationInMs).toBeLessThan(9000);
  });

  it('hides secure input and output from monitoring but not from later activities', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('Secure', [
      act('Secret', 'TestEcho', { value: 'p@ss' }, { policy: { secureInput: true, secureOutput: true } }),
      act('Use', 'TestEcho', { value: "@length(activity('Secret').output.value)" }, { dependsOn: [after('Secret')] }),
    ]));
    const run = await engine.waitForRun((await engine.startRun('Secure')).runId, { timeoutMs: 20_000 });
    const [secret, use] = await engine.queries.listActivityRuns(run.runId);
    expect(secret?.input).toBe('**********');
    expect(secret?.output).toBe('**********');
    expect(use?.output).toEqual({ value: 4, attempt: 1 });
  });

  it('runs ForEach iterations as separate activity runs with item()', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('Loop', [
      act('Each', 'ForEach', {
        items: { value: '@pipeline().parameters.tables', type: 'Expression' },
        batchCount: 2,
        activities: [act('Copy', 'TestEcho', { value: '@toUpper(item())' })],
      }),
    ], { parameters: { tables: { type: 'Array', defaultValue: ['a', 'b', 'c'] } } }));
    const run = await engine.waitForRun((await engine.startRun('Loop')).runId, { timeoutMs: 20_000 });
    expect(run.status).toBe('Succeeded');
    const copies = (await engine.queries.listActivityRuns(run.runId)).filter((a) => a.activityName === 'Copy');
    expect(copies.map((c) => [c.iteration, (c.output as { value: string }).value]).sort()).toEqual([[0, 'A'], [1, 'B'], [2, 'C']]);
  });

  it('runs a child pipeline with ExecutePipeline and records its parent', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('Child', [act('Work', 'TestEcho', { value: '@pipeline().parameters.x' })], { parameters: { x: { type: 'String' } } }));
    await engine.factory.put('pipeline', pipeline('Parent', [
      act('CallChild', 'ExecutePipeline', { pipeline: { referenceName: 'Child', type: 'PipelineReference' }, parameters: { x: 'from parent' }, waitOnCompletion: true }),
    ]));
    const run = await engine.waitForRun((await engine.startRun('Parent')).runId, { timeoutMs: 20_000 });
    expect(run.status).toBe('Succeeded');
    const [call] = await engine.queries.listActivityRuns(run.runId);
    const childRunId = (call?.output as { pipelineRunId: string }).pipelineRunId;
    const child = await engine.getRun(childRunId);
    expect(child.status).toBe('Succeeded');
    expect(child.invokedBy).toMatchObject({ type: 'PipelineActivity', parentRunId: run.runId });
    const [work] = await engine.queries.listActivityRuns(childRunId);
    expect(work?.output).toEqual({ value: 'from parent', attempt: 1 });
  });

  it('a failed child run fails the ExecutePipeline activity', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('BadChild', [act('Boom', 'TestFail', {})]));
    await engine.factory.put('pipeline', pipeline('Caller', [
      act('CallChild', 'ExecutePipeline', { pipeline: { referenceName: 'BadChild', type: 'PipelineReference' }, waitOnCompletion: true }),
    ]));
    const run = await engine.waitForRun((await engine.startRun('Caller')).runId, { timeoutMs: 20_000 });
    expect(run.status).toBe('Failed');
    const [call] = await engine.queries.listActivityRuns(run.runId);
    expect(call?.status).toBe('Failed');
  });

  it('waits on a timer and loops an Until until its condition holds', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('Poll', [
      act('Pause', 'Wait', { waitTimeInSeconds: 1 }),
      act('Poll', 'Until', {
        expression: { value: "@greaterOrEquals(int(variables('tries')), 3)", type: 'Expression' },
        timeout: '0.00:01:00',
        activities: [
          act('Check', 'TestEcho', { value: "@variables('tries')" }),
          act('Count', 'SetVariable', { variableName: 'tries', value: "@string(add(int(variables('tries')), 1))" }, { dependsOn: [after('Check')] }),
        ],
      }, { dependsOn: [after('Pause')] }),
    ], { variables: { tries: { type: 'String', defaultValue: '0' } } }));
    const t0 = Date.now();
    const run = await engine.waitForRun((await engine.startRun('Poll')).runId, { timeoutMs: 20_000 });
    expect(run.status).toBe('Succeeded');
    const activities = await engine.queries.listActivityRuns(run.runId);
    const pause = activities.find((a) => a.activityName === 'Pause');
    expect(pause?.durationInMs).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(activities.filter((a) => a.activityName === 'Check').map((a) => (a.output as { value: string }).value)).toEqual(['0', '1', '2']);
  });

  it('reports a missing required parameter with its code before anything runs', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('NeedsParam', [act('A', 'TestEcho', {})], { parameters: { must: { type: 'String' } } }));
    await expect(engine.startRun('NeedsParam')).rejects.toMatchObject({ code: 'REQUIRED_PARAMETER_MISSING' });
  });

  it('lists runs by pipeline and status, newest first, with pagination', async () => {
    const { engine } = await setup();
    await engine.factory.put('pipeline', pipeline('Listed', [act('A', 'TestEcho', {})]));
    await engine.factory.put('pipeline', pipeline('Other', [act('A', 'TestFail', {})]));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await engine.startRun('Listed')).runId);
    const other = (await engine.startRun('Other')).runId;
    for (const id of [...ids, other]) await engine.waitForRun(id, { timeoutMs: 20_000 });
    const page1 = await engine.queries.listRuns({ pipelineName: 'Listed', limit: 2 });
    expect(page1.runs).toHaveLength(2);
    const page2 = await engine.queries.listRuns({ pipelineName: 'Listed', limit: 2, ...(page1.continuationToken ? { continuationToken: page1.continuationToken } : {}) });
    expect([...page1.runs, ...page2.runs].map((r) => r.runId).sort()).toEqual([...ids].sort());
    const failed = await engine.queries.listRuns({ status: 'Failed' });
    expect(failed.runs.map((r) => r.runId)).toEqual([other]);
  });
});
