import { describe, expect, it } from 'vitest';
import { diffJson } from './diff.js';

describe('diffJson', () => {
  it.each([
    ['equal documents', { a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, []],
    ['a changed leaf', { a: { b: 1 } }, { a: { b: 2 } }, [{ op: 'replace', path: '/a/b', from: 1, value: 2 }]],
    ['added and removed keys, sorted', { z: 1, a: 1 }, { a: 1, m: 2 }, [{ op: 'add', path: '/m', value: 2 }, { op: 'remove', path: '/z', from: 1 }]],
    ['a longer array', [1], [1, 2, 3], [{ op: 'add', path: '/1', value: 2 }, { op: 'add', path: '/2', value: 3 }]],
    ['a shorter array, removed from the end', [1, 2, 3], [1], [{ op: 'remove', path: '/2', from: 3 }, { op: 'remove', path: '/1', from: 2 }]],
    ['keys needing escapes', { 'a/b': 1, 'c~d': 1 }, { 'a/b': 2, 'c~d': 2 }, [{ op: 'replace', path: '/a~1b', from: 1, value: 2 }, { op: 'replace', path: '/c~0d', from: 1, value: 2 }]],
    ['a type change', { a: [1] }, { a: { 0: 1 } }, [{ op: 'replace', path: '/a', from: [1], value: { 0: 1 } }]],
    ['to nothing (a deletion)', { a: 1 }, null, [{ op: 'replace', path: '', from: { a: 1 }, value: null }]],
  ])('%s', (_name, a, b, changes) => {
    expect(diffJson(a, b)).toEqual(changes);
  });
});
