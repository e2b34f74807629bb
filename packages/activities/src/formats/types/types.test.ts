import { describe, expect, it } from 'vitest';
import type { Column, LogicalType } from '../../connectors/contract.js';
import { mapAdfType } from './adf-types.js';
import { convertValue } from './convert.js';
import { parseIsoTimestamp, parseWithFormat } from './dates.js';
import { TypeTally, textType } from './infer.js';

const col = (type: LogicalType, extra: Partial<Column> = {}): Column => ({ name: 'c', type, ...extra });

describe('convertValue', () => {
  const good: Array<[unknown, Column, unknown]> = [
    ['42', col('int32'), 42],
    ['-7', col('int32'), -7],
    [12, col('int32'), 12],
    ['9007199254740993', col('int64'), 9007199254740993n],
    ['123', col('int64'), 123],
    [5n, col('int64'), 5],
    ['1.5e3', col('double'), 1500],
    ['-.5', col('double'), -0.5],
    ['NaN', col('double'), Number.NaN],
    ['12.50', col('decimal', { precision: 5, scale: 2 }), '12.50'],
    ['+007.1', col('decimal'), '7.1'],
    ['-0.00', col('decimal'), '0.00'],
    [1.25, col('decimal'), '1.25'],
    ['TRUE', col('boolean'), true],
    ['no', col('boolean'), false],
    ['0', col('boolean'), false],
    [1, col('boolean'), true],
    ['2024-02-29', col('date'), '2024-02-29'],
    ['2024-02-29T23:00:00-02:00', col('date'), '2024-03-01'],
    ['2024-05-01T10:20:30.123456Z', col('timestamp'), new Date('2024-05-01T10:20:30.123Z')],
    ['2024-05-01 10:20', col('timestamp'), new Date('2024-05-01T10:20:00Z')],
    ['2024-05-01T12:00:00+02:00', col('timestamp'), new Date('2024-05-01T10:00:00Z')],
    ['{"a":[1]}', col('json'), { a: [1] }],
    [{ a: 1 }, col('json'), { a: 1 }],
    ['AQL/', col('binary'), new Uint8Array([1, 2, 255])],
    ['0x01ff', col('binary'), new Uint8Array([1, 255])],
    [42, col('string'), '42'],
    [new Date('2024-01-01T00:00:00Z'), col('string'), '2024-01-01T00:00:00.000Z'],
    [null, col('int32'), null],
    ['as is', { name: 'untyped' }, 'as is'],
  ];
  it.each(good)('converts case %# (%s)', (value, column, expected) => {
    expect(convertValue(value, column)).toEqual({ ok: true, value: expected });
  });

  const bad: Array<[unknown, Column, string]> = [
    ['4x2', col('int32'), "'4x2' is not an integer"],
    [' 42', col('int32'), "' 42' is not an integer"],
    ['2147483648', col('int32'), "'2147483648' is out of the int32 range"],
    [1.5, col('int32'), '1.5 is not an integer'],
    ['9223372036854775808', col('int64'), "'9223372036854775808' is out of the int64 range"],
    ['', col('double'), "'' is not a number"],
    ['1,5', col('double'), "'1,5' is not a number"],
    ['12.345', col('decimal', { precision: 5, scale: 2 }), "'12.345' has more than 2 digits after the decimal point"],
    ['1234.5', col('decimal', { precision: 5, scale: 2 }), "'1234.5' does not fit decimal(5,2)"],
    ['maybe', col('boolean'), "'maybe' is not a boolean (true/false, 1/0, yes/no)"],
    ['2024-02-30', col('date'), "'2024-02-30' is not an ISO 8601 date"],
    ['yesterday', col('timestamp'), "'yesterday' is not an ISO 8601 timestamp"],
    ['2024-13-01T00:00:00', col('timestamp'), "'2024-13-01T00:00:00' is not an ISO 8601 timestamp"],
    ['{oops', col('json'), "'{oops' is not JSON"],
    ['not base64!', col('binary'), "'not base64!' is not base64 or 0x-prefixed hex bytes"],
  ];
  it.each(bad)('refuses case %# (%s)', (value, column, reason) => {
    const result = convertValue(value, column);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });

  it('parses dates with a .NET format through the engine’s parser', () => {
    expect(convertValue('21/05/2019 13:45', col('timestamp'), { format: 'dd/MM/yyyy HH:mm' })).toEqual({ ok: true, value: new Date('2019-05-21T13:45:00Z') });
    expect(convertValue('20190521', col('date'), { format: 'yyyyMMdd' })).toEqual({ ok: true, value: '2019-05-21' });
    expect(convertValue('2019-05-21', col('date'), { format: 'yyyyMMdd' })).toEqual({ ok: false, reason: "'2019-05-21' is not a date in the format 'yyyyMMdd'" });
    expect(convertValue('05/21/2019', col('date'), { format: 'yyyy', dateFormat: 'MM/dd/yyyy' })).toEqual({ ok: true, value: '2019-05-21' });
    expect(parseWithFormat('21 mai 2019', 'dd MMMM yyyy', 'fr-FR')).toEqual(new Date('2019-05-21T00:00:00Z'));
  });

  it('reads ISO timestamps strictly', () => {
    expect(parseIsoTimestamp('0099-01-01T00:00:00Z')?.getUTCFullYear()).toBe(99);
    expect(parseIsoTimestamp('2024-01-01T24:00:00')).toBeUndefined();
    expect(parseIsoTimestamp('2024-1-1')).toBeUndefined();
  });
});

describe('mapAdfType', () => {
  it.each([
    ['Int32', 'int32'],
    ['Int16', 'int32'],
    ['Int64', 'int64'],
    ['String', 'string'],
    ['Guid', 'string'],
    ['Decimal', 'decimal'],
    ['Double', 'double'],
    ['Single', 'double'],
    ['Boolean', 'boolean'],
    ['DateTime', 'timestamp'],
    ['DateTimeOffset', 'timestamp'],
    ['Date', 'date'],
    ['Byte[]', 'binary'],
    ['timestamp', 'timestamp'],
  ])('maps %s to %s', (adf, logical) => {
    expect(mapAdfType(adf)).toBe(logical);
  });
  it('gives undefined for an unknown type', () => {
    expect(mapAdfType('Hyperspace')).toBeUndefined();
  });
});

describe('type inference', () => {
  it('guesses a text value’s type', () => {
    expect(['12', '-1.5e3', 'True', '2024-01-01', '2024-01-01T10:00:00Z', 'x', ''].map(textType)).toEqual(['int64', 'double', 'boolean', 'date', 'timestamp', 'string', undefined]);
  });
  it('widens over values', () => {
    const tally = new TypeTally();
    for (const [name, value] of [['a', '1'], ['a', '2.5'], ['b', '2024-01-01'], ['b', '2024-01-01T01:00:00Z'], ['c', '1'], ['c', 'x'], ['d', null]] as const) tally.addText(name, value);
    expect(tally.columns().map((c) => [c.name, c.type])).toEqual([
      ['a', 'double'],
      ['b', 'timestamp'],
      ['c', 'string'],
      ['d', 'string'],
    ]);
  });
});
