// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { nameProblem } from '../shell/NameDialog.js';
import { byFolder } from '../explorer/Explorer.js';

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
