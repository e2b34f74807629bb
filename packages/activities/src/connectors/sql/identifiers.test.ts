import { describe, expect, it } from 'vitest';
import { qualifiedName, quoteIdentifier, tableNameFromDataset } from './identifiers.js';
import { maskSecrets } from './errors.js';

describe('identifiers', () => {
  it('quotes by doubling the quote character', () => {
    expect(quoteIdentifier('we"ird', '"')).toBe('"we""ird"');
    expect(quoteIdentifier('back`tick', '`')).toBe('`back``tick`');
    expect(qualifiedName({ schema: 'my schema', table: 'x"; DROP TABLE y; --' }, '"')).toBe('"my schema"."x""; DROP TABLE y; --"');
    expect(qualifiedName({ table: 't' }, '`')).toBe('`t`');
  });

  it('refuses empty names and NUL characters', () => {
    expect(() => quoteIdentifier('', '"')).toThrow(expect.objectContaining({ code: 'DB_IDENTIFIER_INVALID' }) as Error);
    expect(() => quoteIdentifier('a\0b', '`', 'table')).toThrow(/table name .* NUL/);
  });

  it('reads the table of a dataset in both ADF forms', () => {
    expect(tableNameFromDataset({ schema: 'sales', table: 'orders' })).toEqual({ schema: 'sales', table: 'orders' });
    expect(tableNameFromDataset({ table: 'orders' })).toEqual({ table: 'orders' });
    expect(tableNameFromDataset({ tableName: 'sales."Order.Lines"' })).toEqual({ schema: 'sales', table: 'Order.Lines' });
    expect(tableNameFromDataset({ tableName: '[dbo].[x]' })).toEqual({ schema: 'dbo', table: 'x' });
    expect(tableNameFromDataset({ tableName: '`a``b`' })).toEqual({ table: 'a`b' });
    expect(tableNameFromDataset({})).toBeUndefined();
  });
});

describe('maskSecrets', () => {
  it('masks every secret and its URL-encoded form', () => {
    expect(maskSecrets('pw=p@ss! url=postgres://u:p%40ss!@h', ['p@ss!'])).toBe('pw=*** url=postgres://u:***@h');
    expect(maskSecrets('nothing here', ['', 'zzz'])).toBe('nothing here');
  });
});
