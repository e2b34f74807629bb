/**
 * The rejects log of a copy that skips incompatible rows: one JSON line per skipped row (file, row,
 * line, column, code, reason, raw row), staged and published with the copy's outputs. Where it goes:
 * ADF's `redirectIncompatibleRowSettings` or `logSettings.logLocationSettings` (a linked service and a
 * path), else `_rejects/<runId>/` in the sink's (or the source's) file store.
 */
import { SluiceError, type ActivityContext } from '@sluice/engine';
import type { FileStore, Row, StagedFile } from '../connectors/contract.js';
import { joinStorePath } from '../connectors/paths.js';
import { openFileStore } from '../connectors/store-factory.js';
import { settingsOf } from '../datasets/family.js';

/** One skipped row. */
export interface Reject {
  readonly file?: string;
  readonly row?: number;
  readonly line?: number;
  readonly column?: string;
  readonly code: string;
  readonly reason: string;
  /** The raw text (a CSV line) or the row as read. */
  readonly raw?: unknown;
}

/** Where rejects go: a store and a folder in it. */
export interface RejectsTarget {
  readonly store: FileStore;
  readonly folder: string;
  /** True when the store was opened for the rejects (and is closed with the log). */
  readonly owned: boolean;
}

/** JSON-safe form of a value in a reject's raw row. */
function jsonSafe(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}

/** A row as a JSON-safe object for the rejects file. */
export function rawRow(row: Row): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, jsonSafe(v)]));
}

/**
 * The rejects location the activity names, opened; undefined when it names none. S3 paths start with
 * the bucket (`bucket/folder`), as ADF's `path` starts with the container.
 */
export async function namedRejectsTarget(ctx: ActivityContext, typeProperties: Record<string, unknown>): Promise<RejectsTarget | undefined> {
  const redirect = settingsOf(typeProperties.redirectIncompatibleRowSettings);
  const log = settingsOf(settingsOf(typeProperties.logSettings).logLocationSettings);
  const where = redirect.linkedServiceName ? redirect : log.linkedServiceName ? log : undefined;
  if (!where) return undefined;
  const ref = settingsOf(where.linkedServiceName);
  if (typeof ref.referenceName !== 'string') {
    throw new SluiceError('TYPE_PROPERTIES_INVALID', 'The rejects location has a linkedServiceName without a referenceName.', { pointer: '/typeProperties/redirectIncompatibleRowSettings/linkedServiceName' });
  }
  const ls = await ctx.resolveLinkedService(ref as { referenceName: string; parameters?: Record<string, unknown> });
  return { store: openFileStore(ls, { signal: ctx.signal }), folder: typeof where.path === 'string' ? where.path : '', owned: true };
}

/** The rejects file: opened on the first reject, published on `commit`, discarded on `abort`. */
export class RejectsLog {
  #staged: StagedFile | undefined;
  #opening: Promise<StagedFile> | undefined;
  #count = 0;
  readonly path: string;

  constructor(private readonly target: RejectsTarget, runId: string, fileName: string) {
    this.path = joinStorePath(target.folder, '_rejects', runId, fileName);
  }

  /** Rows written so far. */
  get count(): number {
    return this.#count;
  }

  /** Where the file is, as a user can find it (`<store>/<path>`). */
  get display(): string {
    return `${this.target.store.display.replace(/\/+$/, '')}/${this.path}`;
  }

  async add(reject: Reject, signal: AbortSignal): Promise<void> {
    this.#opening ??= this.target.store.write(this.path, signal);
    this.#staged ??= await this.#opening;
    const line = `${JSON.stringify({ ...reject, raw: reject.raw === undefined ? null : reject.raw })}\n`;
    this.#count += 1;
    if (!this.#staged.stream.write(line)) await new Promise<void>((resolve) => this.#staged?.stream.once('drain', resolve));
  }

  /** Publishes the file (when anything was rejected). */
  async commit(): Promise<void> {
    if (this.#staged) await this.#staged.commit();
  }

  async abort(): Promise<void> {
    await this.#staged?.abort().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.target.owned) await this.target.store.close();
  }
}
