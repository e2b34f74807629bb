/**
 * Test helpers for data flows: a scratch folder with small files, LocalFileSystem datasets over it,
 * and a one-call runner. Used by the unit tests beside the code and by test/dataflow.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ResolvedDataset } from '@sluice/engine';
import { runDataFlow, type DataFlowRunResult } from '../runner.js';
import { previewDataFlow, type DataFlowPreview } from '../preview.js';
import type { DataFlowStep, SluiceDataFlowDocument } from '../types.js';
import { DuckSession } from '../../duckdb/session.js';

/** A scratch folder holding a LocalFileSystem "lake". */
export class Scratch {
  readonly root = mkdtempSync(join(tmpdir(), 'sluice-df-test-'));
  readonly lake = join(this.root, 'lake');
  readonly temp = join(this.root, 'tmp');
  readonly datasets = new Map<string, ResolvedDataset>();

  /** Writes a file into the lake. */
  file(path: string, text: string): this {
    const abs = join(this.lake, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    return this;
  }

  /** Declares a dataset over a file or folder of the lake. */
  dataset(name: string, type: 'DelimitedText' | 'Json' | 'Parquet', folderPath: string, fileName?: string, settings: Record<string, unknown> = {}): this {
    this.datasets.set(name.toLowerCase(), {
      name,
      type,
      typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath, ...(fileName ? { fileName } : {}) }, ...(type === 'DelimitedText' ? { firstRowAsHeader: true } : {}), ...settings },
      linkedService: { name: 'lake', type: 'LocalFileSystem', typeProperties: { rootPath: this.lake } },
    });
    return this;
  }

  /** Resolves a dataset reference against the declared datasets. */
  readonly resolve = async (ref: { referenceName: string }): Promise<ResolvedDataset> => {
    const d = this.datasets.get(ref.referenceName.toLowerCase());
    if (!d) throw new Error(`no dataset ${ref.referenceName}`);
    return d;
  };

  /** Runs a flow made of `steps`. */
  run(steps: DataFlowStep[], parameters?: Record<string, unknown>, declared?: Record<string, { type: string; defaultValue?: unknown }>): Promise<DataFlowRunResult> {
    return runDataFlow(flow(steps, declared), { resolveDataset: this.resolve, tempDir: join(this.temp, String(Math.random()).slice(2)), ...(parameters ? { parameters } : {}) });
  }

  /** Previews a flow made of `steps`. */
  preview(steps: DataFlowStep[], rows = 100, parameters?: Record<string, unknown>, declared?: Record<string, { type: string; defaultValue?: unknown }>): Promise<DataFlowPreview> {
    return previewDataFlow(flow(steps, declared), { resolveDataset: this.resolve, rows, ...(parameters ? { parameters } : {}) });
  }

  /** Reads a file or folder of the lake with DuckDB (`read_auto`), ordered by `orderBy`. */
  async read(path: string, orderBy = '1'): Promise<Array<Record<string, unknown>>> {
    const db = await DuckSession.open({ tempDir: this.temp });
    try {
      const abs = join(this.lake, path);
      const fn = abs.endsWith('.parquet') || path.endsWith('/') ? 'read_parquet' : abs.endsWith('.csv') ? 'read_csv' : 'read_json';
      const target = path.endsWith('/') ? `${abs}**/*.parquet` : abs;
      return [...(await db.query(`SELECT * FROM ${fn}($1${path.endsWith('/') ? ', hive_partitioning = true' : ''}) ORDER BY ${orderBy}`, [target])).rows];
    } finally {
      db.close();
    }
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A SluiceDataFlow document around `steps`. */
export function flow(steps: DataFlowStep[], parameters?: Record<string, { type: string; defaultValue?: unknown }>, name = 'TestFlow'): SluiceDataFlowDocument {
  return { name, properties: { type: 'SluiceDataFlow', typeProperties: { ...(parameters ? { parameters } : {}), steps } } };
}
