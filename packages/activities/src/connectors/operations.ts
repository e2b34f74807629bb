/**
 * The two connector operations the API offers the designer: "test connection" on a linked service and
 * "preview data" on a dataset. Both take resolved documents (the API resolves parameters and secrets
 * first), both honour the caller's signal, and both fail with coded errors a form can show.
 */
import { SluiceError, type ResolvedDataset, type ResolvedLinkedService } from '@sluice/engine';
import type { Column, Row } from './contract.js';
import { restRowSource } from './http/rest-source.js';
import { httpEndpoint, requestHeaders } from './http/http-auth.js';
import { httpFetch } from './http/http-request.js';
import { throwIfAborted } from './linked-service-settings.js';
import { previewFileDataset, previewTableDataset, testTableLinkedService, isTableLinkedService } from './preview-sources.js';
import { FILE_STORE_TYPES, openFileStore } from './store-factory.js';

/** What a successful connection test reports. */
export interface TestConnectionResult {
  readonly ok: true;
  /** How long the check took, in milliseconds. */
  readonly durationMs: number;
}

/** What a preview returns: the columns and the first rows. */
export interface DatasetPreview {
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
}

/**
 * Checks that a linked service answers with its settings and credentials: lists a local root, heads an
 * S3 bucket (or lists buckets), sends a HEAD/GET to an HTTP or REST base URL, or connects to a database.
 * Resolves `{ok: true, durationMs}`; throws a coded error otherwise (`STORE_AUTH_FAILED`,
 * `STORE_NOT_FOUND`, `STORE_UNAVAILABLE`, `LINKED_SERVICE_INVALID`, `UNSUPPORTED_LINKED_SERVICE_TYPE` …).
 */
export async function testLinkedService(linkedService: ResolvedLinkedService, signal: AbortSignal): Promise<TestConnectionResult> {
  const started = performance.now();
  throwIfAborted(signal);
  if (FILE_STORE_TYPES.includes(linkedService.type)) {
    const store = openFileStore(linkedService, { signal });
    try {
      await store.testConnection(signal);
    } finally {
      await store.close();
    }
  } else if (linkedService.type === 'RestService') {
    const endpoint = httpEndpoint(linkedService);
    // Any answer but 401/403 or a 5xx shows the API is there and takes the credentials (a base URL often has no resource of its own).
    const response = await httpFetch(new URL(endpoint.url), { method: 'GET', headers: { accept: 'application/json', ...(await requestHeaders(endpoint, signal)) } }, { signal, retries: 0, accept: [400, 404, 405, 406] });
    await response.body?.cancel().catch(() => undefined);
  } else if (isTableLinkedService(linkedService.type)) {
    await testTableLinkedService(linkedService, signal);
  } else {
    throw new SluiceError('UNSUPPORTED_LINKED_SERVICE_TYPE', `Sluice cannot test linked services of type ${linkedService.type}.`);
  }
  return { ok: true, durationMs: Math.round(performance.now() - started) };
}

/**
 * The first `rows` rows of a dataset, with its columns: a file dataset read through its format (the
 * first file when the location is a folder or a wildcard), a REST resource's first page(s), or a table.
 * Rows the format cannot read are left out of a preview.
 */
export async function previewDataset(dataset: ResolvedDataset, rows: number, signal: AbortSignal): Promise<DatasetPreview> {
  throwIfAborted(signal);
  const limit = Math.max(0, Math.min(Math.floor(rows), 10_000));
  if (dataset.type === 'RestResource') {
    const source = restRowSource(dataset, { signal, maxPages: Math.max(1, Math.ceil(limit / 10)) });
    const collected: Row[] = [];
    for await (const batch of source.batches(signal)) {
      for (const item of batch) if (!('bad' in item)) collected.push(item.row);
      if (collected.length >= limit) break;
    }
    const result = collected.slice(0, limit);
    return { columns: (await source.columns()) ?? columnsOf(result), rows: result };
  }
  if (FILE_STORE_TYPES.includes(dataset.linkedService.type)) return previewFileDataset(dataset, limit, signal);
  if (isTableLinkedService(dataset.linkedService.type)) return previewTableDataset(dataset, limit, signal);
  throw new SluiceError('UNSUPPORTED_DATASET_TYPE', `Sluice cannot preview dataset '${dataset.name}' of type ${dataset.type} on a ${dataset.linkedService.type} linked service.`);
}

/** Column names in order of first appearance (for sources that do not declare them). */
export function columnsOf(rows: readonly Row[]): Column[] {
  const names = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) names.add(key);
  return [...names].map((name) => ({ name }));
}
