import { describe, expect, it } from 'vitest';
import { csvField } from './copy-out.js';
import { isCursorStatement } from './cursor.js';
import { columnOf, logicalTypeOf, OID, parseInt8, parseTimestampText, postgresColumnType, postgresParam } from './types.js';

describe('PostgreSQL values', () => {
  it('keeps int8 exact: a number up to 2^53, a bigint beyond', () => {
    expect(parseInt8('9007199254740991')).toBe(9007199254740991);
    expect(parseInt8('9007199254740993')).toBe(9007199254740993n);
    expect(parseInt8('-42')).toBe(-42);
  });

  it.each([
    ['2024-03-01 12:34:56.789+00', false, '2024-03-01T12:34:56.789Z'],
    ['2024-03-01 12:34:56+05:30', false, '2024-03-01T07:04:56.000Z'],
    ['2024-03-01 12:34:56.123456-08', false, '2024-03-01T20:34:56.123Z'],
    ['2024-03-01 12:34:56.5', true, '2024-03-01T12:34:56.500Z'],
    ['1970-01-01 00:00:00', true, '1970-01-01T00:00:00.000Z'],
    ['0050-06-01 00:00:00', true, '0050-06-01T00:00:00.000Z'],
  ])('parses timestamp %s (utc=%s)', (text, utc, iso) => {
    expect((parseTimestampText(text, utc) as Date).toISOString()).toBe(iso);
  });

  it('leaves infinity as text', () => {
    expect(parseTimestampText('infinity', true)).toBe('infinity');
  });

  it('maps OIDs and typmods to logical types', () => {
    expect(logicalTypeOf(OID.int2)).toBe('int32');
    expect(logicalTypeOf(OID.jsonb)).toBe('json');
    expect(logicalTypeOf(1007)).toBe('json');
    expect(logicalTypeOf(2950)).toBe('string');
    expect(columnOf('n', OID.numeric, ((12 << 16) | 2) + 4)).toEqual({ name: 'n', type: 'decimal', precision: 12, scale: 2 });
    expect(postgresColumnType({ name: 'd', type: 'decimal', precision: 10, scale: 3 })).toBe('numeric(10, 3)');
  });

  it('binds values as PostgreSQL text', () => {
    expect(postgresParam(new Date('2024-01-02T03:04:05.006Z'), 'timestamp', 'timestamp')).toBe('2024-01-02T03:04:05.006Z');
    expect(postgresParam(new Date('2024-01-02T23:00:00Z'), 'timestamp', 'date')).toBe('2024-01-02');
    expect(postgresParam(12n ** 20n, 'int64', 'int64')).toBe('3833759992447475122176');
    expect(postgresParam({ a: 1 }, 'json', 'json')).toBe('{"a":1}');
    expect(postgresParam('text', 'json', 'json')).toBe('"text"');
    expect(postgresParam('{"a":1}', 'string', 'json')).toBe('{"a":1}');
    expect(postgresParam(Number.NaN, 'double', 'double')).toBe('NaN');
    expect(postgresParam(undefined, 'string', 'string')).toBeNull();
    expect(() => postgresParam(new Date('nope'), 'timestamp', 'timestamp')).toThrow(/not valid/);
  });

  it('quotes CSV fields as COPY does', () => {
    expect([null, '', 'a', 'a,b', 'say "hi"', 'two\nlines', 5].map(csvField)).toEqual(['', '""', 'a', '"a,b"', '"say ""hi"""', '"two\nlines"', '5']);
  });

  it('knows which statements a cursor can hold', () => {
    expect(isCursorStatement('  -- note\n SELECT 1')).toBe(true);
    expect(isCursorStatement('WITH a AS (SELECT 1) SELECT * FROM a')).toBe(true);
    expect(isCursorStatement('WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d')).toBe(false);
    expect(isCursorStatement('CALL refresh()')).toBe(false);
    expect(isCursorStatement('SHOW search_path')).toBe(false);
  });
});
