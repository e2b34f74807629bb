import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { testPrefix } from '../../test/helpers/engine.js';
import { dropKeys, runSluice } from '../../test/helpers/process.js';

// Runs the example as its README says (on a copy of its folder, so the test writes nothing into the
// repository) and checks the result against expected.json.
const here = fileURLToPath(new URL('.', import.meta.url));
const expected = JSON.parse(readFileSync(join(here, 'expected.json'), 'utf8')) as {
  status: string;
  returnValue: Record<string, unknown>;
  cvAuc: { min: number; max: number };
  activities: Record<string, string>;
  rejectedCustomers: string[];
};
const prefix = testPrefix();
const root = mkdtempSync(join(tmpdir(), 'sluice-churn-'));
cpSync(join(here, 'data'), join(root, 'data'), { recursive: true });
afterAll(async () => {
  await dropKeys(prefix);
  rmSync(root, { recursive: true, force: true });
});

describe('examples/churn-prediction', () => {
  it('validates cleanly', async () => {
    const r = await runSluice(['validate', join(here, 'factory')]);
    expect(r.code, r.err).toBe(0);
  });

  it('lands, validates, prepares features, trains with cross-validation, promotes and scores', async () => {
    const r = await runSluice(['run', 'ChurnPrediction', '--factory', join(here, 'factory'), '--local', '--json', '-p', `dataRoot=${root}`], { SLUICE_PREFIX: prefix, SLUICE_DATA_DIR: join(root, '.sluice') }, 240_000);
    expect(r.code, r.err).toBe(0);
    const run = JSON.parse(r.out) as { status: string; returnValue: Record<string, number>; activityRuns: Array<{ activityName: string; status: string; output: Record<string, unknown> }> };
    expect(run.status).toBe(expected.status);
    const { cvAuc, ...rest } = run.returnValue;
    expect(rest).toEqual(expected.returnValue);
    expect(cvAuc).toBeGreaterThanOrEqual(expected.cvAuc.min);
    expect(cvAuc).toBeLessThanOrEqual(expected.cvAuc.max);
    expect(Object.fromEntries(run.activityRuns.map((a) => [a.activityName, a.status]))).toEqual(expected.activities);

    // The rejects file names each rejected customer's row and reason.
    const rejectsPath = run.activityRuns.find((a) => a.activityName === 'ValidateCustomers')?.output.rejectsPath as string;
    // Their TotalCharges is a blank: trimmed, it is a null marker (validation.nullValues), and the row schema wants a number.
    const rejects = readFileSync(rejectsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { row: number; column: string; reason: string; raw: { customerID: string; TotalCharges: unknown } });
    expect(rejects.map((x) => x.raw.customerID)).toEqual(expected.rejectedCustomers);
    for (const x of rejects) {
      expect(x).toMatchObject({ column: 'TotalCharges', reason: '/TotalCharges must be number (validation.schema)' });
      expect(x.raw.TotalCharges).toBeNull();
    }

    for (const folder of ['trusted', 'features', 'scored']) expect(readdirSync(join(root, 'work', folder))).toHaveLength(1);
  }, 300_000);
});
