import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { testPrefix } from '../../test/helpers/engine.js';
import { dropKeys, runSluice } from '../../test/helpers/process.js';

// Runs the example exactly as its README says, and checks the result against expected.json.
const factory = fileURLToPath(new URL('./factory', import.meta.url));
const expected = JSON.parse(readFileSync(new URL('./expected.json', import.meta.url), 'utf8')) as {
  status: string;
  returnValue: Record<string, unknown>;
  activities: Record<string, string>;
  filtered: unknown;
};
const prefix = testPrefix();
afterAll(() => dropKeys(prefix));

describe('examples/getting-started', () => {
  it('validates cleanly', async () => {
    const r = await runSluice(['validate', factory]);
    expect(r.code).toBe(0);
  });

  it('runs to the expected result', async () => {
    const r = await runSluice(['run', 'HelloSluice', '--factory', factory, '--local', '--json'], { SLUICE_PREFIX: prefix });
    expect(r.code).toBe(0);
    const run = JSON.parse(r.out) as {
      status: string;
      returnValue: Record<string, unknown>;
      activityRuns: Array<{ activityName: string; status: string; iteration: number | null; output: unknown }>;
    };
    expect(run.status).toBe(expected.status);
    expect(run.returnValue).toEqual(expected.returnValue);
    const statuses = Object.fromEntries(run.activityRuns.map((a) => [`${a.activityName}${a.iteration !== null ? `[${a.iteration}]` : ''}`, a.status]));
    expect(statuses).toEqual(expected.activities);
    expect(run.activityRuns.find((a) => a.activityName === 'LongNames')?.output).toEqual(expected.filtered);
  });
});
