/**
 * The linked-service types Sluice ships, declared in ADF's property names so factories exported from
 * ADF validate as they are. Schemas are authored forms: expressions are allowed by the checker, and
 * ADF's many optional settings we do not model yet pass through (`additionalProperties: true`).
 */
import type { JsonSchema } from '../schema/json-schema.js';
import { caseInsensitiveEnum, requireProperties } from './common.js';
import type { TypeDeclaration } from './types-catalog.js';
import { secretValueSchema } from './values.js';

const encryptedCredential = { type: 'string', description: 'ADF-encrypted credential; ignored by Sluice.' } as const;
const port = { type: 'integer', title: 'Port', minimum: 1, maximum: 65535 } as const;
const password = { ...secretValueSchema, title: 'Password' } as const;

/** `host`/`server`, port, database, user, password, or a whole connection string (one of the two). */
function databaseServer(defaultPort: number, sslModes: string, extra: Record<string, JsonSchema> = {}): JsonSchema {
  return {
    type: 'object',
    properties: {
      server: { type: 'string', title: 'Server', description: 'Host name or IP address.' },
      port: { ...port, default: defaultPort },
      database: { type: 'string', title: 'Database' },
      username: { type: 'string', title: 'User name' },
      password,
      sslMode: {
        title: 'SSL mode',
        description: sslModes,
        anyOf: [{ type: 'integer', minimum: 0, maximum: 5 }, { type: 'string' }],
      },
      connectionString: {
        ...secretValueSchema,
        title: 'Connection string',
        description: 'Instead of server, port, database and user name (ADF’s legacy form).',
      },
      connectionTimeout: { type: 'integer', title: 'Connection timeout (s)', minimum: 0 },
      commandTimeout: { type: 'integer', title: 'Command timeout (s)', minimum: 0 },
      encryptedCredential,
      ...extra,
    },
    anyOf: [requireProperties('connectionString'), requireProperties('server', 'database')],
    additionalProperties: true,
  };
}

const postgresSslModes = 'ADF: 0 disable, 1 allow, 2 prefer, 3 require, 4 verify-ca, 5 verify-full.';
const mysqlSslModes = 'ADF: 0 disabled, 1 preferred, 2 required, 3 verify-ca, 4 verify-identity.';

const databaseHints = { '/password': { widget: 'password' }, '/connectionString': { widget: 'password' } } as const;

/** Authentication types of the HTTP linked services: ADF's, plus Sluice's `Bearer` and `ApiKey`. */
const httpAuth = (adf: readonly string[]): JsonSchema =>
  caseInsensitiveEnum([...adf, 'Bearer', 'ApiKey'], {
    title: 'Authentication type',
    description: 'Bearer and ApiKey are Sluice additions (ADF sends such keys through authHeaders).',
  });

const httpCommon = {
  url: { type: 'string', title: 'Base URL' },
  userName: { type: 'string', title: 'User name' },
  password,
  authHeaders: { type: 'object', title: 'Authentication headers', description: 'Extra headers sent with every request; values may be secrets.' },
  enableServerCertificateValidation: { type: 'boolean', title: 'Validate server certificate', default: true },
  token: { ...secretValueSchema, title: 'Bearer token (Sluice)' },
  apiKey: { ...secretValueSchema, title: 'API key (Sluice)' },
  apiKeyHeader: { type: 'string', title: 'API key header (Sluice)', default: 'X-API-Key' },
  encryptedCredential,
} as const;

const httpHints = { '/password': { widget: 'password' }, '/token': { widget: 'password' }, '/apiKey': { widget: 'password' } } as const;

const s3Credentials = {
  accessKeyId: { type: 'string', title: 'Access key ID' },
  secretAccessKey: { ...secretValueSchema, title: 'Secret access key' },
  serviceUrl: { type: 'string', title: 'Service URL' },
  region: { type: 'string', title: 'Region (Sluice)', description: 'Sluice addition: the signing region (default us-east-1).' },
  encryptedCredential,
} as const;

