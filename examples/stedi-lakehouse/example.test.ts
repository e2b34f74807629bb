import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, testPrefix } from '../../test/helpers/engine.js';
import { dropKeys } from '../../test/helpers/process.js';
import { handWritten, runInProcess } from '../../test/dataflow/stedi-helpers.js';
// @ts-expect-error: the example's script is plain JavaScript
import { FACTORY, lakehouse } from './run.mjs';

// Checks the example against expected.json, and expected.json against hand-written DuckDB SQL.
const expected = JSON.parse(readFileSync(new URL('./expected.json', import.meta.url), 'utf8')) as Record<string, number>;
const prefix = testPrefix();
afterAll(() => dropKeys(prefix));

describe('examples/stedi-lakehouse', () => {
  it('its expected counts are what hand-written DuckDB SQL gives over the same files', async () => {
    expect(await handWritten()).toEqual(expected);
  });

  it('builds every zone through Sluice (pipeline → ExecuteDataFlow → Parquet on S3) with the expected counts', async () => {
    const lines: string[] = [];
    const counts = await lakehouse({ runPipeline: (o: { endpoint: string; factory: string }) => runInProcess(prefix, o), log: (l: string) => lines.push(l) });
    expect(counts).toEqual(expected);
    expect(Object.keys(counts)).toEqual(Object.keys(expected));
    expect(lines.filter((l) => /^(CustomerTrusted|AccelerometerTrusted|CustomersCurated|StepTrainerTrusted|MachineLearningCurated): Succeeded/.test(l))).toHaveLength(5);
    expect(FACTORY).toMatch(/factory$/);
  }, 180_000);

  // The README's command runs the built `sluice` binary (after `pnpm build`, as CI does before the examples).
  it.skipIf(!existsSync(fileURLToPath(new URL('../../packages/api/dist/cli/main.js', import.meta.url))))('runs as its README says; the last line is the JSON of all eight zones', () => {
    const r = spawnSync(process.execPath, [fileURLToPath(new URL('./run.mjs', import.meta.url))], { env: { ...process.env, REDIS_URL, SLUICE_PREFIX: prefix }, encoding: 'utf8', timeout: 170_000 });
    expect(r.status).toBe(0);
    const last = r.stdout.trim().split('\n').at(-1) as string;
    expect(JSON.parse(last)).toEqual(expected);
  }, 180_000);
});
