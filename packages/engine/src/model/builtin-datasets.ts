/**
 * The dataset types Sluice ships, in ADF's property names. File formats share ADF's `location`
 * object, whose `type` says which store the file is on; table datasets name a schema and table.
 */
import type { JsonSchema } from '../schema/json-schema.js';
import { caseInsensitiveEnum } from './common.js';
import type { TypeDeclaration } from './types-catalog.js';

/** The file location types, by the linked-service type they go with. */
export const LOCATION_TYPE_BY_LINKED_SERVICE = {
  LocalFileSystem: 'LocalFileSystemLocation',
  FileServer: 'FileServerLocation',
  AmazonS3: 'AmazonS3Location',
  AmazonS3Compatible: 'AmazonS3CompatibleLocation',
  HttpServer: 'HttpServerLocation',
} as const;

/** Linked-service types that hold files (what a file-format dataset can sit on). */
export const FILE_STORE_LINKED_SERVICE_TYPES = Object.keys(LOCATION_TYPE_BY_LINKED_SERVICE) as ReadonlyArray<keyof typeof LOCATION_TYPE_BY_LINKED_SERVICE>;

/** Schema of ADF's `location` object of file datasets. */
export const fileLocationSchema = {
  type: 'object',
  title: 'File path',
  properties: {
    type: { type: 'string', title: 'Location type', enum: Object.values(LOCATION_TYPE_BY_LINKED_SERVICE) },
    bucketName: { type: 'string', title: 'Bucket', description: 'S3 and S3-compatible stores.' },
    folderPath: { type: 'string', title: 'Folder', description: 'Below the root (or bucket); no leading slash needed.' },
    fileName: { type: 'string', title: 'File name', description: 'A name, or a wildcard in the activity’s store settings.' },
    relativeUrl: { type: 'string', title: 'Relative URL', description: 'HTTP: appended to the linked service’s base URL.' },
    version: { type: 'string', title: 'Version', description: 'S3: object version.' },
  },
  required: ['type'],
  additionalProperties: true,
} as const satisfies JsonSchema;

const compressionTypes = ['bzip2', 'gzip', 'deflate', 'ZipDeflate', 'TarGzip', 'Tar', 'snappy', 'lz4'] as const;
const compressionLevel = caseInsensitiveEnum(['Optimal', 'Fastest'], { title: 'Compression level' });
const encodingName = { type: 'string', title: 'Encoding', description: 'UTF-8 (default), UTF-16, ISO-8859-1, windows-1252 …', default: 'UTF-8' } as const;
const compression = {
  type: 'object',
  title: 'Compression',
  properties: { type: caseInsensitiveEnum(compressionTypes, { title: 'Compression type' }), level: compressionLevel },
  required: ['type'],
  additionalProperties: false,
} as const satisfies JsonSchema;

const tableProperties: JsonSchema = {
  type: 'object',
  properties: {
    schema: { type: 'string', title: 'Schema' },
    table: { type: 'string', title: 'Table' },
    tableName: { type: 'string', title: 'Table name', description: 'ADF’s legacy form: schema.table in one string.' },
  },
  additionalProperties: true,
};

