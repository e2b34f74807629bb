import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SluiceError } from '@sluice/engine';
import { runScript, type Keys } from '@sluice/engine/runtime';

/** Roles, lowest first: each includes the ones before it. */
export const ROLES = ['viewer', 'operator', 'editor', 'admin'] as const;

/** What a key may do: viewer reads, operator runs/cancels/reruns, editor changes definitions, admin manages keys and secrets. */
export type Role = (typeof ROLES)[number];

/** True when `held` includes `needed`. */
export function roleAllows(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

/** An API key as stored and listed: never the key itself, only its SHA-256. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  createdBy: string | null;
}

/** KEYS: 1 hash → id, 2 id → record   ARGV: 1 the key's hash   Returns the record JSON or false. */
const AUTHENTICATE = `
local id = redis.call('HGET', KEYS[1], ARGV[1])
if not id then return false end
return redis.call('HGET', KEYS[2], id)
`;

const hash = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * API keys in Redis: `{prefix}:apikeys` (hash id → record) and `{prefix}:apikeys:by-hash` (SHA-256 of the
 * key → id). The clear key exists only in the answer to `create`: a leak of Redis leaks no usable key.
 */
export class ApiKeyStore {
  readonly #records: string;
  readonly #byHash: string;

  constructor(private readonly redis: Redis, keys: Keys) {
    this.#records = `${keys.base}:apikeys`;
    this.#byHash = `${keys.base}:apikeys:by-hash`;
  }

  /** Creates a key; the returned `key` (`sk_…`) is shown once and never stored. */
  async create(name: string, role: Role, createdBy: string | null = null): Promise<{ key: string; record: ApiKeyRecord }> {
    const id = `key_${randomBytes(6).toString('hex')}`;
    const key = `sk_${randomBytes(32).toString('base64url')}`;
    const record: ApiKeyRecord = { id, name, role, createdAt: new Date().toISOString(), createdBy };
    await this.redis.multi().hset(this.#records, id, JSON.stringify({ ...record, hash: hash(key) })).hset(this.#byHash, hash(key), id).exec();
    return { key, record };
  }

  /** The record of a presented key, or undefined when the key is unknown. */
  async authenticate(key: string): Promise<ApiKeyRecord | undefined> {
    // One round trip (every API request makes this call): the id by hash, then its record.
    const text = (await runScript(this.redis, AUTHENTICATE, [this.#byHash, this.#records], [hash(key)])) as string | null;
    if (!text) return undefined;
    const { hash: _hash, ...record } = JSON.parse(text) as ApiKeyRecord & { hash: string };
    return record;
  }

  /** Every key's record, oldest first. */
  async list(): Promise<ApiKeyRecord[]> {
    return Object.values(await this.redis.hgetall(this.#records))
      .map((t) => {
        const { hash: _hash, ...record } = JSON.parse(t) as ApiKeyRecord & { hash: string };
        return record;
      })
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** Revokes a key; throws API_KEY_NOT_FOUND. */
  async revoke(id: string): Promise<void> {
    const text = await this.redis.hget(this.#records, id);
    if (!text) throw new SluiceError('API_KEY_NOT_FOUND', `No API key has the id '${id}'.`);
    const { hash: h } = JSON.parse(text) as { hash: string };
    await this.redis.multi().hdel(this.#records, id).hdel(this.#byHash, h).exec();
  }

  /** True when some admin key exists (the first start creates one otherwise). */
  async hasAdmin(): Promise<boolean> {
    return (await this.list()).some((r) => r.role === 'admin');
  }

  /** True when `key` is a valid key (for checking a key file kept from an earlier start). */
  async isValid(key: string): Promise<boolean> {
    return (await this.authenticate(key)) !== undefined;
  }
}
