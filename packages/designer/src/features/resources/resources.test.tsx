// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { nameProblem } from '../shell/NameDialog.js';
import { byFolder } from '../explorer/Explorer.js';
import { stepGraph } from './DataFlowGraph.js';

describe('data flow step graph', () => {
  it('draws a node per step and an edge per known input, left to right', () => {
    const { nodes, edges } = stepGraph([
      { name: 'orders', type: 'source' },
      { name: 'customers', type: 'source' },
      { name: 'joined', type: 'join', inputs: ['orders', 'customers'] },
      { name: 'out', type: 'sink', inputs: ['joined', 'ghost'] },
    ]);
    expect(nodes.map((n) => n.id)).toEqual(['orders', 'customers', 'joined', 'out']);
    expect(edges.map((e) => e.id)).toEqual(['orders->joined', 'customers->joined', 'joined->out']);
    const x = Object.fromEntries(nodes.map((n) => [n.id, n.position.x]));
    expect(x.orders).toBeLessThan(x.joined!);
    expect(x.joined).toBeLessThan(x.out!);
  });
});

describe('explorer and naming', () => {
  it('groups resources by folder and filters by name', () => {
    const groups = byFolder([{ name: 'b' }, { name: 'a', folder: 'sales' }, { name: 'c' }], '');
    expect(groups).toEqual([['', [{ name: 'b' }, { name: 'c' }]], ['sales', [{ name: 'a', folder: 'sales' }]]]);
    expect(byFolder([{ name: 'Orders' }, { name: 'People' }], 'ord').map(([, l]) => l.map((r) => r.name))).toEqual([['Orders']]);
  });

  it('checks new names with ADF’s characters and case-insensitive uniqueness', () => {
    expect(nameProblem('Daily load', ['Other'])).toBeUndefined();
    expect(nameProblem('', [])).toMatch(/required/);
    expect(nameProblem('a/b', [])).toMatch(/letters/);
    expect(nameProblem('other', ['Other'])).toMatch(/exists/);
  });
});
