import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SluiceError, validateFactory, type ValidationCatalog } from '@sluice/engine';
import { loadFactoryFolder } from '@sluice/engine/node';
import type { Engine } from '@sluice/engine/runtime';
import { previewDataFlow, type DataFlowPreview, type SluiceDataFlowDocument } from '@sluice/activities';
import type { CommandIO } from './output.js';
import { parseParameters } from './run.command.js';

/** Options of `sluice preview`. */
export interface PreviewCommandOptions {
  factory?: string;
  rows?: number;
  json?: boolean;
  parameters?: string;
  param?: string[];
}

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '∅' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** A step output as a small text table (header, types, rows). */
function table(columns: readonly string[], types: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const body = rows.map((r) => columns.map((c) => cell(r[c])));
  const head = [columns.map(cell), types.map(cell)];
  const widths = columns.map((_, i) => Math.max(...[...head, ...body].map((line) => (line[i] ?? '').length)));
  const fmt = (line: string[]): string => line.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' │ ').trimEnd();
  return [fmt(head[0] as string[]), fmt(head[1] as string[]), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...body.map(fmt)].join('\n');
}

function print(preview: DataFlowPreview, name: string, io: CommandIO): void {
  io.out(`Preview of data flow '${name}' on the first ${preview.rowsPerSource} row(s) of each source (${preview.durationMs} ms):\n`);
  for (const step of preview.steps) {
    io.out(`\n■ ${step.name} (${step.type}): ${step.rows} row(s)\n`);
    for (const [ref, out] of Object.entries(step.outputs)) {
      if (ref !== step.name) io.out(`  output ${ref}: ${out.rows.length} row(s)\n`);
      io.out(`${table(out.columns, out.types, out.rows)}\n`);
    }
  }
}

/**
 * `sluice preview DATAFLOW [--rows N] [--factory DIR] [--json]`: runs a data flow on the first N rows of
 * each source (default 10), writes no sink, and prints every step's output. With `--factory` the folder
 * is validated and loaded first (as `sluice run` does); datasets and linked services resolve from the
 * factory store. Exit code 0 on success, 1 when the flow cannot run (the error names the step and pointer).
 */
export async function previewCommand(dataflow: string, options: PreviewCommandOptions, engine: Engine, catalog: ValidationCatalog, io: CommandIO): Promise<number> {
  if (options.factory) {
    const loaded = await loadFactoryFolder(options.factory);
    const problems = [...loaded.problems, ...validateFactory(loaded.documents, catalog)].filter((p) => p.severity === 'error');
    if (problems.length) {
      for (const p of problems) io.err(`${p.file ?? '-'}: ${p.pointer || '/'}: ${p.code} ${p.message}\n`);
      io.err(`The factory in ${options.factory} has ${problems.length} error(s): nothing was previewed.\n`);
      return 1;
    }
    await engine.factory.importFactory(loaded);
  }
  const rows = options.rows ?? 10;
  if (!Number.isInteger(rows) || rows < 0) throw new SluiceError('SCHEMA_VIOLATION', `--rows must be a whole number ≥ 0, got ${String(options.rows)}.`);
  const doc = (await engine.factory.get('dataflow', dataflow)) as unknown as SluiceDataFlowDocument;
  const dir = await mkdtemp(join(tmpdir(), 'sluice-preview-'));
  try {
    const preview = await previewDataFlow(doc, {
      rows,
      tempDir: dir,
      parameters: parseParameters(options.parameters, options.param),
      resolveDataset: (ref) => engine.factory.resolveDataset(ref),
    });
    if (options.json) io.out(`${JSON.stringify({ dataflow: doc.name, ...preview }, null, 2)}\n`);
    else print(preview, doc.name, io);
    return 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
