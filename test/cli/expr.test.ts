import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sluice } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sluice-expr-'));
const write = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('sluice expr', () => {
  it('evaluates a bare expression and an ADF value, printing JSON', async () => {
    expect((await sluice('expr', "concat('a', 'b')")).out).toBe('"ab"\n');
    expect(JSON.parse((await sluice('expr', '@createArray(1, 2.5, true)')).out)).toEqual([1, 2.5, true]);
    expect((await sluice('expr', 'Total: @{add(1, 2)}')).out).toBe('"Total: 3"\n');
  });

  it('keeps 64-bit integers exact', async () => {
    expect((await sluice('expr', "ticks('2018-01-01T08:00:00.000Z')")).out).toBe('636503904000000000\n');
  });

  it('reads a context file (pipeline, variables, activities, item, now)', async () => {
    const context = write('ctx.json', JSON.stringify({
      pipeline: { parameters: { day: '2024-03-01' }, RunId: 'r-1' },
      variables: { n: 2 },
      activities: { Lookup: { output: { firstRow: { count: 40 } }, Status: 'Succeeded' } },
      item: { name: 'orders' },
      now: '2024-03-01T10:00:00Z',
    }));
    const r = await sluice('expr', "@{item().name}/@{formatDateTime(utcNow(), 'yyyy/MM/dd')}/@{add(activity('Lookup').output.firstRow.count, variables('n'))}", '--context', context);
    expect(r.code).toBe(0);
    expect(r.out).toBe('"orders/2024/03/01/42"\n');
  });

  it('prints the error with its code and a caret at the position, exit 1', async () => {
    const r = await sluice('expr', "@concat('a' 'b')");
    expect(r.code).toBe(1);
    expect(r.err).toContain('EXPRESSION_SYNTAX at position 12');
    expect(r.err).toContain("  @concat('a' 'b')\n              ^");
  });

  it('--batch reads JSON lines and prints a value or an error per line', async () => {
    const batch = write('cases.jsonl', [
      JSON.stringify({ expr: 'add(1, 2)' }),
      JSON.stringify({ expr: "@pipeline().parameters.x", context: { pipeline: { parameters: { x: 'y' } } } }),
      JSON.stringify({ expr: 'div(1, 0)' }),
      'not json',
      '',
    ].join('\n'));
    const r = await sluice('expr', '--batch', batch);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ value: 3 });
    expect(lines[1]).toEqual({ value: 'y' });
    expect(lines[2]).toMatchObject({ error: { code: 'EXPRESSION_EVALUATION', position: 0 } });
    expect(lines[3]).toMatchObject({ error: { code: 'INVALID_JSON' } });
    expect(lines).toHaveLength(4);
  });
});
