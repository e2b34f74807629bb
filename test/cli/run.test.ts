import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { testPrefix } from '../helpers/engine.js';
import { dropKeys, runSluice, startSluice } from '../helpers/process.js';

const demo = fileURLToPath(new URL('../fixtures/factories/local-demo', import.meta.url));
const prefixes: string[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGTERM');
  for (const p of prefixes.splice(0)) await dropKeys(p);
});
const env = (): Record<string, string> => {
  const p = testPrefix();
  prefixes.push(p);
  return { SLUICE_PREFIX: p };
};

interface RunJson {
  runId: string;
  status: string;
  message: string;
  error: { errorCode: string; message: string } | null;
  activityRuns: Array<{ activityName: string; status: string; output: unknown; iteration: number | null }>;
}

describe('sluice run', () => {
  it('runs a pipeline file with --local and prints the finished run as JSON', async () => {
    const r = await runSluice(['run', join(demo, 'pipeline', 'Countdown.json'), '--local', '--json', '-p', 'start=3', '-p', 'label=go'], env());
    expect(r.code).toBe(0);
    const run = JSON.parse(r.out) as RunJson;
    expect(run.status).toBe('Succeeded');
    const summarize = run.activityRuns.find((a) => a.activityName === 'Summarize');
    expect(summarize?.output).toEqual({ name: 'summary', value: '3, 2, 1... GO' });
    expect(run.activityRuns.filter((a) => a.activityName === 'Remember').map((a) => a.iteration).sort()).toEqual([0, 1, 2]);
  });

  it('exits 1 when the run fails, with the Fail activity\'s message and code', async () => {
    const r = await runSluice(['run', 'Countdown', '--factory', demo, '--local', '--json', '--parameters', '{"start": 0}'], env());
    expect(r.code).toBe(1);
    const run = JSON.parse(r.out) as RunJson;
    expect(run.status).toBe('Failed');
    expect(run.error).toMatchObject({ errorCode: '400' });
    expect(run.message).toContain('start must be positive, got 0');
  });

  it('shows progress on stderr and a summary on stdout without --json', async () => {
    const r = await runSluice(['run', join(demo, 'pipeline', 'Countdown.json'), '--local'], env());
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/Run [0-9a-f-]{36} of 'Countdown' started/);
    expect(r.err).toContain('Summarize (SetVariable) Succeeded');
    expect(r.out).toMatch(/^Countdown [0-9a-f-]{36}: Succeeded in \d+ ms/);
  });

  it('refuses to run an invalid factory and names the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-run-'));
    mkdirSync(join(dir, 'pipeline'));
    writeFileSync(join(dir, 'pipeline', 'Bad.json'), JSON.stringify({ name: 'Bad', properties: { activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: '@variables(\'x\')' } }] } }));
    const r = await runSluice(['run', 'Bad', '--factory', dir, '--local'], env());
    expect(r.code).toBe(1);
    expect(r.err).toContain('pipeline/Bad.json: /properties/activities/0/typeProperties/waitTimeInSeconds: VARIABLE_NOT_FOUND');
    expect(r.err).toContain('nothing was run');
  });

  it('runs on a separate `sluice worker` process', async () => {
    const e = env();
    children.push(await startSluice(['worker', '--concurrency', '2'], e, 'ready'));
    const r = await runSluice(['run', join(demo, 'pipeline', 'Countdown.json'), '--json', '-p', 'start=2'], e);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as RunJson).status).toBe('Succeeded');
  });

  it('says clearly when Redis does not answer', async () => {
    const r = await runSluice(['run', 'Countdown', '--factory', demo], { REDIS_URL: 'redis://127.0.0.1:1', SLUICE_PREFIX: 'unused' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('REDIS_UNAVAILABLE');
    expect(r.err).toContain('redis://127.0.0.1:1');
  });
});
