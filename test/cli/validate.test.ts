import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sluice } from '../helpers/cli.js';

const demo = fileURLToPath(new URL('../fixtures/factories/local-demo', import.meta.url));

function factory(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-validate-'));
  for (const [path, doc] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  }
  return dir;
}

describe('sluice validate', () => {
  it('exits 0 on a valid factory and says so', async () => {
    const r = await sluice('validate', demo);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toContain('0 errors, 0 warnings in 1 file');
  });

  it('prints file: pointer: CODE message and exits 1 on errors', async () => {
    const dir = factory({
      'pipeline/Broken.json': { name: 'Broken', properties: { activities: [
        { name: 'A', type: 'Wait', typeProperties: { waitTimeInSeconds: '@pipeline().parameters.nope' } },
        { name: 'B', type: 'Teleport', dependsOn: [{ activity: 'Ghost', dependencyConditions: ['Succeeded'] }] },
      ] } },
    });
    const r = await sluice('validate', dir);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines).toContain("pipeline/Broken.json: /properties/activities/1/dependsOn/0/activity: DEPENDENCY_NOT_FOUND Activity 'B' depends on 'Ghost', which does not exist; activities in this list are: A.");
    expect(lines.some((l) => l.startsWith('pipeline/Broken.json: /properties/activities/1/type: UNSUPPORTED_ACTIVITY_TYPE '))).toBe(true);
    expect(lines.some((l) => l.startsWith('pipeline/Broken.json: /properties/activities/0/typeProperties/waitTimeInSeconds: PARAMETER_NOT_FOUND ') && l.endsWith('(at character 1 of the expression)'))).toBe(true);
  });

  it('--json prints {"problems": [...]} with file, pointer, code, severity and message', async () => {
    const dir = factory({ 'pipeline/P.json': '{ "name": "P", "properties": { "activities": [ }' });
    const r = await sluice('validate', dir, '--json');
    expect(r.code).toBe(1);
    const { problems } = JSON.parse(r.out) as { problems: Array<Record<string, unknown>> };
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'pipeline/P.json', pointer: '', code: 'INVALID_JSON', severity: 'error' });
    expect(problems[0]?.message).toMatch(/at 1:\d+/);
  });

  it('validates a single file, and a folder of several factories', async () => {
    const one = await sluice('validate', join(demo, 'pipeline', 'Countdown.json'));
    expect(one.code).toBe(0);
    const root = fileURLToPath(new URL('../fixtures/factories', import.meta.url));
    const many = await sluice('validate', root, '--json');
    expect(JSON.parse(many.out)).toEqual({ problems: [] });
  });

  it('reports a missing path with its code', async () => {
    const r = await sluice('validate', '/no/such/folder');
    expect(r.code).toBe(1);
    expect(r.err).toContain('FILE_NOT_FOUND');
  });
});
