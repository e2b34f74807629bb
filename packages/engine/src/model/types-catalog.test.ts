import { describe, expect, it } from 'vitest';
import { isSluiceError } from '../errors/index.js';
import { checkTypeProperties } from '../validation/schema-check.js';
import { builtinDatasetTypes, builtinLinkedServiceTypes, FILE_STORE_LINKED_SERVICE_TYPES } from './builtin-types.js';
import { TypeCatalog } from './types-catalog.js';
import type { TypeDeclaration } from './types-catalog.js';

const linkedServices = new TypeCatalog('linkedService', builtinLinkedServiceTypes);
const datasets = new TypeCatalog('dataset', builtinDatasetTypes);
const expr = (value: string) => ({ value, type: 'Expression' });
const env = (name: string) => ({ type: 'EnvironmentVariable', name });

const check = (catalog: TypeCatalog, type: string, typeProperties: unknown) => {
  const declaration = catalog.get(type);
  if (!declaration) throw new Error(`no type ${type}`);
  return checkTypeProperties(declaration.typeProperties, typeProperties, '/properties/typeProperties').map((p) => p.pointer);
};

describe('TypeCatalog', () => {
  const decl = (type: string): TypeDeclaration => ({ type, title: type, description: '', category: 'Test', typeProperties: { type: 'object' } });

  it('looks types up case-insensitively and lists them sorted', () => {
    const catalog = new TypeCatalog('dataset', [decl('Zeta'), decl('Alpha')]);
    expect(catalog.get('alpha')?.type).toBe('Alpha');
    expect(catalog.has('ZETA')).toBe(true);
    expect(catalog.has('Beta')).toBe(false);
    expect(catalog.get('Beta')).toBeUndefined();
    expect(catalog.typeNames()).toEqual(['Alpha', 'Zeta']);
    expect(catalog.list().map((d) => d.type)).toEqual(['Alpha', 'Zeta']);
  });

  it('refuses a duplicate in any casing with TYPE_DUPLICATE', () => {
    const catalog = new TypeCatalog('linkedService', [decl('Alpha')]);
    try {
      catalog.register(decl('ALPHA'));
      expect.unreachable();
    } catch (error) {
      expect(isSluiceError(error) && error.code).toBe('TYPE_DUPLICATE');
      expect((error as Error).message).toContain("Linked service type 'Alpha' is already registered");
    }
  });

  it('refuses a malformed name with TYPE_DEFINITION_INVALID', () => {
    expect(() => new TypeCatalog('dataset', [decl('has space')])).toThrow(/not valid/);
  });

  it('holds every built-in type once', () => {
    expect(linkedServices.typeNames()).toEqual([
      'AmazonS3', 'AmazonS3Compatible', 'FileServer', 'HttpServer', 'LocalFileSystem', 'MariaDB', 'MySql', 'PostgreSql', 'PostgreSqlV2', 'RestService',
    ]);
    expect(datasets.typeNames()).toEqual([
      'Binary', 'DelimitedText', 'Json', 'MariaDBTable', 'MySqlTable', 'Parquet', 'PostgreSqlTable', 'PostgreSqlV2Table', 'RestResource',
    ]);
  });

  it('names, for every dataset type, linked-service types that exist', () => {
    for (const d of builtinDatasetTypes) {
      for (const ls of d.linkedServiceTypes ?? []) expect(linkedServices.has(ls), `${d.type} → ${ls}`).toBe(true);
    }
    expect(FILE_STORE_LINKED_SERVICE_TYPES).toContain('LocalFileSystem');
  });
});

