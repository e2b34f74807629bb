import { describe, expect, it } from 'vitest';
import { databaseSettings, describeTarget, parseConnectionString, tlsMode } from './connection-settings.js';

describe('parseConnectionString', () => {
  it.each([
    ['Host=db.local;Port=5433;Database=sales;Username=etl;Password=p;w=d;SSL Mode=Require', { host: 'db.local', port: '5433', database: 'sales', user: 'etl', sslMode: 'Require' }],
    ['Server=db;Port=3306;Database=shop;UID=app;PWD="x;y""z";SslMode=1', { host: 'db', port: '3306', database: 'shop', user: 'app', password: 'x;y"z', sslMode: '1' }],
    ["host=10.0.0.5 port=5432 dbname=warehouse user=bob password='it\\'s secret' sslmode=verify-full", { host: '10.0.0.5', port: '5432', database: 'warehouse', user: 'bob', password: "it's secret", sslMode: 'verify-full' }],
    ['postgres://etl:p%40ss@db:6543/analytics?sslmode=require', { host: 'db', port: '6543', database: 'analytics', user: 'etl', password: 'p@ss', sslMode: 'require' }],
    ['mysql://root@127.0.0.1/test', { host: '127.0.0.1', database: 'test', user: 'root' }],
    ['Data Source=srv;Initial Catalog=dw;User ID=sa;Password=pw', { host: 'srv', database: 'dw', user: 'sa', password: 'pw' }],
  ])('reads %s', (text, expected) => {
    expect(parseConnectionString(text)).toMatchObject(expected);
  });

  it('keeps a semicolon-free single pair working', () => {
    expect(parseConnectionString('host=only')).toEqual({ host: 'only' });
  });
});

describe('tlsMode', () => {
  it('maps ADF numbers per connector and names', () => {
    expect(tlsMode(0, 'postgres', 'x')).toBe('disable');
    expect(tlsMode(3, 'postgres', 'x')).toBe('require');
    expect(tlsMode(5, 'postgres', 'x')).toBe('verify-full');
    expect(tlsMode(2, 'mysql', 'x')).toBe('require');
    expect(tlsMode(4, 'mysql', 'x')).toBe('verify-full');
    expect(tlsMode('Verify CA', 'postgres', 'x')).toBe('verify-ca');
    expect(tlsMode('VerifyFull', 'postgres', 'x')).toBe('verify-full');
    expect(tlsMode('VerifyIdentity', 'mysql', 'x')).toBe('verify-full');
    expect(tlsMode('Preferred', 'mysql', 'x')).toBe('disable');
    expect(tlsMode(undefined, 'mysql', 'x')).toBe('disable');
  });

  it('refuses an unknown mode naming the linked service', () => {
    expect(() => tlsMode('sometimes', 'postgres', 'pgLs')).toThrow(/pgLs.*sslMode/);
  });
});

describe('databaseSettings', () => {
  it('lets separate properties win over the connection string, and collects secrets', () => {
    const s = databaseSettings({ name: 'ls', type: 'PostgreSqlV2', typeProperties: { connectionString: { type: 'SecureString', value: 'Host=a;Database=b;Username=u;Password=fromString' }, password: { type: 'SecureString', value: 'separate' }, port: 6000, commandTimeout: 30 } }, 'postgres');
    expect(s).toMatchObject({ host: 'a', database: 'b', user: 'u', password: 'separate', port: 6000, commandTimeoutMs: 30_000, connectTimeoutMs: 15_000 });
    expect(s.secrets).toEqual(['separate', 'Host=a;Database=b;Username=u;Password=fromString']);
    expect(describeTarget(s)).toBe('a:6000/b');
  });

  it('reads the PostgreSQL search path from schema or the connection string', () => {
    expect(databaseSettings({ name: 'p', type: 'PostgreSqlV2', typeProperties: { server: 'h', database: 'd', schema: 'sales' } }, 'postgres').searchPath).toBe('sales');
    expect(databaseSettings({ name: 'p', type: 'PostgreSql', typeProperties: { connectionString: 'Host=h;Database=d;Search Path=a,b' } }, 'postgres').searchPath).toBe('a,b');
    expect(databaseSettings({ name: 'm', type: 'MySql', typeProperties: { server: 'h', database: 'd', schema: 'x' } }, 'mysql').searchPath).toBeUndefined();
  });

  it('trusts the server certificate when asked (TLS on, certificate not checked)', () => {
    expect(databaseSettings({ name: 'p', type: 'PostgreSqlV2', typeProperties: { connectionString: 'Host=h;Database=d;SSL Mode=VerifyFull;Trust Server Certificate=true' } }, 'postgres').tls).toBe('require');
    expect(databaseSettings({ name: 'p', type: 'PostgreSqlV2', typeProperties: { server: 'h', database: 'd', sslMode: 5, trustServerCertificate: true } }, 'postgres').tls).toBe('require');
    expect(databaseSettings({ name: 'p', type: 'PostgreSqlV2', typeProperties: { server: 'h', database: 'd', sslMode: 'verify-full' } }, 'postgres').tls).toBe('verify-full');
  });

  it('defaults port and user per dialect', () => {
    expect(databaseSettings({ name: 'm', type: 'MySql', typeProperties: { server: 'h', database: 'd' } }, 'mysql')).toMatchObject({ port: 3306, user: 'root', tls: 'disable' });
  });

  it('names what is missing, never a secret', () => {
    expect(() => databaseSettings({ name: 'ls1', type: 'MySql', typeProperties: { database: 'd', password: 'hunter2' } }, 'mysql')).toThrow(/ls1.*no server/);
    expect(() => databaseSettings({ name: 'ls2', type: 'MySql', typeProperties: { server: 'h', port: 'x' } }, 'mysql')).toThrow(/ls2.*no database/);
    try {
      databaseSettings({ name: 'ls3', type: 'MySql', typeProperties: { server: 'h', database: 'd', port: 99999, password: 'hunter2' } }, 'mysql');
      expect.unreachable();
    } catch (error) {
      expect((error as { code: string }).code).toBe('LINKED_SERVICE_INVALID');
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});
