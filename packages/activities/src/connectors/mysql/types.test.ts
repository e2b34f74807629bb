import { describe, expect, it } from 'vitest';
import { MYSQL_TYPE, mysqlColumn, mysqlColumnType, mysqlLogicalType, mysqlParam, parseDatetime, rowConverter } from './types.js';

describe('MySQL types', () => {
  it('maps field packets to logical types', () => {
    expect(mysqlLogicalType({ name: 'b', columnType: MYSQL_TYPE.TINY, columnLength: 1 })).toBe('boolean');
    expect(mysqlLogicalType({ name: 't', columnType: MYSQL_TYPE.TINY, columnLength: 4 })).toBe('int32');
    expect(mysqlLogicalType({ name: 'u', columnType: MYSQL_TYPE.LONG, flags: 32 })).toBe('int64');
    expect(mysqlLogicalType({ name: 'j', columnType: MYSQL_TYPE.BLOB, characterSet: 224, extendedFormat: 'json' })).toBe('json');
    expect(mysqlLogicalType({ name: 'bin', columnType: MYSQL_TYPE.BLOB, characterSet: 63 })).toBe('binary');
    expect(mysqlLogicalType({ name: 's', columnType: MYSQL_TYPE.VAR_STRING, characterSet: 224 })).toBe('string');
    expect(mysqlColumn({ name: 'd', columnType: MYSQL_TYPE.NEWDECIMAL, columnLength: 22, decimals: 5, flags: 0 })).toEqual({ name: 'd', type: 'decimal', nullable: true, precision: 20, scale: 5 });
  });

  it('converts rows in place: BIGINT exact, DATETIME as UTC, zero dates to null', () => {
    const fields = [
      { name: 'big', columnType: MYSQL_TYPE.LONGLONG },
      { name: 'ts', columnType: MYSQL_TYPE.DATETIME },
      { name: 'day', columnType: MYSQL_TYPE.DATE },
      { name: 'flag', columnType: MYSQL_TYPE.TINY, columnLength: 1 },
    ];
    const convert = rowConverter(fields, fields.map(mysqlColumn));
    const row = convert?.({ big: '9007199254740993', ts: '2024-01-02 03:04:05.123456', day: '0000-00-00', flag: 0 });
    expect(row).toEqual({ big: 9007199254740993n, ts: new Date('2024-01-02T03:04:05.123Z'), day: null, flag: false });
    expect(parseDatetime('0000-00-00 00:00:00')).toBeNull();
  });

  it('creates indexable key columns and exact decimals', () => {
    expect(mysqlColumnType({ name: 'k', type: 'string' }, true)).toBe('VARCHAR(255)');
    expect(mysqlColumnType({ name: 's', type: 'string' }, false)).toBe('LONGTEXT');
    expect(mysqlColumnType({ name: 'd', type: 'decimal', precision: 12, scale: 2 }, false)).toBe('DECIMAL(12, 2)');
  });

  it('binds values for the server', () => {
    expect(mysqlParam(new Date('2024-01-02T03:04:05.006Z'), 'timestamp', 'timestamp')).toBe('2024-01-02 03:04:05.006');
    expect(mysqlParam('2024-01-02T03:04:05+02:00', 'string', 'timestamp')).toBe('2024-01-02 01:04:05.000');
    expect(mysqlParam(true, 'boolean', 'boolean')).toBe(1);
    expect(mysqlParam([1, 2], 'json', 'json')).toBe('[1,2]');
    expect(() => mysqlParam(Number.POSITIVE_INFINITY, 'double', 'double')).toThrow(/cannot be stored/);
  });
});
