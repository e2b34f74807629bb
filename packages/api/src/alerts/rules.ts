import type { Redis } from 'ioredis';
import { SluiceError, checkValue, type JsonSchema } from '@sluice/engine';

/** Run statuses an alert rule can fire on. */
export const ALERT_STATUSES = ['Failed', 'Cancelled', 'Succeeded'] as const;

/**
 * An alert rule: when a run of `pipeline` (a name, or `*` for every pipeline) ends with a status in `on`,
 * or runs longer than `longerThanSeconds` (ADF's elapsed-time metric: still going after N seconds, or ended
 * having taken longer), POST the run's summary to `webhook.url`. A rule fires at most once per run.
 */
export interface AlertRule {
  name: string;
  /** A pipeline name (case-insensitive) or `*` (default `*`). */
  pipeline?: string;
  on?: Array<(typeof ALERT_STATUSES)[number]>;
  longerThanSeconds?: number;
  webhook: { url: string; headers?: Record<string, string> };
}

/** The mask shown instead of webhook header values (they often hold tokens). */
export const HEADER_MASK = '**********';

/** JSON Schema of a rule (the PUT body; the name comes from the URL). */
export const alertRuleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['webhook'],
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,100}$' },
    pipeline: { type: 'string', minLength: 1, maxLength: 260 },
    on: { type: 'array', uniqueItems: true, items: { type: 'string', enum: [...ALERT_STATUSES] } },
    longerThanSeconds: { type: 'integer', minimum: 1 },
    webhook: {
      type: 'object', additionalProperties: false, required: ['url'],
      properties: {
        url: { type: 'string', pattern: '^https?://', maxLength: 2000 },
        headers: { type: 'object', additionalProperties: { type: 'string', maxLength: 4000 } },
      },
    },
  },
} as const satisfies JsonSchema;

/** A rule with its header values replaced by the mask (what the API answers). */
export function maskRule(rule: AlertRule): AlertRule {
  if (!rule.webhook.headers) return rule;
  return { ...rule, webhook: { ...rule.webhook, headers: Object.fromEntries(Object.keys(rule.webhook.headers).map((k) => [k, HEADER_MASK])) } };
}

/**
 * Alert rules in Redis (`{prefix}:alerts:rules`, a hash lower-cased name → JSON), shared by every API
 * process of an installation.
 */
export class AlertStore {
  constructor(
    private readonly redis: Redis,
    /** The installation's key base, `{prefix}`. */
    private readonly base: string,
  ) {}

  /** The hash of rules. */
  get rulesKey(): string {
    return `${this.base}:alerts:rules`;
  }

  /** The capped stream of firings. */
  get firingsKey(): string {
    return `${this.base}:alerts:firings`;
  }

  /** The once-only marker of a (rule, run) pair. */
  firedKey(rule: string, runId: string): string {
    return `${this.base}:alerts:fired:${rule.toLowerCase()}:${runId}`;
  }

  /** Every rule, sorted by name. */
  async list(): Promise<AlertRule[]> {
    const all = await this.redis.hgetall(this.rulesKey);
    return Object.values(all).map((t) => JSON.parse(t) as AlertRule).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** A rule, or undefined. */
  async find(name: string): Promise<AlertRule | undefined> {
    const text = await this.redis.hget(this.rulesKey, name.toLowerCase());
    return text ? (JSON.parse(text) as AlertRule) : undefined;
  }

  /** A rule; ALERT_RULE_NOT_FOUND when there is none. */
  async get(name: string): Promise<AlertRule> {
    const rule = await this.find(name);
    if (!rule) throw new SluiceError('ALERT_RULE_NOT_FOUND', `No alert rule is named '${name}'.`);
    return rule;
  }

  /**
   * Creates or replaces a rule after checking it (SCHEMA_VIOLATION with the field's pointer). A header sent
   * back as the mask keeps its stored value, so a client can save what it read. Returns whether it was created.
   */
  async put(name: string, body: unknown): Promise<{ rule: AlertRule; created: boolean }> {
    const problems = checkValue(alertRuleSchema, body, '', 'SCHEMA_VIOLATION');
    if (problems[0]) throw new SluiceError('SCHEMA_VIOLATION', `The alert rule '${name}': ${problems[0].pointer || '/'}: ${problems[0].message}`, { pointer: problems[0].pointer }, { problems });
    const input = body as AlertRule;
    if (input.name !== undefined && input.name !== name) throw new SluiceError('RESOURCE_NAME_MISMATCH', `The URL names '${name}' but the rule is named '${input.name}'.`, { pointer: '/name' });
    if (!input.on?.length && input.longerThanSeconds === undefined) {
      throw new SluiceError('SCHEMA_VIOLATION', `The alert rule '${name}' would never fire: give "on" (statuses) or "longerThanSeconds".`, { pointer: '/on' });
    }
    const previous = await this.find(name);
    const headers = input.webhook.headers
      ? Object.fromEntries(Object.entries(input.webhook.headers).map(([k, v]) => {
          if (v !== HEADER_MASK) return [k, v];
          const kept = previous?.webhook.headers?.[k];
          if (kept === undefined) throw new SluiceError('SCHEMA_VIOLATION', `The webhook header '${k}' is the mask but no value is stored for it: send the value itself.`, { pointer: `/webhook/headers/${k}` });
          return [k, kept];
        }))
      : undefined;
    const rule: AlertRule = {
      name, pipeline: input.pipeline ?? '*', on: input.on ?? [],
      ...(input.longerThanSeconds !== undefined ? { longerThanSeconds: input.longerThanSeconds } : {}),
      webhook: { url: input.webhook.url, ...(headers ? { headers } : {}) },
    };
    await this.redis.hset(this.rulesKey, name.toLowerCase(), JSON.stringify(rule));
    return { rule, created: !previous };
  }

  /** Deletes a rule; false when there was none. */
  async delete(name: string): Promise<boolean> {
    return (await this.redis.hdel(this.rulesKey, name.toLowerCase())) === 1;
  }
}
