import { describe, expect, it } from 'vitest';
import { columnsFromRows, compileTranslator } from './mapping.js';

describe('compileTranslator', () => {
  it('without mappings passes a copy of the row through', () => {
    const row = { a: 1 };
    const [out] = compileTranslator(undefined).map(row);
    expect(out).toEqual({ a: 1 });
    expect(out).not.toBe(row);
  });

  it('maps by name (falling back to a case-insensitive match), by ordinal and by JSON path', () => {
    const m = compileTranslator({ mappings: [
      { source: { name: 'ID' }, sink: { name: 'id', type: 'Int32' } },
      { source: { ordinal: 2 }, sink: { name: 'second' } },
      { source: { path: "$['c']['d']" }, sink: { name: 'deep' } },
      { source: { name: 'missing' }, sink: { name: 'none' } },
    ] });
    expect(m.columns).toEqual([{ name: 'id', adfType: 'Int32' }, { name: 'second' }, { name: 'deep' }, { name: 'none' }]);
    expect(m.map({ id: 7, b: 'x', c: { d: true } })).toEqual([{ id: 7, second: 'x', deep: true, none: null }]);
  });

  it('unrolls a collectionReference: relative paths read the element, $ paths the document', () => {
    const m = compileTranslator({ collectionReference: '$.items', mappings: [
      { source: { path: '$.order' }, sink: { name: 'order' } },
      { source: { path: "['sku']" }, sink: { name: 'sku' } },
    ] });
    expect(m.map({ order: 'o1', items: [{ sku: 'A' }, { sku: 'B' }] })).toEqual([{ order: 'o1', sku: 'A' }, { order: 'o1', sku: 'B' }]);
    expect(m.map({ order: 'o2', items: [] })).toEqual([{ order: 'o2', sku: null }]);
  });

  it('refuses a mapping without a sink name or a source, and a path it cannot parse', () => {
    expect(() => compileTranslator({ mappings: [{ source: { name: 'a' }, sink: {} }] })).toThrow(expect.objectContaining({ code: 'COPY_MAPPING_INVALID' }));
    expect(() => compileTranslator({ mappings: [{ source: {}, sink: { name: 'a' } }] })).toThrow(expect.objectContaining({ code: 'COPY_MAPPING_INVALID' }));
    expect(() => compileTranslator({ mappings: [{ source: { path: "$['unclosed" }, sink: { name: 'a' } }] })).toThrow(expect.objectContaining({ code: 'COPY_MAPPING_INVALID' }));
  });
});

describe('columnsFromRows', () => {
  it('types columns from their first non-null value, widening int64 to double', () => {
    expect(columnsFromRows([{ a: null, b: 1, c: 'x' }, { a: new Date(0), b: 1.5, d: { x: 1 } }])).toEqual([
      { name: 'a', type: 'timestamp' }, { name: 'b', type: 'double' }, { name: 'c', type: 'string' }, { name: 'd', type: 'json' },
    ]);
  });
});
