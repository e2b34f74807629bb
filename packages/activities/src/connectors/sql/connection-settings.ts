/**
 * Database connection settings from a linked service's ADF properties: either `server`/`port`/`database`/
 * `username`/`password`/`sslMode`, or a `connectionString` in any of the forms users paste (ADF's and
 * Npgsql's `Key=Value;…`, libpq's `key=value key=value`, or a `postgres://` / `mysql://` URL). Separate
 * properties win over the connection string, as in ADF (a password kept apart from the string).
 */
import { SluiceError, type ResolvedLinkedService } from '@sluice/engine';
import { secretText } from '../../datasets/settings.js';

/** How TLS is used: off, on without checking the certificate, or on with a checked certificate. */
export type TlsMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

/** A connection's settings, normalized across the linked-service types and connection-string forms. */
export interface DatabaseSettings {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  /** The clear password (never put it in a message: see {@link DatabaseSettings.secrets}). */
  readonly password?: string;
  readonly tls: TlsMode;
  /** Milliseconds to wait for a connection (ADF `connectionTimeout`, seconds; default 15 s). */
  readonly connectTimeoutMs: number;
  /** Milliseconds a statement may run (ADF `commandTimeout`, seconds; 0 or missing: no limit). */
  readonly commandTimeoutMs?: number;
  /** PostgreSQL's schema search path (ADF PostgreSqlV2 `schema`, or `Search Path` in a connection string). */
  readonly searchPath?: string;
  /** PostgreSQL's session time zone (ADF PostgreSqlV2 `timezone`; Sluice's default is UTC). */
  readonly timeZone?: string;
  /** Every secret text of the linked service, for masking driver messages. */
  readonly secrets: readonly string[];
}

/** Which driver family reads the settings: it decides the default port, user and SSL-mode numbering. */
export type Dialect = 'postgres' | 'mysql';

const KEY_ALIASES: Readonly<Record<string, keyof Parsed>> = {
  host: 'host', server: 'host', datasource: 'host', address: 'host', addr: 'host', hostname: 'host',
  port: 'port',
  database: 'database', dbname: 'database', initialcatalog: 'database',
  user: 'user', username: 'user', userid: 'user', uid: 'user',
  password: 'password', pwd: 'password',
  sslmode: 'sslMode', ssl: 'sslMode',
  timeout: 'connectTimeout', connecttimeout: 'connectTimeout', connectiontimeout: 'connectTimeout',
  commandtimeout: 'commandTimeout',
  searchpath: 'searchPath',
  timezone: 'timeZone',
  trustservercertificate: 'trustServerCertificate',
};

interface Parsed {
  host?: string;
  port?: string;
  database?: string;
  user?: string;
  password?: string;
  sslMode?: string;
  connectTimeout?: string;
  commandTimeout?: string;
  searchPath?: string;
  timeZone?: string;
  trustServerCertificate?: string;
}

function invalid(service: string, why: string): SluiceError {
  return new SluiceError('LINKED_SERVICE_INVALID', `Linked service '${service}': ${why}.`);
}

/** Splits libpq's `key=value key='quoted value'` form. */
function libpqPairs(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const re = /\s*([A-Za-z_][\w ]*?)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S*))/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m[0].length > 0) {
    pairs.push([m[1] ?? '', m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '')]);
  }
  return pairs;
}

/** Splits ADF's `Key=Value;Key2="quoted;value"` form. */
function semicolonPairs(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const re = /\s*([^=;]+?)\s*=\s*(?:"((?:[^"]|"")*)"|'((?:[^']|'')*)'|([^;]*))\s*(?:;|$)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    const value = m[2] !== undefined ? m[2].replace(/""/g, '"') : m[3] !== undefined ? m[3].replace(/''/g, "'") : (m[4] ?? '').trim();
    pairs.push([m[1] ?? '', value]);
    if (m[0].length === 0) break;
  }
  return pairs;
}

function fromUrl(text: string): Parsed {
  const url = new URL(text);
  const parsed: Parsed = {};
  if (url.hostname) parsed.host = decodeURIComponent(url.hostname.replace(/^\[|\]$/g, ''));
  if (url.port) parsed.port = url.port;
  if (url.username) parsed.user = decodeURIComponent(url.username);
  if (url.password) parsed.password = decodeURIComponent(url.password);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database) parsed.database = database;
  for (const [key, value] of url.searchParams) assign(parsed, key, value);
  return parsed;
}

function assign(parsed: Parsed, key: string, value: string): void {
  const normalized = key.replace(/[\s_-]/g, '').toLowerCase();
  const target = KEY_ALIASES[normalized];
  if (target) parsed[target] = value;
}

/**
 * Parses a connection string in any supported form. Unknown keys are ignored (ADF strings carry many
 * driver options Sluice has no use for).
 *
 * @example parseConnectionString('Host=db;Port=5432;Database=sales;Username=etl;Password=x;SSL Mode=Require')
 */
