import type { Redis } from 'ioredis';
import type { Keys } from '@sluice/engine/runtime';

/** One audit entry: who (an API key id), what (method, route, resource, status), when. */
export interface AuditEntry {
  id: string;
  at: string;
  who: string;
  method: string;
  route: string;
  resource: string;
  status: number;
}

/**
 * The audit log: every change made through the API, in a capped Redis stream (`{prefix}:audit`, about the
 * last `cap` entries), so it is shared by every API process and cannot grow without bound.
 */
export class AuditLog {
  readonly #key: string;

  constructor(private readonly redis: Redis, keys: Keys, private readonly cap = 10_000) {
    this.#key = `${keys.base}:audit`;
  }

  /** Appends an entry. */
  async record(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    await this.redis.xadd(this.#key, 'MAXLEN', '~', this.cap, '*',
      'at', new Date().toISOString(), 'who', entry.who, 'method', entry.method, 'route', entry.route, 'resource', entry.resource, 'status', String(entry.status));
  }

  /** The newest entries first; `before` (an entry id) pages further back. */
  async list(limit = 100, before?: string): Promise<AuditEntry[]> {
    const rows = await this.redis.xrevrange(this.#key, before ? `(${before}` : '+', '-', 'COUNT', limit);
    return rows.map(([id, fields]) => {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i] as string] = fields[i + 1] as string;
      return { id, at: f.at ?? '', who: f.who ?? '', method: f.method ?? '', route: f.route ?? '', resource: f.resource ?? '', status: Number(f.status ?? 0) };
    });
  }
}
