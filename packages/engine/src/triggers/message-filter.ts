/**
 * Which queue messages start runs: a subject/topic prefix or suffix, a set of event types (ADF's custom
 * events trigger: `subjectBeginsWith`, `subjectEndsWith`, `events`), and conditions on message fields.
 * Pure, so the designer can preview a filter against a sample message.
 */
import { isPlainObject } from '../expressions/values.js';

/** One condition on a message field (`path` is dotted, `a.b.0.c`, or a JSON pointer, `/a/b/0/c`). */
export interface MessageCondition {
  path: string;
  operator: string;
  value?: unknown;
}

/** The filter part of a queue-message trigger's typeProperties. */
export interface MessageFilter {
  subjectBeginsWith?: string;
  subjectEndsWith?: string;
  /** Accepted event types (matched case-insensitively against the message's type). */
  events?: string[];
  filters?: MessageCondition[];
}

/** A received message as the filter sees it. */
export interface FilterableMessage {
  /** Topic, subject, routing key, queue or stream it came from. */
  subject?: string;
  /** The event type: a broker property (AMQP `type`, a header) or the body's `type` / `eventType`. */
  type?: string;
  body: unknown;
}

/** The value at a dotted path or JSON pointer; undefined when a step is missing. */
export function valueAtPath(body: unknown, path: string): unknown {
  const steps = path.startsWith('/')
    ? path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    : path.split('.').filter((s) => s !== '');
  let v: unknown = body;
  for (const step of steps) {
    if (Array.isArray(v) && /^\d+$/.test(step)) v = v[Number(step)];
    else if (isPlainObject(v) && Object.hasOwn(v, step)) v = v[step];
    else return undefined;
  }
  return v;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Whether one condition holds. Unknown operators never hold (the schema lists the known ones). */
export function conditionHolds(body: unknown, c: MessageCondition): boolean {
  const v = valueAtPath(body, c.path);
  const list = Array.isArray(c.value) ? c.value : [c.value];
  switch (c.operator) {
    case 'equals': return same(v, c.value);
    case 'notEquals': return !same(v, c.value);
    case 'in': return list.some((x) => same(v, x));
    case 'notIn': return !list.some((x) => same(v, x));
    case 'exists': return c.value === false ? v === undefined : v !== undefined;
    case 'startsWith': return typeof v === 'string' && typeof c.value === 'string' && v.startsWith(c.value);
    case 'endsWith': return typeof v === 'string' && typeof c.value === 'string' && v.endsWith(c.value);
    case 'contains':
      if (typeof v === 'string') return typeof c.value === 'string' && v.includes(c.value);
      return Array.isArray(v) && v.some((x) => same(x, c.value));
    default: return false;
  }
}

/** The event type of a message: its own `type`, else the body's `type` or `eventType`. */
export function messageType(m: FilterableMessage): string | undefined {
  if (m.type !== undefined) return m.type;
  if (isPlainObject(m.body)) {
    const t = m.body.type ?? m.body.eventType;
    if (typeof t === 'string') return t;
  }
  return undefined;
}

/** True when the message passes every part of the filter (an empty filter passes everything). */
export function messageMatches(m: FilterableMessage, f: MessageFilter): boolean {
  if (f.subjectBeginsWith && !(m.subject ?? '').startsWith(f.subjectBeginsWith)) return false;
  if (f.subjectEndsWith && !(m.subject ?? '').endsWith(f.subjectEndsWith)) return false;
  if (f.events?.length) {
    const t = messageType(m)?.toLowerCase();
    if (t === undefined || !f.events.some((e) => e.toLowerCase() === t)) return false;
  }
  return (f.filters ?? []).every((c) => conditionHolds(m.body, c));
}
