/**
 * Runs a Sluice data flow on DuckDB: checks and orders the steps, binds the parameters into the params
 * table, stages sources, materializes every other step as a temporary table (so each step's row count
 * is exact and cheap, and a step read by several others is computed once), writes the sinks, and
 * reports what happened. Preview is the same run with sources cut to N rows and sinks not written.
 */
import { join } from 'node:path';
import { SluiceError, type ResolvedDataset } from '@sluice/engine';
import type { DuckDBValue } from '@duckdb/node-api';
import type { FileStore } from '../connectors/contract.js';
import { quoteIdent } from '../duckdb/quote.js';
import { DuckSession, type QueryResult } from '../duckdb/session.js';
import { compileStep } from './compiler.js';
import { mapStepError } from './step-errors.js';
import { namedOutputs, planDataFlow } from './graph.js';
import { bindSql, createParamsTable, datasetParameters, parameterValues } from './params.js';
import { applyJsonSchema } from './json-schema-check.js';
import { prepareSink, type PreparedSink, type SinkOutcome } from './sinks.js';
import { stageSource } from './sources.js';
import type { CompileContext, RelationColumn, StepInput } from './steps/context.js';
import { checkedTable, REJECT_REASONS, validateOutputs } from './steps/route.js';
import type { DataFlowStep, SluiceDataFlowDocument, StepDatasetReference } from './types.js';

/** Resolves a dataset reference of a source or sink step. */
export type DatasetResolver = (reference: { referenceName: string; parameters?: Record<string, unknown> }) => Promise<ResolvedDataset>;

/** Options of {@link runDataFlow}. */
export interface RunDataFlowOptions {
  readonly resolveDataset: DatasetResolver;
  /** Values of the data flow's parameters (missing ones take their defaultValue). */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** A private local folder: staged files, sink files and DuckDB's spill files go here. */
  readonly tempDir: string;
  readonly signal?: AbortSignal;
  /** DuckDB memory limit (default `SLUICE_DUCKDB_MEMORY_LIMIT`). */
  readonly memoryLimit?: string;
  /** Makes appended file names unique (the activity run id). */
  readonly tag?: string;
  /** Preview: read at most this many rows of each source, write no sink, return rows of every step. */
  readonly previewRows?: number;
  /** Called after each step with its row count (progress, logs). */
  readonly onStep?: (step: StepOutcome) => void;
}

