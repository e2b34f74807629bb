import { afterAll, describe, expect, it } from 'vitest';
import { Scratch } from './testing/fixtures.js';

const lines = Array.from({ length: 50 }, (_, i) => `{"id":${i + 1},"score":${(i * 7) % 10},"tag":"${i % 3 === 0 ? 'x' : 'y'}"}`);
const s = new Scratch().file('in/rows.json', lines.join('\n')).dataset('Rows', 'Json', 'in', 'rows.json').dataset('Out', 'Parquet', 'out', 'never.parquet');
afterAll(() => s.cleanup());

describe('previewDataFlow', () => {
  it('runs on the first N rows of each source and returns every step output (columns, types, rows), writing no sink', async () => {
    const p = await s.preview([
      { name: 'rows', type: 'source', dataset: { referenceName: 'Rows' } },
      { name: 'check', type: 'validate', inputs: ['rows'], rules: [{ name: 'high', condition: 'score >= 3' }] },
      { name: 'agg', type: 'aggregate', inputs: ['check'], groupBy: ['tag'], aggregates: [{ name: 'n', function: 'count' }, { name: 'total', function: 'sum', column: 'score' }] },
      { name: 'out', type: 'sink', inputs: ['agg'], dataset: { referenceName: 'Out' } },
    ] as never, 10);
    expect(p.rowsPerSource).toBe(10);
    expect(p.steps.map((x) => [x.name, x.rows])).toEqual([['rows', 10], ['check', 7], ['agg', 2], ['out', 2]]);
    const source = p.steps[0]?.outputs.rows;
    expect(source?.columns).toEqual(['id', 'score', 'tag']);
    expect(source?.types).toEqual(['BIGINT', 'BIGINT', 'VARCHAR']);
    expect(source?.rows[1]).toEqual({ id: 2, score: 7, tag: 'y' });
    // scores of ids 1..10: 0 7 4 1 8 5 2 9 6 3 → rejected: ids 1, 4, 7
    expect(p.steps[1]?.outputs['check.rejected']?.rows.map((r) => [r.id, r.rejectReasons])).toEqual([[1, ['high']], [4, ['high']], [7, ['high']]]);
    expect(p.steps[2]?.outputs.agg?.rows).toEqual([{ tag: 'x', n: 1, total: 3 }, { tag: 'y', n: 6, total: 39 }]);
    await expect(s.read('out/never.parquet')).rejects.toBeDefined();
  });
});