describe('built-in linked-service types', () => {
  it.each([
    ['LocalFileSystem', { rootPath: '/data/factory' }],
    ['FileServer', { host: '/mnt/share/exports', userId: 'etl', password: { type: 'SecureString', value: '**********' } }],
    ['AmazonS3', { authenticationType: 'AccessKey', accessKeyId: 'AKIA…', secretAccessKey: env('AWS_SECRET'), region: 'eu-west-1' }],
    ['AmazonS3Compatible', { serviceUrl: 'http://minio:9000', accessKeyId: 'minio', secretAccessKey: env('MINIO_SECRET'), forcePathStyle: true }],
    ['HttpServer', { url: 'https://files.example.com/', authenticationType: 'Anonymous', enableServerCertificateValidation: true }],
    ['RestService', { url: 'https://api.example.com/v1/', authenticationType: 'ApiKey', apiKey: env('API_KEY'), apiKeyHeader: 'X-API-Key' }],
    ['RestService', { url: 'https://api.example.com/', authenticationType: 'OAuth2ClientCredential', clientId: 'c', clientSecret: env('S'), tokenEndpoint: 'https://login/token' }],
    ['PostgreSql', { connectionString: 'host=pg;port=5432;database=sales;uid=etl', password: { type: 'AzureKeyVaultSecret', store: { referenceName: 'Vault', type: 'LinkedServiceReference' }, secretName: 'pg' } }],
    ['PostgreSqlV2', { server: 'pg', port: 5432, database: 'sales', username: 'etl', password: env('PG_PASSWORD'), sslMode: 2, authenticationType: 'Basic' }],
    ['PostgreSqlV2', { server: '@{linkedService().host}', port: '@linkedService().port', database: expr('@linkedService().db') }],
    ['MySql', { server: 'mysql', port: 3306, database: 'shop', username: 'etl', password: env('MYSQL_PASSWORD'), sslMode: 1 }],
    ['MariaDB', { driverVersion: 'v2', server: 'maria', port: 3306, database: 'shop', username: 'etl', password: env('MARIA_PASSWORD') }],
  ])('%s accepts %j', (type, typeProperties) => {
    expect(check(linkedServices, type, typeProperties)).toEqual([]);
  });

  it.each([
    ['LocalFileSystem', {}, ''],
    ['LocalFileSystem', { rootPath: '/data', root: '/x' }, '/root'],
    ['FileServer', { userId: 'x' }, ''],
    ['AmazonS3Compatible', { serviceUrl: 'http://minio:9000', accessKeyId: 'k', secretAccessKey: { type: 'EnvironmentVariable' } }, '/secretAccessKey'],
    ['AmazonS3Compatible', { serviceUrl: 'http://minio:9000', accessKeyId: 'k', secretAccessKey: 's', forcePathStyle: 'yes' }, '/forcePathStyle'],
    ['HttpServer', { url: 'https://x', authenticationType: 'Kerberos' }, '/authenticationType'],
    ['PostgreSqlV2', { database: 'sales' }, ''],
    ['PostgreSqlV2', { server: 'pg', database: 'sales', port: 70000 }, '/port'],
    ['MySql', { server: 'mysql', database: 'shop', port: 'default' }, '/port'],
  ])('%s rejects %j', (type, typeProperties, pointer) => {
    expect(check(linkedServices, type, typeProperties)).toEqual([`/properties/typeProperties${pointer}`]);
  });
});

describe('built-in dataset types', () => {
  const location = { type: 'AmazonS3CompatibleLocation', bucketName: 'lake', folderPath: expr('@dataset().folder'), fileName: 'orders.csv' };

  it.each([
    ['DelimitedText', { location, columnDelimiter: ';', rowDelimiter: '\n', quoteChar: '"', escapeChar: '\\', firstRowAsHeader: true, nullValue: 'NULL', encodingName: 'UTF-8', compressionCodec: 'gzip', compressionLevel: 'Optimal' }],
    ['DelimitedText', { location: { type: 'LocalFileSystemLocation', folderPath: 'in', fileName: '@{dataset().name}.csv' }, firstRowAsHeader: '@dataset().header' }],
    ['DelimitedText', { location: { type: 'HttpServerLocation', relativeUrl: 'exports/today.csv' } }],
    ['Json', { location: { type: 'FileServerLocation', folderPath: 'json' }, encodingName: 'UTF-8', compression: { type: 'gzip', level: 'Fastest' }, filePattern: 'arrayOfObjects' }],
    ['Parquet', { location: { type: 'AmazonS3Location', bucketName: 'b', folderPath: 'p' }, compressionCodec: 'snappy' }],
    ['Binary', { location: { type: 'AmazonS3Location', bucketName: 'b' }, compression: { type: 'ZipDeflate' } }],
    ['PostgreSqlTable', { schema: 'public', table: 'orders' }],
    ['PostgreSqlV2Table', { schema: expr('@dataset().schemaName'), table: expr('@dataset().tableName') }],
    ['MySqlTable', { tableName: '`shop`.`orders`' }],
    ['MariaDBTable', {}],
    ['RestResource', { relativeUrl: 'orders?page=1', requestMethod: 'GET', additionalHeaders: { Accept: 'application/json' }, paginationRules: { AbsoluteUrl: '$.next' } }],
  ])('%s accepts %j', (type, typeProperties) => {
    expect(check(datasets, type, typeProperties)).toEqual([]);
  });

  it.each([
    ['DelimitedText', { columnDelimiter: ',' }, ''],
    ['DelimitedText', { location: { type: 'AzureBlobStorageLocation', container: 'c' } }, '/location/type'],
    ['DelimitedText', { location, firstRowAsHeader: 'yes' }, '/firstRowAsHeader'],
    ['DelimitedText', { location, quoteChar: '""' }, '/quoteChar'],
    ['Json', { location, filePattern: 'lines' }, '/filePattern'],
    ['Parquet', { location, compressionCodec: 'zip' }, '/compressionCodec'],
    ['Binary', { location, compression: { level: 'Optimal' } }, '/compression'],
    ['PostgreSqlTable', { table: 42 }, '/table'],
    ['RestResource', { requestMethod: 'DELETE' }, '/requestMethod'],
  ])('%s rejects %j', (type, typeProperties, pointer) => {
    expect(check(datasets, type, typeProperties)).toEqual([`/properties/typeProperties${pointer}`]);
  });
});
