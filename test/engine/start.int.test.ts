/**
 * Starting runs: a start is recorded in one round trip and its first step is left to a worker (the drive
 * requests), and a process's cached copy of a pipeline is never run once the stored one has changed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, pipeline, testEngine, until } from '../helpers/engine.js';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function engineOnly(prefix?: string): ReturnType<typeof testEngine> {
  const t = testEngine(prefix ? { prefix } : {});
  cleanups.push(t.cleanup);
  return t;
}

describe('starting runs', () => {
  it('a run started without any worker stays Queued with its start waiting; a worker that starts later drives it', async () => {
    const { engine: api } = engineOnly();
    await api.factory.put('pipeline', pipeline('Later', [act('A', 'TestEcho', { value: 'hi' })]));
    const started = await api.startRun('Later');
    expect(started.status).toBe('Queued');
    await new Promise((r) => setTimeout(r, 300));
    expect((await api.getRun(started.runId)).status).toBe('Queued');
    expect(await api.redis.lrange(api.keys.driveRequests(), 0, -1)).toEqual([started.runId]);
    // A worker in another engine (another process, as far as Redis can tell) on the same prefix.
    const { engine: workerEngine } = engineOnly(api.keys.prefix);
    await workerEngine.startWorker({ concurrency: 2, reaperIntervalMs: 0 });
    const run = await api.waitForRun(started.runId, { timeoutMs: 20_000 });
    expect(run.status).toBe('Succeeded');
    expect(await api.redis.llen(api.keys.driveRequests())).toBe(0);
  });

  it('a run popped by a worker that died is driven by the reaper', async () => {
    const { engine } = engineOnly();
    await engine.factory.put('pipeline', pipeline('Orphan', [act('A', 'TestEcho', { value: 1 })]));
    const { runId } = await engine.startRun('Orphan');
    expect(await engine.redis.lpop(engine.keys.driveRequests())).toBe(runId); // the dead worker's pop
    const worker = await engine.startWorker({ concurrency: 1, reaperIntervalMs: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await engine.getRun(runId)).status).toBe('Queued');
    await worker.reap();
    expect((await engine.waitForRun(runId, { timeoutMs: 20_000 })).status).toBe('Succeeded');
  });

  it('never runs a stale cached pipeline: a start after a replace (by another process) runs the new definition', async () => {
    const { engine } = engineOnly();
    await engine.startWorker({ concurrency: 2, reaperIntervalMs: 0 });
    const { engine: other } = engineOnly(engine.keys.prefix);
    await engine.factory.put('pipeline', pipeline('Changing', [act('Old', 'TestEcho', { value: 'old' })]));
    const first = await engine.waitForRun((await engine.startRun('Changing')).runId, { timeoutMs: 20_000 });
    await other.factory.put('pipeline', pipeline('Changing', [act('New', 'TestEcho', { value: 'new' })]));
    const second = await engine.waitForRun((await engine.startRun('Changing')).runId, { timeoutMs: 20_000 });
    expect((await engine.queries.listActivityRuns(first.runId)).map((a) => a.activityName)).toEqual(['Old']);
    expect((await engine.queries.listActivityRuns(second.runId)).map((a) => a.activityName)).toEqual(['New']);
    await other.factory.delete('pipeline', 'Changing');
    await expect(engine.startRun('Changing')).rejects.toMatchObject({ code: 'PIPELINE_NOT_FOUND' });
    await until(async () => ((await engine.queries.listRuns({ pipelineName: 'Changing' })).runs.length === 2 ? true : undefined));
  });

  it('global parameters: a start sees the values saved by another process; a rerun keeps the values of its run', async () => {
    const { engine } = engineOnly();
    await engine.startWorker({ concurrency: 2, reaperIntervalMs: 0 });
    const { engine: other } = engineOnly(engine.keys.prefix);
    await engine.factory.put('pipeline', pipeline('Globals', [act('Echo', 'TestEcho', { value: '@pipeline().globalParameters' })]));
    const echo = async (runId: string): Promise<unknown> => {
      await engine.waitForRun(runId, { timeoutMs: 20_000 });
      return ((await engine.queries.listActivityRuns(runId))[0]?.output as { value: unknown }).value;
    };
    const none = (await engine.startRun('Globals')).runId;
    expect(await echo(none)).toEqual({});
    await other.factory.putGlobalParameters({ env: { type: 'String', value: 'test' }, limit: { type: 'Int', value: '5' } });
    const first = (await engine.startRun('Globals')).runId;
    expect(await echo(first)).toEqual({ env: 'test', limit: 5 });
    await other.factory.putGlobalParameters({ env: { type: 'String', value: 'prod' } });
    expect(await echo((await engine.startRun('Globals')).runId)).toEqual({ env: 'prod' });
    expect(await echo((await engine.rerun(first, { type: 'all' })).runId)).toEqual({ env: 'test', limit: 5 });
    await expect(other.factory.putGlobalParameters({ limit: { type: 'Int', value: 'five' } })).rejects.toMatchObject({ code: 'PARAMETER_TYPE_MISMATCH', location: { pointer: '/globalParameters/limit/value' } });
  });
});
