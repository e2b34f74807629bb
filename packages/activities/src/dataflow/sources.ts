/**
 * Source staging: what a `source` step reads becomes local files DuckDB can scan. File datasets are
 * listed through their store (the same selection Copy uses) and copied locally when the store is
 * remote (`localCopy`); tables are streamed through their table store into a JSON Lines file.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { SluiceError, type ResolvedDataset } from '@sluice/engine';
import type { Column, FileStore } from '../connectors/contract.js';
import { openTableStore, tableNameFromDataset } from '../connectors/table-store-factory.js';
import { datasetFamily, openFiles } from '../datasets/family.js';
import { fileSelection, listSelectedFiles } from '../datasets/file-list.js';
import { jsonRow } from '../datasets/json-values.js';
import { readFilesSql, type DeclaredColumn } from '../duckdb/files.js';
import { quoteLiteral } from '../duckdb/quote.js';
import type { DataFlowStep } from './types.js';

/** A staged source: the SQL of the relation DuckDB reads, and what was staged. */
export interface StagedSource {
  readonly relation: string;
  readonly files: number;
}

const LOGICAL_TO_DUCK: Readonly<Record<string, string>> = {
  string: 'VARCHAR', int32: 'INTEGER', int64: 'BIGINT', double: 'DOUBLE', decimal: 'DECIMAL(38,10)', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP', json: 'JSON', binary: 'VARCHAR',
};

/**
 * Stages one source step's dataset under `dir`. `stores` collects opened file stores for the caller
 * to close. `maxRows` (preview) stops reading a table after that many rows.
 */
export async function stageSource(step: DataFlowStep, dataset: ResolvedDataset, dir: string, signal: AbortSignal, stores: FileStore[], maxRows?: number): Promise<StagedSource> {
  const declared = (step.columns as DeclaredColumn[] | undefined) ?? (dataset.schema as DeclaredColumn[] | undefined);
  const family = datasetFamily(dataset);
  if (family === 'file') {
    const { store, location } = openFiles(dataset, signal);
    stores.push(store);
    const files = await listSelectedFiles(store, location, fileSelection(step.storeSettings, true), signal, dataset.name);
    if (!files.length) throw new SluiceError('FILE_NOT_FOUND', `Source '${step.name}': dataset '${dataset.name}' selects no files in ${store.display} (${location.path || '/'}).`, { file: location.path });
    await mkdir(dir, { recursive: true });
    const paths: string[] = [];
    for (const f of files) paths.push(await store.localCopy(f.path, dir, signal));
    return { relation: readFilesSql(paths, dataset.type, dataset.typeProperties, declared ? { columns: declared } : {}), files: paths.length };
  }
  if (family === 'table') {
    const store = openTableStore(dataset.linkedService);
    try {
      const table = tableNameFromDataset(dataset.typeProperties);
      if (typeof step.query !== 'string' && !table) throw new SluiceError('DATASET_LOCATION_INVALID', `Source '${step.name}': dataset '${dataset.name}' names no table (and the step has no query).`);
      const source = typeof step.query === 'string' ? store.query(step.query) : store.readTable(table as NonNullable<typeof table>);
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${step.name}.jsonl`);
      const out = createWriteStream(file);
      let rows = 0;
      outer: for await (const batch of source.batches(signal)) {
        for (const item of batch) {
          if ('bad' in item) continue;
          if (!out.write(`${JSON.stringify(jsonRow(item.row))}\n`)) await once(out, 'drain');
          if (maxRows !== undefined && ++rows >= maxRows) break outer;
        }
      }
      out.end();
      await once(out, 'finish');
      const columns = (await source.columns()) ?? [];
      const typed = columns.length ? `, columns = {${columns.map((c: Column) => `${quoteLiteral(c.name)}: ${quoteLiteral(LOGICAL_TO_DUCK[c.type ?? 'string'] ?? 'VARCHAR')}`).join(', ')}}` : '';
      return { relation: `read_json([${quoteLiteral(file)}], format = 'newline_delimited'${typed})`, files: 1 };
    } finally {
      await store.close();
    }
  }
  throw new SluiceError('COPY_NOT_SUPPORTED', `Source '${step.name}': dataset '${dataset.name}' (${dataset.type}) cannot be read by a data flow (files and database tables can).`);
}
