/**
 * A REST resource (RestResource dataset on a RestService linked service) as a {@link RowSource}:
 * JSON pages fetched one after the other, rows taken from a collection path, pages followed per ADF's
 * `paginationRules` (see `pagination.ts`), with `requestInterval` between requests, 429s waited out and
 * 5xx retried (see `http-request.ts`). Memory holds one page at a time.
 */
import { SluiceError, type ResolvedDataset } from '@sluice/engine';
import type { Column, ReadItem, RowSource, SourceRow, TransferStats } from '../contract.js';
import { declaredColumns } from '../columns.js';
import { abortError } from '../linked-service-settings.js';
import { httpEndpoint, requestHeaders as authorization } from './http-auth.js';
import { httpFetch, safeUrl, sleep, type HttpFetchOptions } from './http-request.js';
import { resolveRelativeUrl } from './http-store.js';
import { parseJsonPath, readJsonPath } from './json-path.js';
import { endConditionMet, paginates, parsePaginationRules, readSource, type PaginationPlan } from './pagination.js';

/** Options of {@link restRowSource}; each overrides the dataset's own setting (as ADF's copy source does). */
export interface RestSourceOptions {
  readonly signal: AbortSignal;
  readonly paginationRules?: Readonly<Record<string, unknown>>;
  readonly requestMethod?: string;
  readonly additionalHeaders?: Readonly<Record<string, unknown>>;
  /** A string, or a JSON value sent as JSON. */
  readonly requestBody?: unknown;
  /** Milliseconds to wait between two requests (ADF's `requestInterval`). */
  readonly requestInterval?: number;
  /** Stops after this many pages (a preview reads one). */
  readonly maxPages?: number;
  /** ADF's `collectionReference`: the JSON path of the array of rows (default: the body when it is an array). */
  readonly collectionReference?: string;
  /** Rows per batch (default 1,000). */
  readonly batchSize?: number;
  /** Per-request timeout and retry policies. */
  readonly http?: Omit<HttpFetchOptions, 'signal' | 'notFound' | 'accept'>;
}

function asRecord(value: unknown, what: string): Readonly<Record<string, unknown>> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new SluiceError('TYPE_PROPERTIES_INVALID', `'${what}' must be an object.`, { pointer: `/typeProperties/${what}` });
  return value as Record<string, unknown>;
}

/**
 * Opens a REST resource as rows. Nothing is requested until `batches` is iterated. Errors: 401/403 →
 * `STORE_AUTH_FAILED`; a status that stays failing → `HTTP_REQUEST_FAILED` naming the URL (credentials
 * removed) and status; a body that is not JSON or has no array at the collection path →
 * `REST_RESPONSE_INVALID`.
 *
 * @example
 * const source = restRowSource(dataset, { signal, paginationRules: { 'QueryParameters.offset': 'RANGE:0::100' }, collectionReference: '$.items' });
 * for await (const batch of source.batches(signal)) …
 */
