/**
 * Turns ajv's errors into problems a user can act on: one message per real mistake, pointing at the
 * property to fix. ajv reports every failing branch of an `anyOf`; we keep the branch the user most
 * likely meant, and say "must be X or an expression" where the authoring schema allowed expressions.
 */
import type { ErrorObject } from 'ajv';
import type { ErrorCode } from '../errors/index.js';
import {
  ACTIVITY_NAME_PATTERN,
  DATE_TIME_PATTERN,
  RESOURCE_NAME_NO_DASH_PATTERN,
  RESOURCE_NAME_PATTERN,
  SIGNED_TIMESPAN_PATTERN,
  TIMESPAN_PATTERN,
  caseInsensitivePattern,
} from '../model/common.js';
import { ALLOW_EXPRESSIONS_MARK } from '../model/values.js';
import type { Problem } from './problem.js';

/** One mistake, before it becomes a {@link Problem}: where (relative to the checked value) and what. */
interface Issue {
  readonly instancePath: string;
  readonly message: (subject: string) => string;
  /** Extra pointer tokens below `instancePath` (the unexpected property itself). */
  readonly child?: string;
}

const PATTERN_MEANINGS: Record<string, string> = {
  [ACTIVITY_NAME_PATTERN]: 'must not contain any of . + ? / < > * % & : \\',
  [RESOURCE_NAME_PATTERN]: 'must start with a letter, a digit or _ and contain none of . + ? / < > * % & : \\',
  [RESOURCE_NAME_NO_DASH_PATTERN]: 'must start with a letter, a digit or _ and contain none of - . + ? / < > * % & : \\',
  [TIMESPAN_PATTERN]: 'must be a timespan d.hh:mm:ss or hh:mm:ss (for example 0.12:00:00)',
  [SIGNED_TIMESPAN_PATTERN]: 'must be a timespan [-]d.hh:mm:ss or [-]hh:mm:ss (for example -01:00:00)',
  [DATE_TIME_PATTERN]: 'must be an ISO 8601 date-time (for example 2024-01-31T02:00:00Z)',
};

const quote = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v));

function got(data: unknown): string {
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'an array';
  if (typeof data === 'object') return 'an object';
  if (typeof data === 'string') return data.length > 60 ? `'${data.slice(0, 57)}…'` : `'${data}'`;
  return String(data);
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false',
  object: 'an object', array: 'an array', null: 'null',
};

