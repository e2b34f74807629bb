/**
 * ADF's REST `paginationRules`, parsed once into a plan and applied page after page:
 *
 * | rule | value | meaning |
 * |---|---|---|
 * | `AbsoluteUrl` | `$.next` / `Headers.link` | the next page's URL, from the body or a header (a `Link` header's `rel="next"`) |
 * | `SupportRFC5988` | `true` | follow the `Link: <…>; rel="next"` header |
 * | `QueryParameters.{name}` / `QueryParameters['name']` | `RANGE:start:end:step`, `$.cursor`, `Headers.x` | a query parameter per page |
 * | `Headers.{name}` | same | a request header per page |
 * | `EndCondition:{$.path}` | `Empty`, `NonEmpty`, `Exist`, `NotExist`, `Const:value` | stop when the response matches |
 * | `MaxRequestNumber` | a number | stop after so many requests |
 *
 * Without an end of its own (a range without an end, a cursor), a page with no rows ends the paging.
 */
import { SluiceError } from '@sluice/engine';
import { parseJsonPath, readJsonPath } from './json-path.js';

/** Where a per-page value comes from. */
export type ValueSource =
  | { readonly kind: 'range'; readonly start: number; readonly end: number | undefined; readonly step: number }
  | { readonly kind: 'body'; readonly path: ReadonlyArray<string | number> }
  | { readonly kind: 'header'; readonly name: string };

/** An end condition on the response body. */
export interface EndCondition {
  readonly path: ReadonlyArray<string | number>;
  readonly test: 'Empty' | 'NonEmpty' | 'Exist' | 'NotExist' | 'Const';
  readonly value?: string;
}

/** A parsed set of pagination rules. */
export interface PaginationPlan {
  readonly nextUrl?: Exclude<ValueSource, { kind: 'range' }>;
  readonly rfc5988: boolean;
  readonly queryParameters: ReadonlyArray<{ readonly name: string; readonly source: ValueSource }>;
  readonly headers: ReadonlyArray<{ readonly name: string; readonly source: ValueSource }>;
  readonly endConditions: readonly EndCondition[];
  readonly maxRequests?: number;
}

const invalid = (message: string): SluiceError => new SluiceError('REST_RESPONSE_INVALID', `Pagination rules: ${message}`, { pointer: '/typeProperties/paginationRules' });

/** `RANGE:start:end:step`, `$.path`, `Headers.x` / `headers['x']`. */
function parseSource(rule: string, value: string, allowRange: boolean): ValueSource {
  const v = value.trim();
  const range = /^RANGE:(-?\d+):(-?\d*):(-?\d+)$/i.exec(v);
  if (range) {
    if (!allowRange) throw invalid(`'${rule}' cannot take a RANGE.`);
    const step = Number(range[3]);
    if (step === 0) throw invalid(`'${rule}': the RANGE step cannot be 0.`);
    return { kind: 'range', start: Number(range[1]), end: range[2] === '' ? undefined : Number(range[2]), step };
  }
  const header = headerName(v);
  if (header !== undefined) return { kind: 'header', name: header };
  if (v.startsWith('$')) return { kind: 'body', path: parseJsonPath(v) };
  throw invalid(`'${rule}' has the value '${v}'; expected RANGE:start:end:step, a $.json.path or Headers.name.`);
}

