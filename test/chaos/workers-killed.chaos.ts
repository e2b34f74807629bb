import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinActivities } from '@sluice/activities';
import { testActivities } from '../fixtures/activities.mjs';
import { testEngine, REDIS_URL } from '../helpers/engine.js';
import { audit, waitAllTerminal } from './support/audit.js';
import { controlPipeline, copyFactory, putAll, writeSources } from './support/factory.js';
import { parquetRowCounts } from './support/parquet.js';
import { SCALE, SEED, kill, prng, startWorker, writeResult, type WorkerProcess } from './support/processes.js';

// Workers SIGKILLed at seeded random moments while hundreds of runs (control flow and CSV → Parquet copies) go
// through: every run must end, none lost or doubled, every Parquet either absent or complete.
const RUNS = SCALE === 'short' ? 40 : 300;
const WORKERS = 3;
const SOURCES = 6;
const t = testEngine({ activities: [...testActivities, ...builtinActivities] });
const root = mkdtempSync(join(tmpdir(), 'sluice-chaos-kill-'));
const workers: Array<WorkerProcess | undefined> = [];
let duplicateSuccesses: string[] | undefined;

afterAll(async () => {
  for (const w of workers) if (w) await kill(w.child);
  await t.cleanup();
  rmSync(root, { recursive: true, force: true });
});

describe('workers killed with SIGKILL at random moments', () => {
  it(`${RUNS} runs of control flow and copies all end, none lost or doubled, outputs atomic`, async () => {
    const { engine } = t;
    const random = prng(SEED);
    const rows = writeSources(root, SOURCES);
    await putAll(engine, { ...copyFactory(root), pipelines: [...copyFactory(root).pipelines, controlPipeline()] });
    for (let i = 0; i < WORKERS; i++) workers.push(await startWorker(REDIS_URL, engine.keys.prefix));

    // The killing loop, running from the first run on: a seeded random pause, a random worker SIGKILLed, a fresh one
    // started in its place (without waiting for it: its start-up is part of the outage).
    const t0 = Date.now();
    let kills = 0;
    const killLog: Array<[string, string]> = [];
    let workerStarts = WORKERS;
    let done = false;
    const deadline = Date.now() + (SCALE === 'short' ? 240_000 : 900_000);
    const starting: Array<Promise<void>> = [];
    const killer = (async () => {
      while (!done && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 300 + Math.floor(random() * 1700)));
        if (done) break;
        const victim = Math.floor(random() * workers.length);
        const w = workers[victim];
        if (!w) continue; // its replacement is still starting
        workers[victim] = undefined;
        await kill(w.child);
        killLog.push([new Date().toISOString(), w.id]);
        kills++;
        starting.push(startWorker(REDIS_URL, engine.keys.prefix).then((fresh) => {
          workers[victim] = fresh;
          workerStarts++;
        }));
      }
      await Promise.all(starting);
    })();

    const started: string[] = [];
    const copies = new Map<string, { dst: string; rows: number }>();
    for (let i = 0; i < RUNS; i++) {
      if (i % 5 < 2) {
        const src = `src-${i % SOURCES}.csv`;
        const dst = `run-${i}.parquet`;
        const { runId } = await engine.startRun('ChaosCopy', { parameters: { src, dst } });
        copies.set(runId, { dst, rows: rows.get(src) as number });
        started.push(runId);
      } else {
        started.push((await engine.startRun('ChaosControl', { parameters: { branch: i % 2 === 0 } })).runId);
      }
    }
    const startMs = Date.now() - t0;
    const finished = waitAllTerminal(engine, started, SCALE === 'short' ? 240_000 : 900_000).finally(() => (done = true));
    const stuck = await finished;
    await killer;
    const durationMs = Date.now() - t0;
    expect(stuck).toEqual([]);

    const { audit: a, activityRuns } = await audit(engine, started);

    // Copy outputs: every file in out/ is a run's complete Parquet or a hidden staging file; a succeeded copy's file is complete.
    const files = readdirSync(join(root, 'out'));
    const staging = files.filter((f) => /^\..+\.sluice-[0-9a-f]+\.tmp$/.test(f));
    const visible = files.filter((f) => !staging.includes(f));
    const counts = await parquetRowCounts(visible.map((f) => join(root, 'out', f)));
    const expectedByFile = new Map([...copies.values()].map((c) => [c.dst, c.rows]));
    const copyProblems: string[] = [];
    for (const f of visible) {
      const want = expectedByFile.get(f);
      const got = counts.get(join(root, 'out', f));
      if (want === undefined) copyProblems.push(`unexpected file out/${f}`);
      else if (got !== want) copyProblems.push(`out/${f} has ${String(got)} rows, expected ${want} (incomplete)`);
    }
    let copySucceeded = 0;
    let copyFailed = 0;
    for (const [runId, c] of copies) {
      const copy = activityRuns.get(runId)?.find((x) => x.activityName === 'Copy');
      if (copy?.status === 'Succeeded') {
        copySucceeded++;
        if (!visible.includes(c.dst)) copyProblems.push(`run ${runId}: Copy succeeded but out/${c.dst} is missing`);
        if ((copy.output as { rowsCopied?: number }).rowsCopied !== c.rows) copyProblems.push(`run ${runId}: rowsCopied ${JSON.stringify(copy.output)} != ${c.rows}`);
      } else copyFailed++;
    }
    const failedCodes = Object.entries(a.errorCodes);
    writeResult('workers-killed', {
      controlRuns: RUNS - copies.size, copyRuns: copies.size, workers: WORKERS, workerConcurrency: 4,
      kills, workerStarts, startMs, durationMs, ...a, runs: RUNS, problems: a.problems.slice(0, 50), killLog,
      copies: { succeeded: copySucceeded, notSucceeded: copyFailed, filesComplete: visible.length - copyProblems.length, stagingFilesLeft: staging.length, problems: copyProblems },
    });
    duplicateSuccesses = a.duplicateSuccesses;
    expect(a.problems).toEqual([]);
    expect(copyProblems).toEqual([]);
    expect(kills).toBeGreaterThan(0);
    // Attempts lost with a killed worker are recorded as such (the reaper's / stall handler's WORKER_LOST).
    expect(a.workerLostAttempts).toBeGreaterThan(0);
    // A run that did not succeed says why, with a code.
    for (const [code] of failedCodes) expect(code).toMatch(/^[A-Z_]+$/);
  });

  // Found by this suite: a worker killed after recording and delivering an attempt's success, but before BullMQ
  // acknowledged the job, left a stalled job that the next worker ran again. ATTEMPT_START now refuses an
  // activity run whose earlier attempt already ended.
  it('no activity run records two successful attempts after its worker was killed', () => {
    expect(duplicateSuccesses).toEqual([]);
  });
});
