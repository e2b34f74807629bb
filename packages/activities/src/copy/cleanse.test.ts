import { describe, expect, it } from 'vitest';
import { compileCleanser, compileDateFormat, compileTextCleaner } from './cleanse.js';

describe('compileDateFormat', () => {
  it.each([
    ['dd/MM/yyyy', '15/07/1985', '1985-07-15'],
    ['M/d/yyyy', '7/5/2020', '2020-07-05'],
    ['yyyy-MM-dd HH:mm:ss', '2024-03-01 13:04:05', '2024-03-01T13:04:05.000Z'],
    ['M/d/yyyy h:mm tt', '3/1/2024 1:30 PM', '2024-03-01T13:30:00.000Z'],
    ['yyyyMMdd', '20240229', '2024-02-29'],
  ])('%s parses %s', (format, text, expected) => {
    expect(compileDateFormat(format)(text)).toBe(expected);
  });

  it('refuses impossible dates and text that does not fit', () => {
    expect(compileDateFormat('dd/MM/yyyy')('31/02/2001')).toBeUndefined();
    expect(compileDateFormat('dd/MM/yyyy')('2001-02-03')).toBeUndefined();
  });
});

describe('compileCleanser', () => {
  it('trims, nulls markers, parses dates of date columns, and says which date failed', () => {
    const c = compileCleanser({ trim: true, nullValues: ['-'], dateFormats: ['dd.MM.yyyy'] }, new Set(['born']));
    const row: Record<string, unknown> = { name: ' Ann ', note: ' - ', born: '02.01.1990' };
    expect(c.clean(row)).toBeUndefined();
    expect(row).toEqual({ name: 'Ann', note: null, born: '1990-01-02' });
    expect(c.clean({ born: '1990/01/02' })).toEqual({ column: 'born', reason: expect.stringContaining('dateFormats') });
  });

  it('checks a JSON Schema and names the column; remembers dedupe keys', () => {
    const c = compileCleanser({ schema: { type: 'object', required: ['id'], properties: { age: { type: 'integer', minimum: 0 } } }, dedupeKeys: ['id'] }, new Set());
    expect(c.needsJs).toBe(true);
    expect(c.check({ id: 1, age: -1 })).toEqual({ column: 'age', reason: expect.stringContaining('>= 0') });
    expect(c.check({ age: 1 })).toEqual({ column: 'id', reason: expect.stringContaining("'id' is required") });
    expect(c.duplicate({ id: 1 })).toBe(false);
    expect(c.duplicate({ id: 1 })).toBe(true);
    expect(c.duplicate({ id: 2 })).toBe(false);
  });

  it('refuses a schema ajv cannot compile', () => {
    expect(() => compileCleanser({ schema: { type: 'no-such-type' } }, new Set())).toThrow(expect.objectContaining({ code: 'TYPE_PROPERTIES_INVALID' }));
  });
});

describe('compileTextCleaner', () => {
  it('is absent without trim, null markers or date formats', () => {
    expect(compileTextCleaner(undefined)).toBeUndefined();
    expect(compileTextCleaner({ dedupeKeys: ['id'], nullValues: [] })).toBeUndefined();
  });

  it('cleans a field before its conversion: trims, nulls, parses dates of date columns only', () => {
    const clean = compileTextCleaner({ trim: true, nullValues: ['NA'], dateFormats: ['dd/MM/yyyy'] })!;
    expect(clean(' 42 ', 'int32')).toBe('42');
    expect(clean(' NA ', 'int32')).toBeNull();
    expect(clean('01/02/1990', 'date')).toBe('1990-02-01');
    expect(clean('01/02/1990', 'string')).toBe('01/02/1990');
    expect(clean('31/02/2001', 'date')).toEqual({ reason: "'31/02/2001' matches none of validation.dateFormats (dd/MM/yyyy)" });
  });

  it('lets a date already in ISO form through a later cleanser (a reader typed it)', () => {
    const c = compileCleanser({ dateFormats: ['dd/MM/yyyy'] }, new Set(['born']));
    const row = { born: '1990-02-01' };
    expect(c.clean(row)).toBeUndefined();
    expect(row.born).toBe('1990-02-01');
    expect(c.clean({ born: '1990-02-30' })).toMatchObject({ column: 'born' });
  });
});