export function restRowSource(dataset: ResolvedDataset, options: RestSourceOptions): RowSource {
  if (dataset.linkedService.type !== 'RestService' && dataset.linkedService.type !== 'HttpServer') {
    throw new SluiceError('LINKED_SERVICE_INVALID', `Dataset '${dataset.name}' is on a ${dataset.linkedService.type} linked service; a REST source needs a RestService.`);
  }
  const tp = dataset.typeProperties;
  const endpoint = httpEndpoint(dataset.linkedService);
  const relativeUrl = typeof tp.relativeUrl === 'string' ? tp.relativeUrl : '';
  const firstUrl = resolveRelativeUrl(endpoint, relativeUrl);
  const method = (options.requestMethod ?? (typeof tp.requestMethod === 'string' ? tp.requestMethod : 'GET')).toUpperCase();
  if (method !== 'GET' && method !== 'POST') throw new SluiceError('TYPE_PROPERTIES_INVALID', `REST requestMethod must be GET or POST, got '${method}'.`, { pointer: '/typeProperties/requestMethod' });
  const extraHeaders = asRecord(options.additionalHeaders ?? tp.additionalHeaders, 'additionalHeaders') ?? {};
  const bodyValue = options.requestBody ?? tp.requestBody;
  const body = bodyValue === undefined || bodyValue === null || method === 'GET' ? undefined : typeof bodyValue === 'string' ? bodyValue : JSON.stringify(bodyValue);
  const plan = parsePaginationRules(asRecord(options.paginationRules ?? tp.paginationRules, 'paginationRules'));
  const collection = options.collectionReference ? parseJsonPath(options.collectionReference) : undefined;
  const interval = options.requestInterval ?? (typeof tp.requestInterval === 'number' ? tp.requestInterval : 0);
  const maxPages = Math.min(options.maxPages ?? Number.POSITIVE_INFINITY, plan.maxRequests ?? Number.POSITIVE_INFINITY);
  const batchSize = options.batchSize ?? 1000;
  const headers: Record<string, string> = { accept: 'application/json', ...Object.fromEntries(Object.entries(extraHeaders).map(([k, v]) => [k.toLowerCase(), String(v)])) };
  if (body !== undefined && !('content-type' in headers)) headers['content-type'] = 'application/json';
  Object.assign(headers, endpoint.headers);

  const stats: TransferStats = { bytes: 0, files: 0, rows: 0 };
  const declared = declaredColumns(dataset);
  let observed: Column[] | undefined;

  async function* batches(signal: AbortSignal): AsyncIterable<readonly ReadItem[]> {
    const both = AbortSignal.any([signal, options.signal]);
    const ranges = new Map<string, number>();
    for (const rule of [...plan.queryParameters, ...plan.headers]) if (rule.source.kind === 'range') ranges.set(rule.name, rule.source.start);
    const fromResponse = new Map<string, string>(); // values read from the previous response (cursors)
    let url = new URL(firstUrl);
    let rowNumber = 0;
    for (let page = 0; page < maxPages; page++) {
      if (both.aborted) throw abortError(both);
      if (page > 0 && interval > 0) await sleep(interval, both);
      const requestUrl = new URL(url);
      const requestHeaders = { ...headers, ...(await authorization(endpoint, both)) };
      for (const rule of plan.queryParameters) {
        const value = rule.source.kind === 'range' ? String(ranges.get(rule.name)) : fromResponse.get(`q:${rule.name}`);
        if (value !== undefined) requestUrl.searchParams.set(rule.name, value);
      }
      for (const rule of plan.headers) {
        const value = rule.source.kind === 'range' ? String(ranges.get(rule.name)) : fromResponse.get(`h:${rule.name}`);
        if (value !== undefined) requestHeaders[rule.name] = value;
      }
      const response = await httpFetch(requestUrl, { method, headers: requestHeaders, ...(body !== undefined ? { body } : {}) }, { ...options.http, signal: both });
      const text = await response.text();
      stats.bytes += Buffer.byteLength(text);
      stats.files += 1;
      let document: unknown;
      try {
        document = text.trim() === '' ? null : JSON.parse(text);
      } catch {
        throw new SluiceError('REST_RESPONSE_INVALID', `The response of ${safeUrl(requestUrl)} (page ${page + 1}) is not JSON.`, { file: safeUrl(requestUrl) });
      }
      const rows = rowsOf(document, collection, requestUrl, page);
      const shownUrl = safeUrl(requestUrl);
      observed ??= rows.length > 0 ? observeColumns(rows) : undefined;
      for (let i = 0; i < rows.length; i += batchSize) {
        const batch: SourceRow[] = rows.slice(i, i + batchSize).map((row) => ({ row, file: shownUrl, rowNumber: ++rowNumber }));
        stats.rows += batch.length;
        yield batch;
      }
      if (!paginates(plan)) return;
      if (plan.endConditions.some((condition) => endConditionMet(condition, document))) return;
      const next = nextRequest(plan, document, response.headers, url, ranges, fromResponse);
      if (!next) return;
      if (rows.length === 0 && !hasOwnEnd(plan)) return;
      url = next;
    }
  }

  return {
    stats,
    async columns() {
      return declared ?? observed;
    },
    batches,
  };
}

