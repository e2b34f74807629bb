/**
 * ADF's `ExecuteDataFlow` activity: runs a Sluice data flow (from the factory's `dataflow/` folder) on
 * DuckDB with the given parameters. Its output — rows written per sink, rows rejected, the row count
 * and duration of every step — is what monitoring shows and `@activity('X').output` exposes.
 */
import { defineActivity, SluiceError, type ActivityContext } from '@sluice/engine';
import { runDataFlow } from './runner.js';
import type { SluiceDataFlowDocument } from './types.js';

const typeProperties = {
  type: 'object',
  properties: {
    dataflow: {
      type: 'object',
      title: 'Data flow',
      properties: {
        referenceName: { type: 'string', minLength: 1 },
        type: { const: 'DataFlowReference' },
        parameters: { type: 'object', title: 'Parameters' },
        datasetParameters: { type: 'object', title: 'Dataset parameters (ADF; use $parameters in the flow instead)' },
      },
      required: ['referenceName'],
      additionalProperties: false,
    },
    compute: { type: 'object', title: 'Compute (ADF; ignored: data flows run on the worker)' },
    traceLevel: { type: 'string' },
    // ADF's other settings, accepted so exported pipelines validate, and ignored (no Spark cluster, no staging).
    staging: { type: 'object' },
    integrationRuntime: { type: 'object' },
    continueOnError: { type: 'boolean' },
    runConcurrently: { type: 'boolean' },
    sourceStagingConcurrency: { type: 'integer' },
    memoryLimit: { type: 'string', title: 'DuckDB memory limit (Sluice)', pattern: '^\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)$' },
  },
  required: ['dataflow'],
  additionalProperties: false,
} as const;

/** The activity's typeProperties once evaluated (what the schema above admits). */
interface ExecuteDataFlowProps {
  dataflow: { referenceName: string; type?: 'DataFlowReference'; parameters?: Record<string, unknown> };
  memoryLimit?: string;
}

/** What `@activity('X').output` of an ExecuteDataFlow holds. */
type ExecuteDataFlowOutput = Record<string, unknown>;

/** The ExecuteDataFlow activity. */
export const executeDataFlowActivity = defineActivity<typeof typeProperties, ExecuteDataFlowOutput>({
  type: 'ExecuteDataFlow',
  version: 1,
  category: 'Move and transform',
  title: 'Data flow',
  description: 'Runs a Sluice data flow (steps compiled to DuckDB SQL) with parameters; reports rows written per sink, rows rejected and every step’s row count.',
  typeProperties,
  run: (ctx, props) => runExecuteDataFlow(ctx, props as unknown as ExecuteDataFlowProps),
});

/** Resolves the data flow, runs it, and shapes the output monitoring shows. */
async function runExecuteDataFlow(ctx: ActivityContext, props: ExecuteDataFlowProps): Promise<ExecuteDataFlowOutput> {
  if (!ctx.resolveDataFlow) {
    throw new SluiceError('UNSUPPORTED_ACTIVITY_TYPE', 'This worker cannot read data flow documents (its runtime predates ExecuteDataFlow).');
  }
  const doc = (await ctx.resolveDataFlow({ referenceName: props.dataflow.referenceName })) as SluiceDataFlowDocument;
  ctx.log.info(`Running data flow '${doc.name}'.`);
  const result = await runDataFlow(doc, {
    resolveDataset: (ref) => ctx.resolveDataset(ref),
    parameters: (props.dataflow.parameters ?? {}) as Record<string, unknown>,
    tempDir: ctx.tempDir,
    signal: ctx.signal,
    tag: ctx.activityRunId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 24) || 'run',
    ...(props.memoryLimit ? { memoryLimit: props.memoryLimit } : {}),
    onStep: (s) => {
      ctx.log.info(`Step '${s.name}' (${s.type}): ${s.rows} row(s) in ${s.durationMs} ms.`, s.outputs ? { outputs: s.outputs } : undefined);
      ctx.progress({ message: `step ${s.name}: ${s.rows} rows` });
    },
  });
  ctx.progress({ fraction: 1, rowsWritten: result.rowsWritten });
  return {
    dataflow: doc.name,
    rowsWritten: result.rowsWritten,
    rowsRejected: result.rowsRejected,
    durationMs: result.durationMs,
    sinks: Object.fromEntries(result.sinks.map((s) => [s.step, { dataset: s.dataset, rowsWritten: s.rowsWritten, bytesWritten: s.bytesWritten, files: s.targets }])),
    steps: Object.fromEntries(result.steps.map((s) => [s.name, { type: s.type, rows: s.rows, durationMs: s.durationMs, ...(s.outputs ? { outputs: s.outputs } : {}) }])),
  };
}