/** What one step produced. */
export interface StepOutcome {
  readonly name: string;
  readonly type: string;
  /** Rows of the main output (for a sink: rows written). */
  readonly rows: number;
  /** Rows of each named output (`rejected`, split outputs). */
  readonly outputs?: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

/** The output of a step in a preview. */
export interface StepPreview {
  readonly columns: readonly string[];
  readonly types: readonly string[];
  readonly rows: QueryResult['rows'];
}

/** The result of a data flow run (and of a preview). */
export interface DataFlowRunResult {
  readonly steps: readonly StepOutcome[];
  readonly sinks: readonly SinkOutcome[];
  readonly rowsWritten: number;
  readonly rowsRejected: number;
  readonly durationMs: number;
  /** Preview only: every step output (`step`, `step.output`) with its columns, types and rows. */
  readonly previews?: Readonly<Record<string, StepPreview>>;
}

/** The most rows a preview returns for one step output. */
export const PREVIEW_ROW_CAP = 10_000;

/** Step types whose output has exactly the rows of their (first) input. */
const ROW_PRESERVING = new Set(['derive', 'select', 'cast', 'sort', 'surrogateKey', 'window', 'lookup']);

function consumers(steps: readonly DataFlowStep[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const s of steps) for (const ref of s.inputs ?? []) n.set(ref.toLowerCase(), (n.get(ref.toLowerCase()) ?? 0) + 1);
  return n;
}

/** A sink step prepared during the run, published at its end. */
interface PendingSink {
  readonly step: DataFlowStep;
  readonly index: number;
  readonly sink: PreparedSink;
}

/**
 * Publishes the prepared sinks once every step has run: every file sink is first uploaded into its hidden staging
 * folder, then table sinks write (each in its own transaction), then the file sets are placed one right after the
 * other (renames or marked moves: moments, not uploads). A failure before the placements leaves no file sink
 * visible; staged files are discarded. `done` receives each outcome, in step order.
 */
async function publishSinks(pending: readonly PendingSink[], durations: Map<string, number>, done: (step: DataFlowStep, written: SinkOutcome) => void): Promise<void> {
  const timed = async <T>(p: PendingSink, work: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    try {
      return await work();
    } catch (error) {
      throw mapStepError(error, p.step, p.index);
    } finally {
      durations.set(p.step.name, (durations.get(p.step.name) ?? 0) + Date.now() - t0);
    }
  };
  const outcomes = new Map<PendingSink, SinkOutcome>();
  try {
    for (const p of pending) await timed(p, () => p.sink.stage());
    for (const p of pending) if (p.sink.table) outcomes.set(p, await timed(p, () => p.sink.publish()));
    for (const p of pending) if (!p.sink.table) outcomes.set(p, await timed(p, () => p.sink.publish()));
  } catch (error) {
    await Promise.all(pending.map((p) => p.sink.discard().catch(() => undefined)));
    throw error;
  }
  for (const p of pending) done(p.step, outcomes.get(p) as SinkOutcome);
}

/**
 * Runs (or previews) a data flow document. Throws `DATAFLOW_INVALID` for a document that cannot run
 * (naming the step and JSON pointer, DuckDB's binder errors included), `DATAFLOW_PARAMETER_INVALID`
 * for bad parameters, and the step's error otherwise.
 */
export async function runDataFlow(doc: SluiceDataFlowDocument, options: RunDataFlowOptions): Promise<DataFlowRunResult> {
  const started = Date.now();
  const signal = options.signal ?? new AbortController().signal;
  if (doc.properties.type !== 'SluiceDataFlow') {
    throw new SluiceError('DATAFLOW_INVALID', `Data flow '${doc.name}' is of type '${doc.properties.type}': Sluice runs 'SluiceDataFlow' documents (ADF's MappingDataFlow script is not supported).`, { pointer: '/properties/type' });
  }
  const plan = planDataFlow(doc.properties.typeProperties, doc.name);
  const values: Record<string, DuckDBValue> = parameterValues(plan.properties.parameters ?? {}, options.parameters ?? {});
  const preview = options.previewRows !== undefined;
  const db = await DuckSession.open({ tempDir: options.tempDir, ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}), signal });
  const stores: FileStore[] = [];
  const outcomes: StepOutcome[] = [];
  const fanOut = consumers(plan.properties.steps);
  const relations = new Map<string, { table: string; columns: RelationColumn[] }>();
  /** Row counts known so far, by output reference (`step`, `step.output`). */
  const counts = new Map<string, number>();
  /** Steps whose relation is a view: their rows are computed where they are read. */
  const views = new Set<string>();
  const durations = new Map<string, number>();
  const sinks: SinkOutcome[] = [];
  const previews: Record<string, StepPreview> = {};
  const sinkOf = new Map<string, number>();
  const pending: PendingSink[] = [];
  try {
    await createParamsTable(db, plan.properties.parameters ?? {}, values);
    const register = async (ref: string, table: string, view: boolean): Promise<void> => {
      const q = quoteIdent(table);
      relations.set(ref.toLowerCase(), { table: q, columns: await db.describe(q) });
      if (view) { views.add(ref.toLowerCase()); return; }
      const { rows } = await db.query(`SELECT count(*) AS n FROM ${q}`); // a table's count is metadata
      counts.set(ref.toLowerCase(), Number(rows[0]?.n ?? 0));
      if (preview) {
        // A join or a flatten can multiply rows: a preview shows at most PREVIEW_ROW_CAP of them (the count is exact).
        const r = await db.query(`SELECT * FROM ${q} LIMIT ${PREVIEW_ROW_CAP}`);
        previews[ref] = { columns: r.columns, types: r.types, rows: r.rows };
      }
    };
    for (const { step, index } of plan.order) {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new SluiceError('ACTIVITY_CANCELLED', 'The data flow was cancelled.');
      const t0 = Date.now();
      const inputs: StepInput[] = (step.inputs ?? []).map((ref) => {
        const rel = relations.get(ref.toLowerCase()) as { table: string; columns: RelationColumn[] };
        return { ref, table: rel.table, columns: rel.columns };
      });
      // A step read by one other step is a view (DuckDB fuses it into its reader and prunes unused columns);
      // one read by several, or with several outputs, is materialized once. Previews materialize everything.
      const shared = (fanOut.get(step.name.toLowerCase()) ?? 0) > 1 || preview;
      try {
        if (step.type === 'source') {
          const ref = step.dataset as StepDatasetReference;
          const dataset = await options.resolveDataset({ referenceName: ref.referenceName, parameters: datasetParameters(ref.parameters, values) });
          const staged = await stageSource(step, dataset, join(options.tempDir, 'stage', step.name), signal, stores, options.previewRows);
          const limit = preview ? ` LIMIT ${Math.max(0, Math.floor(options.previewRows as number))}` : '';
          // Text formats are parsed once into a table; Parquet stays a view (its row count is in its metadata).
          const view = !shared && dataset.type === 'Parquet';
          await db.run(`CREATE TEMP ${view ? 'VIEW' : 'TABLE'} ${quoteIdent(step.name)} AS SELECT * FROM ${staged.relation}${limit}`);
          await register(step.name, step.name, false);
          if (view) views.add(step.name.toLowerCase());
        } else if (step.type === 'sink') {
          const input = inputs[0] as StepInput;
          const ref = step.dataset as StepDatasetReference;
          if (preview) {
            const { rows } = await db.query(`SELECT count(*) AS n FROM ${input.table}`);
            counts.set(step.name.toLowerCase(), Number(rows[0]?.n ?? 0));
          } else {
            const dataset = await options.resolveDataset({ referenceName: ref.referenceName, parameters: datasetParameters(ref.parameters, values) });
            // Written locally now, published once every step has run (below).
            pending.push({ step, index, sink: await prepareSink(db, step, dataset, input.table, join(options.tempDir, 'sink', step.name), options.tag ?? 'run', signal, stores) });
          }
        } else {
          const ctx: CompileContext = { step, index, inputs, sql: bindSql };
          const compiled = compileStep(ctx, step.type === 'sql' ? await db.tableNames(step.query as string) : []);
          const asView = !shared && compiled.statements.length === 1 && step.type !== 'validate';
          for (const st of compiled.statements) await db.run(`CREATE TEMP ${asView ? 'VIEW' : 'TABLE'} ${quoteIdent(st.table)} AS ${st.select}`);
          if (step.type === 'validate') {
            let checked = checkedTable(step.name);
            if (step.jsonSchema !== undefined) checked = await applyJsonSchema(db, checked, step.jsonSchema as Record<string, unknown>, `${step.name}`, index);
            for (const st of validateOutputs(step.name, checked)) await db.run(`CREATE TEMP TABLE ${quoteIdent(st.table)} AS ${st.select}`);
          }
          for (const [out, table] of Object.entries(compiled.outputs)) await register(out === '' ? step.name : `${step.name}.${out}`, table, asView);
        }
      } catch (error) {
        throw mapStepError(error, step, index);
      }
      durations.set(step.name, Date.now() - t0);
    }
    await publishSinks(pending, durations, (step, written) => {
      sinks.push(written);
      counts.set(step.name.toLowerCase(), written.rowsWritten);
      sinkOf.set((step.inputs?.[0] ?? '').toLowerCase(), written.rowsWritten);
    });
    // Row counts of fused (view) steps, without running them again where the count is known: a step that
    // keeps its input's rows has its input's count; a step read only by a sink has the rows the sink wrote.
    const countOf = async (ref: string, step: DataFlowStep | undefined): Promise<number> => {
      const key = ref.toLowerCase();
      const known = counts.get(key) ?? sinkOf.get(key);
      if (known !== undefined) return known;
      let n: number;
      if (step && ROW_PRESERVING.has(step.type) && step.inputs?.[0] !== undefined) {
        const input = step.inputs[0];
        n = await countOf(input, plan.properties.steps.find((x) => x.name.toLowerCase() === (input.split('.')[0] ?? '').toLowerCase()));
      } else {
        const { rows } = await db.query(`SELECT count(*) AS n FROM ${(relations.get(key) as { table: string }).table}`);
        n = Number(rows[0]?.n ?? 0);
      }
      counts.set(key, n);
      return n;
    };
    for (const { step, index } of plan.order) {
      try {
        const outs = step.type === 'sink' ? [] : namedOutputs(step);
        const main = await countOf(step.name, step);
        const named: Record<string, number> = {};
        for (const o of outs) named[o] = await countOf(`${step.name}.${o}`, undefined);
        const outcome: StepOutcome = { name: step.name, type: step.type, rows: main, ...(outs.length ? { outputs: named } : {}), durationMs: durations.get(step.name) ?? 0 };
        outcomes.push(outcome);
        options.onStep?.(outcome);
      } catch (error) {
        throw mapStepError(error, step, index);
      }
    }
  } finally {
    db.close();
    await Promise.all(stores.map((st) => st.close().catch(() => undefined)));
  }
  const rowsRejected = outcomes.filter((o) => o.type === 'validate').reduce((n, o) => n + (o.outputs?.rejected ?? 0), 0);
  return {
    steps: outcomes,
    sinks,
    rowsWritten: sinks.reduce((n, s) => n + s.rowsWritten, 0),
    rowsRejected,
    durationMs: Date.now() - started,
    ...(preview ? { previews } : {}),
  };
}

/** The column `step.rejected` carries (the broken rule names, or JSON Schema messages). */
export { REJECT_REASONS };