/** Rows of one page: the array at the collection path, else the body when it is an array, else the body as one row. */
function rowsOf(document: unknown, collection: ReadonlyArray<string | number> | undefined, url: URL, page: number): Array<Record<string, unknown>> {
  let items: unknown;
  if (collection) {
    items = readJsonPath(document, collection);
    if (items === undefined || items === null) return [];
    if (!Array.isArray(items)) {
      throw new SluiceError('REST_RESPONSE_INVALID', `The response of ${safeUrl(url)} (page ${page + 1}) has no array at the collection path.`, { file: safeUrl(url) });
    }
  } else if (Array.isArray(document)) {
    items = document;
  } else if (document === null || document === undefined) {
    items = [];
  } else {
    items = [document];
  }
  return (items as unknown[]).map((item) => (item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : { value: item }));
}

/** Column names in order of first appearance across a page's first rows. */
function observeColumns(rows: ReadonlyArray<Record<string, unknown>>): Column[] {
  const names = new Set<string>();
  for (const row of rows.slice(0, 100)) for (const key of Object.keys(row)) names.add(key);
  return [...names].map((name) => ({ name }));
}

/** True when the rules end paging by themselves (a next link that runs out, a bounded range, an end condition). */
function hasOwnEnd(plan: PaginationPlan): boolean {
  if (plan.endConditions.length > 0 || plan.nextUrl || plan.rfc5988) return true;
  return [...plan.queryParameters, ...plan.headers].every((rule) => rule.source.kind === 'range' && rule.source.end !== undefined);
}

/**
 * Works out the next request from this response: advances ranges, reads cursors and next links.
 * Returns undefined when paging is over (a range passed its end, a cursor or next link is missing,
 * or the next link is the page just read).
 */
function nextRequest(plan: PaginationPlan, document: unknown, headers: Headers, current: URL, ranges: Map<string, number>, fromResponse: Map<string, string>): URL | undefined {
  let next = new URL(current);
  if (plan.nextUrl || plan.rfc5988) {
    const link = plan.nextUrl ? readSource(plan.nextUrl, document, headers) : readSource({ kind: 'header', name: 'link' }, document, headers);
    if (link === undefined) return undefined;
    try {
      next = new URL(link, current);
    } catch {
      throw new SluiceError('REST_RESPONSE_INVALID', `The next-page link of ${safeUrl(current)} is not a URL.`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new SluiceError('REST_RESPONSE_INVALID', `The next-page link of ${safeUrl(current)} is not an http(s) URL.`);
    if (next.origin !== current.origin) {
      // The credentials are for this server only: refuse to send them elsewhere.
      throw new SluiceError('REST_RESPONSE_INVALID', `The next-page link of ${safeUrl(current)} points to another server (${next.origin}); Sluice does not send the credentials there.`);
    }
    if (next.href === current.href && plan.queryParameters.length === 0 && plan.headers.length === 0) return undefined;
  }
  for (const [prefix, rules] of [['q', plan.queryParameters], ['h', plan.headers]] as const) {
    for (const rule of rules) {
      if (rule.source.kind === 'range') {
        const value = (ranges.get(rule.name) ?? rule.source.start) + rule.source.step;
        if (rule.source.end !== undefined && (rule.source.step > 0 ? value > rule.source.end : value < rule.source.end)) return undefined;
        ranges.set(rule.name, value);
      } else {
        const value = readSource(rule.source, document, headers);
        if (value === undefined) return undefined;
        fromResponse.set(`${prefix}:${rule.name}`, value);
      }
    }
  }
  return next;
}
