/**
 * Data preview: the data flow run on the first N rows of each source, without writing any sink,
 * returning every step's output (columns, DuckDB types, rows) — what the designer's debug view and
 * `sluice preview` show. The same compiler runs, so a preview fails exactly where a run would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDataFlow, type DatasetResolver, type StepPreview } from './runner.js';
import type { SluiceDataFlowDocument } from './types.js';

/** Options of {@link previewDataFlow}. */
export interface PreviewOptions {
  /** Rows read from each source (default 100, at most 10,000). */
  readonly rows?: number;
  readonly resolveDataset: DatasetResolver;
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** Scratch folder (default: a new one under the OS temp folder, removed afterwards). */
  readonly tempDir?: string;
  readonly signal?: AbortSignal;
  readonly memoryLimit?: string;
}

/** One step in a preview: its row count and its outputs (`name`, and `name.output` for named outputs). */
export interface PreviewStep {
  readonly name: string;
  readonly type: string;
  readonly rows: number;
  readonly outputs: Readonly<Record<string, StepPreview>>;
}

/** A data flow preview. */
export interface DataFlowPreview {
  readonly rowsPerSource: number;
  readonly steps: readonly PreviewStep[];
  readonly durationMs: number;
}

/**
 * Previews a data flow document.
 *
 * @example
 * const p = await previewDataFlow(doc, { rows: 20, resolveDataset: (ref) => factory.resolveDataset(ref) });
 * p.steps.find((s) => s.name === 'trusted')?.outputs.trusted.rows
 */
export async function previewDataFlow(doc: SluiceDataFlowDocument, options: PreviewOptions): Promise<DataFlowPreview> {
  const rows = Math.min(Math.max(Math.floor(options.rows ?? 100), 0), 10_000);
  const own = options.tempDir === undefined;
  const dir = options.tempDir ?? (await mkdtemp(join(tmpdir(), 'sluice-preview-')));
  try {
    const result = await runDataFlow(doc, {
      resolveDataset: options.resolveDataset,
      tempDir: dir,
      previewRows: rows,
      ...(options.parameters ? { parameters: options.parameters } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
    });
    const previews = result.previews ?? {};
    return {
      rowsPerSource: rows,
      durationMs: result.durationMs,
      steps: result.steps.map((s) => ({
        name: s.name,
        type: s.type,
        rows: s.rows,
        outputs: Object.fromEntries(Object.entries(previews).filter(([ref]) => ref === s.name || ref.startsWith(`${s.name}.`))),
      })),
    };
  } finally {
    if (own) await rm(dir, { recursive: true, force: true });
  }
}