/** The name in `Headers.x` or `Headers['x']` (any casing of `Headers`), else undefined. */
function headerName(text: string): string | undefined {
  const m = /^headers(?:\.(.+)|\[\s*['"](.+)['"]\s*\])$/i.exec(text.trim());
  return m ? (m[1] ?? m[2] ?? '').toLowerCase() : undefined;
}

/** The name in `QueryParameters.x` / `QueryParameters['x']`. */
function bracketName(prefix: string, key: string): string | undefined {
  const m = new RegExp(`^${prefix}(?:\\.(.+)|\\[\\s*['"](.+)['"]\\s*\\])$`, 'i').exec(key.trim());
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * Parses ADF's `paginationRules` object. Unknown rules are refused (`REST_RESPONSE_INVALID`, naming the
 * rule) rather than ignored, since ignoring one would silently read a single page.
 */
export function parsePaginationRules(rules: Readonly<Record<string, unknown>> | undefined): PaginationPlan {
  const queryParameters: Array<{ name: string; source: ValueSource }> = [];
  const headers: Array<{ name: string; source: ValueSource }> = [];
  const endConditions: EndCondition[] = [];
  let nextUrl: PaginationPlan['nextUrl'];
  let rfc5988 = false;
  let maxRequests: number | undefined;
  for (const [key, raw] of Object.entries(rules ?? {})) {
    const value = typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : raw;
    if (typeof value !== 'string') throw invalid(`'${key}' must be a string.`);
    const lower = key.trim().toLowerCase();
    if (lower === 'absoluteurl') {
      const source = parseSource(key, value, false);
      if (source.kind === 'range') throw invalid(`'${key}' cannot take a RANGE.`);
      nextUrl = source;
    } else if (lower === 'supportrfc5988') {
      rfc5988 = value.trim().toLowerCase() === 'true';
    } else if (lower === 'maxrequestnumber') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw invalid(`'MaxRequestNumber' must be a positive integer.`);
      maxRequests = n;
    } else if (lower.startsWith('endcondition:')) {
      const path = parseJsonPath(key.slice(key.indexOf(':') + 1));
      const m = /^(Empty|NonEmpty|Exist|NotExist|Const:(.*))$/i.exec(value.trim());
      if (!m) throw invalid(`'${key}' must be Empty, NonEmpty, Exist, NotExist or Const:value.`);
      const word = (m[1] as string).toLowerCase();
      const test = word.startsWith('const:') ? 'Const' : (['Empty', 'NonEmpty', 'Exist', 'NotExist'].find((t) => t.toLowerCase() === word) as EndCondition['test']);
      endConditions.push({ path, test, ...(test === 'Const' ? { value: m[2] ?? '' } : {}) });
    } else if (bracketName('QueryParameters', key) !== undefined) {
      queryParameters.push({ name: bracketName('QueryParameters', key) as string, source: parseSource(key, value, true) });
    } else if (headerName(key) !== undefined) {
      headers.push({ name: headerName(key) as string, source: parseSource(key, value, true) });
    } else {
      throw invalid(`'${key}' is not a pagination rule Sluice supports (AbsoluteUrl, SupportRFC5988, QueryParameters.x, Headers.x, EndCondition:$.x, MaxRequestNumber).`);
    }
  }
  return { ...(nextUrl ? { nextUrl } : {}), rfc5988, queryParameters, headers, endConditions, ...(maxRequests !== undefined ? { maxRequests } : {}) };
}

/** True when the plan pages at all. */
export function paginates(plan: PaginationPlan): boolean {
  return plan.nextUrl !== undefined || plan.rfc5988 || plan.queryParameters.length > 0 || plan.headers.length > 0;
}

/** The URL of `rel="next"` in a `Link` header (RFC 5988/8288), or undefined. */
export function linkNext(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (m && /;\s*rel\s*=\s*"?(?:[^";]*\s)?next(?:\s[^";]*)?"?/i.test(m[2] as string)) return m[1];
  }
  return undefined;
}

/** True when an end condition holds for `body`. */
export function endConditionMet(condition: EndCondition, body: unknown): boolean {
  const value = readJsonPath(body, condition.path);
  const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
  switch (condition.test) {
    case 'Empty':
      return empty;
    case 'NonEmpty':
      return !empty;
    case 'Exist':
      return value !== undefined;
    case 'NotExist':
      return value === undefined;
    case 'Const':
      return value !== undefined && value !== null && String(value) === condition.value;
  }
}

/** A value read from the response for the next request (`undefined`: the source ran dry, paging ends). */
export function readSource(source: Exclude<ValueSource, { kind: 'range' }>, body: unknown, headers: Headers): string | undefined {
  if (source.kind === 'header') {
    const value = headers.get(source.name);
    if (value === null || value === '') return undefined;
    return source.name === 'link' ? (linkNext(value) ?? (value.includes('rel=') ? undefined : value)) : value;
  }
  const value = readJsonPath(body, source.path);
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