/** The built-in dataset types. */
export const builtinDatasetTypes: readonly TypeDeclaration[] = [
  {
    type: 'DelimitedText',
    title: 'Delimited text',
    description: 'CSV, TSV and other delimited files.',
    category: 'File format',
    linkedServiceTypes: FILE_STORE_LINKED_SERVICE_TYPES,
    typeProperties: {
      type: 'object',
      properties: {
        location: fileLocationSchema,
        columnDelimiter: { type: 'string', title: 'Column delimiter', default: ',' },
        rowDelimiter: { type: 'string', title: 'Row delimiter', description: 'Default: \\r\\n or \\n when reading, \\n when writing.' },
        quoteChar: { type: 'string', title: 'Quote character', default: '"', maxLength: 1 },
        escapeChar: { type: 'string', title: 'Escape character', default: '\\', maxLength: 1 },
        firstRowAsHeader: { type: 'boolean', title: 'First row as header', default: false },
        nullValue: { type: 'string', title: 'Null value', default: '' },
        encodingName,
        compressionCodec: caseInsensitiveEnum(compressionTypes, { title: 'Compression type' }),
        compressionLevel,
      },
      required: ['location'],
      additionalProperties: true,
    },
  },
  {
    type: 'Json',
    title: 'JSON',
    description: 'JSON documents: one object, an array of objects, or one object per line.',
    category: 'File format',
    linkedServiceTypes: FILE_STORE_LINKED_SERVICE_TYPES,
    typeProperties: {
      type: 'object',
      properties: {
        location: fileLocationSchema,
        encodingName,
        compression,
        filePattern: caseInsensitiveEnum(['setOfObjects', 'arrayOfObjects'], {
          title: 'File pattern',
          description: 'setOfObjects: one object per line (JSON Lines); arrayOfObjects: one array. ADF sets this in the sink.',
        }),
      },
      required: ['location'],
      additionalProperties: true,
    },
  },
  {
    type: 'Parquet',
    title: 'Parquet',
    description: 'Apache Parquet files.',
    category: 'File format',
    linkedServiceTypes: FILE_STORE_LINKED_SERVICE_TYPES,
    typeProperties: {
      type: 'object',
      properties: {
        location: fileLocationSchema,
        compressionCodec: caseInsensitiveEnum(['none', 'gzip', 'snappy', 'lzo', 'brotli', 'zstd', 'lz4'], {
          title: 'Compression type',
          description: 'Default snappy.',
        }),
      },
      required: ['location'],
      additionalProperties: true,
    },
  },
  {
    type: 'Binary',
    title: 'Binary',
    description: 'Files copied as they are, without parsing.',
    category: 'File format',
    linkedServiceTypes: FILE_STORE_LINKED_SERVICE_TYPES,
    typeProperties: {
      type: 'object',
      properties: { location: fileLocationSchema, compression },
      required: ['location'],
      additionalProperties: true,
    },
  },
  {
    type: 'PostgreSqlTable',
    title: 'PostgreSQL table',
    description: 'A table or view of a PostgreSQL database.',
    category: 'Database',
    linkedServiceTypes: ['PostgreSql', 'PostgreSqlV2'],
    typeProperties: tableProperties,
  },
  {
    type: 'PostgreSqlV2Table',
    title: 'PostgreSQL table (V2)',
    description: 'A table or view of a PostgreSQL database (ADF’s V2 connector writes this type).',
    category: 'Database',
    linkedServiceTypes: ['PostgreSql', 'PostgreSqlV2'],
    typeProperties: tableProperties,
  },
  {
    type: 'MySqlTable',
    title: 'MySQL table',
    description: 'A table or view of a MySQL database.',
    category: 'Database',
    linkedServiceTypes: ['MySql'],
    typeProperties: tableProperties,
  },
  {
    type: 'MariaDBTable',
    title: 'MariaDB table',
    description: 'A table or view of a MariaDB database.',
    category: 'Database',
    linkedServiceTypes: ['MariaDB'],
    typeProperties: tableProperties,
  },
  {
    type: 'RestResource',
    title: 'REST resource',
    description: 'A resource of a REST API, with the request to send and how to follow pages.',
    category: 'Generic protocol',
    linkedServiceTypes: ['RestService'],
    typeProperties: {
      type: 'object',
      properties: {
        relativeUrl: { type: 'string', title: 'Relative URL' },
        requestMethod: caseInsensitiveEnum(['GET', 'POST'], { title: 'Method' }),
        requestBody: { type: 'string', title: 'Body' },
        additionalHeaders: { type: 'object', title: 'Headers', additionalProperties: { type: 'string' } },
        paginationRules: {
          type: 'object',
          title: 'Pagination rules',
          description: "ADF's rules: AbsoluteUrl, QueryParameters.x, Headers.x, EndCondition:…, MaxRequestNumber …",
        },
      },
      additionalProperties: true,
    },
    uiHints: { '/requestBody': { widget: 'json' } },
  },
];
