import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sluice } from '../helpers/cli.js';
import { testPrefix } from '../helpers/engine.js';
import { dropKeys } from '../helpers/process.js';

// `sluice preview` on a factory folder with a LocalFileSystem lake.
const root = mkdtempSync(join(tmpdir(), 'sluice-preview-cli-'));
const factory = join(root, 'factory');
const prefix = testPrefix();
const previous = process.env.SLUICE_PREFIX;

function put(path: string, doc: unknown): void {
  mkdirSync(join(factory, path, '..'), { recursive: true });
  writeFileSync(join(factory, path), JSON.stringify(doc));
}

beforeAll(() => {
  process.env.SLUICE_PREFIX = prefix;
  mkdirSync(join(root, 'lake', 'in'), { recursive: true });
  writeFileSync(join(root, 'lake', 'in', 'sales.csv'), 'region,amount\nnorth,10\nsouth,5\nnorth,7\neast,1\n');
  put('linkedService/Lake.json', { name: 'Lake', properties: { type: 'LocalFileSystem', typeProperties: { rootPath: join(root, 'lake') } } });
  put('dataset/Sales.json', { name: 'Sales', properties: { type: 'DelimitedText', linkedServiceName: { referenceName: 'Lake', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath: 'in', fileName: 'sales.csv' }, firstRowAsHeader: true } } });
  put('dataset/Totals.json', { name: 'Totals', properties: { type: 'Parquet', linkedServiceName: { referenceName: 'Lake', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath: 'out' } } } });
  put('dataflow/Totals.json', { name: 'Totals', properties: { type: 'SluiceDataFlow', typeProperties: {
    parameters: { minimum: { type: 'int', defaultValue: 0 } },
    steps: [
      { name: 'sales', type: 'source', dataset: { referenceName: 'Sales' } },
      { name: 'big', type: 'filter', inputs: ['sales'], condition: 'amount >= $minimum' },
      { name: 'totals', type: 'aggregate', inputs: ['big'], groupBy: ['region'], aggregates: [{ name: 'total', function: 'sum', column: 'amount' }] },
      { name: 'out', type: 'sink', inputs: ['totals'], dataset: { referenceName: 'Totals' } },
    ],
  } } });
});
afterAll(async () => {
  if (previous === undefined) delete process.env.SLUICE_PREFIX;
  else process.env.SLUICE_PREFIX = previous;
  await dropKeys(prefix);
  rmSync(root, { recursive: true, force: true });
});

describe('sluice preview', () => {
  it('--json returns every step output for the first N rows, with parameters', async () => {
    const r = await sluice('preview', 'Totals', '--factory', factory, '--rows', '3', '-p', 'minimum=6', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out) as { rowsPerSource: number; steps: Array<{ name: string; rows: number; outputs: Record<string, { columns: string[]; rows: unknown[] }> }> };
    expect(p.rowsPerSource).toBe(3);
    expect(p.steps.map((s) => [s.name, s.rows])).toEqual([['sales', 3], ['big', 2], ['totals', 1], ['out', 1]]);
    expect(p.steps[2]?.outputs.totals?.rows).toEqual([{ region: 'north', total: 17 }]);
  });

  it('prints tables, and fails with the step and pointer of a bad column', async () => {
    const r = await sluice('preview', 'Totals', '--factory', factory);
    expect(r.code).toBe(0);
    expect(r.out).toContain('■ totals (aggregate): 3 row(s)');
    expect(r.out).toMatch(/north\s+│ 17/);
    put('dataflow/Totals.json', { name: 'Totals', properties: { type: 'SluiceDataFlow', typeProperties: { steps: [
      { name: 'sales', type: 'source', dataset: { referenceName: 'Sales' } },
      { name: 'big', type: 'filter', inputs: ['sales'], condition: 'amount_typo > 1' },
      { name: 'out', type: 'sink', inputs: ['big'], dataset: { referenceName: 'Totals' } },
    ] } } });
    const bad = await sluice('preview', 'Totals', '--factory', factory);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("DATAFLOW_INVALID: Step 'big' (filter): Binder Error: Referenced column \"amount_typo\" not found");
  });
});