export function parseConnectionString(text: string): Parsed {
  const trimmed = text.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return fromUrl(trimmed);
  const pairs = trimmed.includes(';') || !/\s\S+=/.test(trimmed) ? semicolonPairs(trimmed) : libpqPairs(trimmed);
  const parsed: Parsed = {};
  for (const [key, value] of pairs) assign(parsed, key, value);
  return parsed;
}

const POSTGRES_SSL = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];
const MYSQL_SSL = ['disabled', 'preferred', 'required', 'verify-ca', 'verify-identity'];

/**
 * Maps ADF's SSL mode (a number in ADF's own numbering per connector, or a name) to a {@link TlsMode}.
 * `allow` and `prefer` connect without TLS: the Node drivers cannot fall back between the two.
 */
export function tlsMode(value: unknown, dialect: Dialect, service: string): TlsMode {
  if (value === undefined || value === null || value === '') return 'disable';
  const names = dialect === 'postgres' ? POSTGRES_SSL : MYSQL_SSL;
  const name = typeof value === 'number' || /^\d+$/.test(String(value)) ? names[Number(value)] : String(value).trim().replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase().replace(/[\s_]/g, '-');
  switch (name) {
    case 'disable': case 'disabled': case 'allow': case 'prefer': case 'preferred': case 'false': case 'none':
      return 'disable';
    case 'require': case 'required': case 'true':
      return 'require';
    case 'verify-ca':
      return 'verify-ca';
    case 'verify-full': case 'verify-identity':
      return 'verify-full';
    default:
      throw invalid(service, `sslMode ${JSON.stringify(value)} is not one of ${names.join(', ')} (or 0–${names.length - 1})`);
  }
}

function seconds(value: unknown, name: string, service: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw invalid(service, `${name} must be a number of seconds, got ${JSON.stringify(value)}`);
  return n;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads a database linked service (`PostgreSql`, `PostgreSqlV2`, `MySql`, `MariaDB`) into settings.
 * Throws `LINKED_SERVICE_INVALID` (naming the linked service, never a secret) when the server or
 * database is missing or a value is malformed.
 */
export function databaseSettings(linkedService: ResolvedLinkedService, dialect: Dialect): DatabaseSettings {
  const props = linkedService.typeProperties;
  const service = linkedService.name;
  const connectionString = secretText(props.connectionString, 'connectionString');
  let fromString: Parsed = {};
  if (connectionString) {
    try {
      fromString = parseConnectionString(connectionString);
    } catch {
      throw invalid(service, 'the connection string could not be parsed (expected Key=Value;… , key=value … or a URL)');
    }
  }
  const password = secretText(props.password, 'password') ?? fromString.password;
  const host = text(props.server) ?? text(props.host) ?? fromString.host;
  const database = text(props.database) ?? fromString.database;
  if (!host) throw invalid(service, 'no server is set (server, or Host/Server in the connection string)');
  if (!database) throw invalid(service, 'no database is set (database, or Database in the connection string)');
  const portText = text(props.port) ?? fromString.port;
  const port = portText === undefined ? (dialect === 'postgres' ? 5432 : 3306) : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid(service, `port ${JSON.stringify(portText)} is not a port number`);
  const connectTimeout = seconds(props.connectionTimeout ?? fromString.connectTimeout, 'connectionTimeout', service);
  const commandTimeout = seconds(props.commandTimeout ?? fromString.commandTimeout, 'commandTimeout', service);
  let tls = tlsMode(props.sslMode ?? fromString.sslMode, dialect, service);
  const trust = props.trustServerCertificate ?? fromString.trustServerCertificate;
  if ((trust === true || String(trust).toLowerCase() === 'true') && tls !== 'disable') tls = 'require';
  const searchPath = dialect === 'postgres' ? (text(props.schema) ?? fromString.searchPath) : undefined;
  const timeZone = dialect === 'postgres' ? (text(props.timezone) ?? text(props.timeZone) ?? fromString.timeZone) : undefined;
  const secrets = [password, connectionString].filter((s): s is string => typeof s === 'string' && s.length > 0);
  return {
    host,
    port,
    database,
    user: text(props.username) ?? text(props.userName) ?? text(props.user) ?? fromString.user ?? (dialect === 'postgres' ? 'postgres' : 'root'),
    ...(password !== undefined ? { password } : {}),
    tls,
    connectTimeoutMs: Math.round((connectTimeout && connectTimeout > 0 ? connectTimeout : 15) * 1000),
    ...(commandTimeout ? { commandTimeoutMs: Math.round(commandTimeout * 1000) } : {}),
    ...(searchPath ? { searchPath } : {}),
    ...(timeZone ? { timeZone } : {}),
    secrets,
  };
}

/** `host:port/database`, the way messages name a database (never with a user's password). */
export function describeTarget(settings: DatabaseSettings): string {
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return `${host}:${settings.port}/${settings.database}`;
}
