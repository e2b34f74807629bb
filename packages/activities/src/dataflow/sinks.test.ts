import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Scratch } from './testing/fixtures.js';
import type { DataFlowStep } from './types.js';

let s: Scratch;
beforeEach(() => {
  s = new Scratch()
    .file('in/people.csv', 'id,name,bucket\n1,ann,0\n2,bob,1\n3,cy,2\n4,di,3\n5,ed,0\n')
    .dataset('People', 'DelimitedText', 'in')
    .dataset('Agg', 'Parquet', 'out/agg')
    .dataset('Kept', 'Parquet', 'out/kept');
});
afterEach(() => s.cleanup());

/** Every entry under a lake folder, hidden ones included, as paths relative to it. */
function tree(folder: string): string[] {
  const dir = join(s.lake, folder);
  try {
    return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ name: string; parentPath: string; isFile(): boolean }>)
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
      .sort();
  } catch {
    return [];
  }
}

const partitioned = (mode: string): DataFlowStep[] => [
  { name: 'people', type: 'source', dataset: { referenceName: 'People' } },
  { name: 'agg_out', type: 'sink', inputs: ['people'], dataset: { referenceName: 'Agg' }, partitionBy: ['bucket'], mode },
];

describe('file sinks publish a set whole', () => {
  it('overwrite replaces the partition set (one file per partition, fresh names, nothing hidden left)', async () => {
    const first = await s.run(partitioned('overwrite'));
    const second = await s.run(partitioned('overwrite'));
    expect(second.sinks[0]?.rowsWritten).toBe(5);
    const files = tree('out');
    expect(files).toHaveLength(4);
    expect(files.map((f) => f.split('/')[1])).toEqual(['bucket=0', 'bucket=1', 'bucket=2', 'bucket=3']);
    expect(files.every((f) => /^agg\/bucket=\d\/part-run-[0-9a-f]{8}-data_0\.parquet$/.test(f))).toBe(true);
    expect(first.sinks[0]?.targets).not.toEqual(second.sinks[0]?.targets);
    expect(await s.read('out/agg/', 'id')).toHaveLength(5);
  });

  it('append adds a new batch beside the old one, with no marker or _SUCCESS left on local disk', async () => {
    await s.run(partitioned('append'));
    await s.run(partitioned('append'));
    expect(tree('out')).toHaveLength(8);
    expect(tree('out').some((f) => f.includes('_SUCCESS') || f.includes('_sluice_pending'))).toBe(false);
    expect(await s.read('out/agg/', 'id')).toHaveLength(10);
  });

  it('a flow that fails after a sink was reached publishes none of its sinks', async () => {
    await s.run([{ name: 'people', type: 'source', dataset: { referenceName: 'People' } }, { name: 'kept_out', type: 'sink', inputs: ['people'], dataset: { referenceName: 'Kept' } }]);
    const before = tree('out');
    expect(before).toHaveLength(1);
    const failing = s.run([
      { name: 'people', type: 'source', dataset: { referenceName: 'People' } },
      { name: 'kept_out', type: 'sink', inputs: ['people'], dataset: { referenceName: 'Kept' } },
      { name: 'bad', type: 'derive', inputs: ['people'], columns: [{ name: 'n', expression: "CAST(CASE WHEN id = 4 THEN 'x' ELSE '1' END AS INTEGER)" }] },
      { name: 'agg_out', type: 'sink', inputs: ['bad'], dataset: { referenceName: 'Agg' }, partitionBy: ['bucket'] },
    ]);
    await expect(failing).rejects.toMatchObject({ message: expect.stringContaining("'agg_out'") });
    expect(tree('out')).toEqual(before); // the first sink, written before the failure, was not published
    expect(readdirSync(join(s.lake, 'out')).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