/** The built-in linked-service types. */
export const builtinLinkedServiceTypes: readonly TypeDeclaration[] = [
  {
    type: 'LocalFileSystem',
    title: 'Local file system (Sluice)',
    description: 'Sluice: a folder on the worker machines (or a volume mounted on every worker). Paths are kept inside it.',
    category: 'File',
    typeProperties: {
      type: 'object',
      properties: { rootPath: { type: 'string', title: 'Root folder', minLength: 1, description: 'Absolute path; datasets address files below it.' } },
      required: ['rootPath'],
      additionalProperties: false,
    },
  },
  {
    type: 'FileServer',
    title: 'File system',
    description: "ADF's file system connector. Sluice reads `host` as a folder on the workers (for example a mounted share).",
    category: 'File',
    typeProperties: {
      type: 'object',
      properties: {
        host: { type: 'string', title: 'Host', description: 'The root folder (ADF: a local or UNC path).' },
        userId: { type: 'string', title: 'User name' },
        password,
        encryptedCredential,
      },
      required: ['host'],
      additionalProperties: true,
    },
    uiHints: { '/password': { widget: 'password' } },
  },
  {
    type: 'AmazonS3',
    title: 'Amazon S3',
    description: 'Amazon S3 buckets, with an access key or temporary credentials.',
    category: 'File',
    typeProperties: {
      type: 'object',
      properties: {
        authenticationType: caseInsensitiveEnum(['AccessKey', 'TemporarySecurityCredentials'], { title: 'Authentication type' }),
        ...s3Credentials,
        sessionToken: { ...secretValueSchema, title: 'Session token' },
      },
      additionalProperties: true,
    },
    uiHints: { '/secretAccessKey': { widget: 'password' }, '/sessionToken': { widget: 'password' } },
  },
  {
    type: 'AmazonS3Compatible',
    title: 'Amazon S3 compatible',
    description: 'S3-compatible object stores (MinIO, Ceph, Wasabi, R2 …) at a custom endpoint.',
    category: 'File',
    typeProperties: {
      type: 'object',
      properties: {
        ...s3Credentials,
        forcePathStyle: { type: 'boolean', title: 'Force path style', description: 'Address buckets as /bucket/key (MinIO needs it).', default: false },
      },
      required: ['accessKeyId', 'secretAccessKey', 'serviceUrl'],
      additionalProperties: true,
    },
    uiHints: { '/secretAccessKey': { widget: 'password' } },
  },
  {
    type: 'HttpServer',
    title: 'HTTP',
    description: 'Files served over HTTP(S): datasets name a relative URL under the base URL.',
    category: 'Generic protocol',
    typeProperties: {
      type: 'object',
      properties: { ...httpCommon, authenticationType: httpAuth(['Anonymous', 'Basic', 'Digest', 'Windows', 'ClientCertificate']) },
      required: ['url'],
      additionalProperties: true,
    },
    uiHints: httpHints,
  },
  {
    type: 'RestService',
    title: 'REST',
    description: 'A REST API: REST datasets name a relative URL, method, headers and pagination rules.',
    category: 'Generic protocol',
    typeProperties: {
      type: 'object',
      properties: {
        ...httpCommon,
        authenticationType: httpAuth(['Anonymous', 'Basic', 'AadServicePrincipal', 'ManagedServiceIdentity', 'OAuth2ClientCredential']),
        clientId: { type: 'string', title: 'Client ID (OAuth2)' },
        clientSecret: { ...secretValueSchema, title: 'Client secret (OAuth2)' },
        tokenEndpoint: { type: 'string', title: 'Token endpoint (OAuth2)' },
        scope: { type: 'string', title: 'Scope (OAuth2)' },
        resource: { type: 'string', title: 'Resource (OAuth2)' },
      },
      required: ['url'],
      additionalProperties: true,
    },
    uiHints: { ...httpHints, '/clientSecret': { widget: 'password' } },
  },
  {
    type: 'PostgreSql',
    title: 'PostgreSQL (legacy)',
    description: "ADF's legacy PostgreSQL connector (a connection string); Sluice also accepts the V2 properties.",
    category: 'Database',
    typeProperties: databaseServer(5432, postgresSslModes),
    uiHints: databaseHints,
  },
  {
    type: 'PostgreSqlV2',
    title: 'PostgreSQL',
    description: 'A PostgreSQL server.',
    category: 'Database',
    typeProperties: databaseServer(5432, postgresSslModes, {
      schema: { type: 'string', title: 'Schema search path' },
      trustServerCertificate: { type: 'boolean', title: 'Trust server certificate' },
    }),
    uiHints: databaseHints,
  },
  {
    type: 'MySql',
    title: 'MySQL',
    description: 'A MySQL server.',
    category: 'Database',
    typeProperties: databaseServer(3306, mysqlSslModes, { useSystemTrustStore: { type: 'boolean', title: 'Use system trust store' } }),
    uiHints: databaseHints,
  },
  {
    type: 'MariaDB',
    title: 'MariaDB',
    description: 'A MariaDB server.',
    category: 'Database',
    typeProperties: databaseServer(3306, mysqlSslModes, { driverVersion: { type: 'string', title: 'Driver version', description: 'ADF: v2.' } }),
    uiHints: databaseHints,
  },
];
