import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SluiceError, checkValue, parseJsonText, type JsonSchema } from '@sluice/engine';
import { DEFAULT_REDIS_URL } from '@sluice/engine/runtime';

/** Sluice's process configuration: environment variables over an optional `sluice.config.json`. */
export interface SluiceConfig {
  /** HTTP port of the API (0 = any free port). */
  port: number;
  /** Interface the API listens on (127.0.0.1: this machine only). */
  host: string;
  redisUrl: string;
  /** Key prefix in Redis (several installations can share one Redis). */
  prefix: string;
  /** Folder for the secret key and the first admin key (created on first start). */
  dataDir: string;
  /** Key sealing linked-service secrets; when absent `sluice start` keeps one in the data folder. */
  secretKey?: string;
  /** Origins allowed by CORS (empty: CORS closed). */
  corsOrigins: string[];
  /** Largest request body in bytes. */
  bodyLimit: number;
  /** Run starts allowed per API key and minute. */
  rateLimit: number;
  /** Activity packages loaded by the server and every worker. */
  plugins: string[];
}

/** The file read when no other is named. */
export const CONFIG_FILE = 'sluice.config.json';

const fileSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    host: { type: 'string', minLength: 1 },
    redisUrl: { type: 'string', pattern: '^rediss?://' },
    prefix: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$' },
    dataDir: { type: 'string', minLength: 1 },
    secretKey: { type: 'string', minLength: 1 },
    corsOrigins: { type: 'array', items: { type: 'string', minLength: 1 } },
    bodyLimit: { type: 'integer', minimum: 1024 },
    rateLimit: { type: 'integer', minimum: 1 },
    plugins: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
} as const satisfies JsonSchema;

const ENV: Record<string, { key: keyof SluiceConfig; kind: 'int' | 'string' | 'list' }> = {
  PORT: { key: 'port', kind: 'int' },
  HOST: { key: 'host', kind: 'string' },
  REDIS_URL: { key: 'redisUrl', kind: 'string' },
  SLUICE_PREFIX: { key: 'prefix', kind: 'string' },
  SLUICE_DATA_DIR: { key: 'dataDir', kind: 'string' },
  SLUICE_SECRET_KEY: { key: 'secretKey', kind: 'string' },
  SLUICE_CORS_ORIGINS: { key: 'corsOrigins', kind: 'list' },
  SLUICE_BODY_LIMIT: { key: 'bodyLimit', kind: 'int' },
  SLUICE_RATE_LIMIT: { key: 'rateLimit', kind: 'int' },
  SLUICE_PLUGINS: { key: 'plugins', kind: 'list' },
};

const DEFAULTS: SluiceConfig = {
  port: 8080, host: '127.0.0.1', redisUrl: DEFAULT_REDIS_URL, prefix: 'sluice', dataDir: './.sluice',
  corsOrigins: [], bodyLimit: 1024 * 1024, rateLimit: 60, plugins: [],
};

/**
 * Reads the configuration: defaults, then the JSON file (`file`, else `sluice.config.json` in the current
 * folder when it exists), then environment variables. Every value is checked with ajv; a bad one throws
 * CONFIG_INVALID naming the variable or the file's JSON pointer, so a typo never starts a half-configured server.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, file?: string): SluiceConfig {
  const fromFile: Record<string, unknown> = {};
  const path = file ?? (existsSync(CONFIG_FILE) ? CONFIG_FILE : undefined);
  if (path) {
    if (!existsSync(path)) throw new SluiceError('CONFIG_INVALID', `The configuration file ${path} does not exist.`, { file: path });
    const parsed = parseJsonText(readFileSync(path, 'utf8'));
    if (!parsed.ok) throw new SluiceError('CONFIG_INVALID', `${path} is not valid JSON at ${parsed.line}:${parsed.column}: ${parsed.message}.`, { file: path });
    const problems = checkValue(fileSchema, parsed.value, '', 'CONFIG_INVALID');
    if (problems[0]) throw new SluiceError('CONFIG_INVALID', `${path}: ${problems[0].pointer || '/'}: ${problems[0].message}`, { file: path, pointer: problems[0].pointer });
    Object.assign(fromFile, parsed.value);
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [name, { key, kind }] of Object.entries(ENV)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (kind === 'int') {
      if (!/^\d+$/.test(raw.trim())) throw new SluiceError('CONFIG_INVALID', `${name} must be a whole number, got '${raw}'.`);
      fromEnv[key] = Number(raw.trim());
    } else if (kind === 'list') {
      fromEnv[key] = raw.split(',').map((s) => s.trim()).filter(Boolean);
    } else {
      fromEnv[key] = raw;
    }
  }
  const envProblems = checkValue(fileSchema, fromEnv, '', 'CONFIG_INVALID');
  if (envProblems[0]) {
    const key = envProblems[0].pointer.split('/')[1];
    const variable = Object.entries(ENV).find(([, v]) => v.key === key)?.[0] ?? key;
    throw new SluiceError('CONFIG_INVALID', `${variable}: ${envProblems[0].message}`);
  }
  const config = { ...DEFAULTS, ...fromFile, ...fromEnv } as SluiceConfig;
  return { ...config, dataDir: resolve(config.dataDir) };
}