function typeList(types: readonly string[]): string {
  const names = [...new Set(types.flatMap((t) => t.split(',')))].map((t) => TYPE_NAMES[t] ?? t);
  return names.length <= 1 ? (names[0] ?? 'something else') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

/** The allowed name closest to `name` (a typo, a casing slip), if one is close enough. */
function closest(name: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(1, Math.floor(name.length / 4)) ? best : undefined;
}

const schemaProp = (schema: unknown, key: string): unknown =>
  typeof schema === 'object' && schema !== null ? (schema as Record<string, unknown>)[key] : undefined;

/** A case-insensitive enum made by `caseInsensitiveEnum`: its pattern is derived from its `examples`. */
function caseInsensitiveValues(e: ErrorObject): string[] | undefined {
  const examples = schemaProp(e.parentSchema, 'examples');
  if (!Array.isArray(examples) || !examples.every((x): x is string => typeof x === 'string')) return undefined;
  return caseInsensitivePattern(examples) === e.params['pattern'] ? examples : undefined;
}

/** The message of one plain ajv error; `orExpression` when an expression would also have been accepted. */
function issueOf(e: ErrorObject, orExpression: boolean): Issue {
  const p = e.params as Record<string, unknown>;
  const at = e.instancePath;
  const orExpr = orExpression ? ' or an expression' : '';
  const plain = (text: string): Issue => ({ instancePath: at, message: (s) => `${s} ${text}` });
  if (e.propertyName !== undefined) {
    // A `propertyNames` failure: the name is the subject, and the pointer goes to that property.
    const name = e.propertyName;
    const inner = issueOf({ ...e, propertyName: undefined, data: name }, false);
    return { instancePath: at, child: name, message: () => inner.message(`The property name '${name}'`) };
  }
  switch (e.keyword) {
    case 'required':
      return plain(`is missing the required property '${String(p['missingProperty'])}'`);
    case 'additionalProperties': {
      const name = String(p['additionalProperty']);
      const props = schemaProp(e.parentSchema, 'properties');
      const allowed = typeof props === 'object' && props !== null ? Object.keys(props) : [];
      const hint = closest(name, allowed);
      const list = allowed.length ? ` Allowed properties: ${allowed.join(', ')}.` : '';
      return {
        instancePath: at,
        child: name,
        message: (s) => `${s} has an unexpected property '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}.${list}`,
      };
    }
    case 'enum':
      return plain(`must be one of: ${(p['allowedValues'] as unknown[]).map(quote).join(', ')}${orExpr} (got ${got(e.data)})`);
    case 'const':
      return plain(`must be ${quote(p['allowedValue'])}${orExpr} (got ${got(e.data)})`);
    case 'type':
      return plain(`must be ${typeList([String(p['type'])])}${orExpr} (got ${got(e.data)})`);
    case 'pattern': {
      const values = caseInsensitiveValues(e);
      if (values) return plain(`must be one of: ${values.join(', ')} (any casing)${orExpr} (got ${got(e.data)})`);
      const meaning = PATTERN_MEANINGS[String(p['pattern'])];
      return plain(`${meaning ?? `must match the pattern ${String(p['pattern'])}`}${orExpr} (got ${got(e.data)})`);
    }
    case 'minLength':
      return plain(p['limit'] === 1 ? 'must not be empty' : `must be at least ${String(p['limit'])} characters long`);
    case 'maxLength':
      return plain(`must be at most ${String(p['limit'])} characters long (it has ${typeof e.data === 'string' ? e.data.length : '?'})`);
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return plain(`must be ${String(p['comparison'])} ${String(p['limit'])}${orExpr} (got ${got(e.data)})`);
    case 'minItems':
      return plain(`must have at least ${String(p['limit'])} item${p['limit'] === 1 ? '' : 's'}`);
    case 'maxItems':
      return plain(`must have at most ${String(p['limit'])} items`);
    case 'not': {
      const c = schemaProp(e.schema, 'const');
      return plain(c !== undefined ? `must not be ${quote(c)}` : 'has a value that is not allowed here');
    }
    case 'format':
      return plain(`must be a valid ${String(p['format'])} (got ${got(e.data)})`);
    case 'oneOf':
      return plain('matches more than one of its alternatives; make it match exactly one');
    default:
      return plain(e.message ?? `is not valid (${e.keyword})`);
  }
}

const under = (path: string, base: string): boolean => path === base || path.startsWith(`${base}/`);

/** Picks what to report for one failed `anyOf`/`oneOf`, given its branches' errors. */
function resolveUnion(u: ErrorObject, branches: Map<number, ErrorObject[]>, orExpression: Set<ErrorObject>): { keep: ErrorObject[]; issue?: Issue } {
  const at = u.instancePath;
  const isWrapper = schemaProp(u.parentSchema, '$comment') === ALLOW_EXPRESSIONS_MARK;
  if (isWrapper) {
    // [strict schema, expression string, expression object]: report the expression's own mistakes only
    // when the value looks like one; otherwise the strict schema's, which is what the user meant.
    const looksLikeExpression = typeof u.data === 'object' && u.data !== null && String(schemaProp(u.data, 'type')).toLowerCase() === 'expression';
    const chosen = branches.get(looksLikeExpression ? 2 : 0) ?? [];
    for (const e of chosen) if (e.instancePath === at) orExpression.add(e);
    return { keep: chosen };
  }
  const entries = [...branches.entries()].map(([index, errors]) => ({
    index,
    errors,
    wrongType: errors.some((e) => e.keyword === 'type' && e.instancePath === at),
  }));
  const plausible = entries.filter((b) => !b.wrongType);
  if (plausible.length === 0) {
    const types = entries.flatMap((b) => b.errors.filter((e) => e.keyword === 'type' && e.instancePath === at).map((e) => String(e.params['type'])));
    return { keep: [], issue: { instancePath: at, message: (s) => `${s} must be ${typeList(types)} (got ${got(u.data)})` } };
  }
  if (plausible.length > 1 && plausible.every((b) => b.errors.every((e) => e.keyword === 'required' && e.instancePath === at))) {
    const alternatives = plausible.map((b) => b.errors.map((e) => `'${String(e.params['missingProperty'])}'`).join(' and '));
    return { keep: [], issue: { instancePath: at, message: (s) => `${s} needs ${alternatives.join(', or ')}` } };
  }
  // A discriminator: every plausible branch fails on the same `const` (e.g. `type`) → list the choices.
  const discriminators = plausible.map((b) => b.errors.find((e) => e.keyword === 'const' && e.instancePath !== at && under(e.instancePath, at)));
  const first = discriminators[0];
  if (plausible.length > 1 && first && discriminators.every((d) => d && d.instancePath === first.instancePath)) {
    const values = discriminators.map((d) => quote(d?.params['allowedValue']));
    return { keep: [], issue: { instancePath: first.instancePath, message: (s) => `${s} must be one of: ${values.join(', ')} (got ${got(first.data)})` } };
  }
  plausible.sort((a, b) => a.errors.length - b.errors.length || a.index - b.index);
  return { keep: plausible[0]?.errors ?? [] };
}

/** Collapses `anyOf`/`oneOf`/`if` noise (innermost unions first) into the issues worth reporting. */
function collapse(errors: readonly ErrorObject[]): Issue[] {
  let live = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames');
  const synthetic: Issue[] = [];
  const orExpression = new Set<ErrorObject>();
  const unions = live
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const u of unions) {
    if (!live.includes(u)) continue;
    const prefix = `${u.schemaPath}/`;
    const branches = new Map<number, ErrorObject[]>();
    for (const e of live) {
      if (!e.schemaPath.startsWith(prefix) || !under(e.instancePath, u.instancePath)) continue;
      const index = Number.parseInt(e.schemaPath.slice(prefix.length), 10);
      branches.set(index, [...(branches.get(index) ?? []), e]);
    }
    if (branches.size === 0) continue; // oneOf matched several branches: report it as it is
    const { keep, issue } = resolveUnion(u, branches, orExpression);
    const dropped = new Set([...branches.values()].flat().filter((e) => !keep.includes(e)));
    dropped.add(u);
    live = live.filter((e) => !dropped.has(e));
    if (issue) synthetic.push(issue);
  }
  return [...live.map((e) => issueOf(e, orExpression.has(e))), ...synthetic];
}

function subjectOf(pointer: string): string {
  if (pointer === '') return 'The document';
  const tokens = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = tokens[tokens.length - 1] ?? '';
  if (/^\d+$/.test(last)) {
    const parent = tokens[tokens.length - 2];
    return parent === undefined ? `Item ${last}` : `Item ${last} of '${parent}'`;
  }
  return `'${last}'`;
}

/**
 * Converts ajv errors for a value found at `basePointer` into problems with `code`, deduplicated,
 * each pointing at the property to fix (an unexpected property: the property itself).
 */
export function problemsFromAjvErrors(errors: readonly ErrorObject[] | null | undefined, basePointer: string, code: ErrorCode): Problem[] {
  if (!errors?.length) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const issue of collapse(errors)) {
    const subjectPointer = basePointer + issue.instancePath;
    const pointer = issue.child === undefined ? subjectPointer : `${subjectPointer}/${issue.child.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const message = issue.message(subjectOf(subjectPointer));
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ code, severity: 'error', message: `${message.charAt(0).toUpperCase()}${message.slice(1)}`, pointer });
  }
  return problems;
}
