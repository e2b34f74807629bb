import type { FromSchema, JsonSchema } from '../schema/json-schema.js';
import type { ModelRegistry } from './models.js';

/** Log levels an activity can write at. Lines are kept with the activity run (bounded) and shown in monitoring. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * The logger an activity receives. Structured data goes in `data`; secrets are masked by the runtime
 * before anything is stored, so an activity cannot leak a password by logging its configuration.
 */
export interface ActivityLogger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** A progress report: any of the fields; the runtime publishes the latest one for live monitoring. */
export interface ProgressReport {
  message?: string;
  /** 0 to 1, when the activity knows how far along it is. */
  fraction?: number;
  rowsRead?: number;
  rowsWritten?: number;
  bytesRead?: number;
  bytesWritten?: number;
}

/** A linked service after its expressions are evaluated and its secrets decrypted. */
export interface ResolvedLinkedService {
  readonly name: string;
  readonly type: string;
  readonly typeProperties: Readonly<Record<string, unknown>>;
}

/** A dataset after its expressions (and `@dataset()` parameters) are evaluated, with its linked service. */
export interface ResolvedDataset {
  readonly name: string;
  readonly type: string;
  readonly typeProperties: Readonly<Record<string, unknown>>;
  /** The dataset's declared columns (`schema` in ADF), when it has them. */
  readonly schema?: ReadonlyArray<{ name: string; type?: string; precision?: number; scale?: number }>;
  readonly linkedService: ResolvedLinkedService;
}

/**
 * What an activity receives when it runs. Everything that touches the world (cancellation, logging,
 * progress, connections, scratch space) comes through here, so activities never import the runtime.
 */
export interface ActivityContext {
  /** The pipeline run this activity belongs to. */
  readonly runId: string;
  readonly pipelineName: string;
  readonly activityName: string;
  /** Unique per activity run (one per ForEach iteration); stable across retries of that run. */
  readonly activityRunId: string;
  /** 1 for the first try, 2 for the first retry … */
  readonly attempt: number;
  /**
   * Aborted when the run is cancelled or the activity's `policy.timeout` expires. Check it often and pass
   * it to every I/O call that accepts one; throw (or let the I/O throw) when it is aborted.
   */
  readonly signal: AbortSignal;
  readonly log: ActivityLogger;
  /** Reports progress; cheap to call often (the runtime throttles publishing). */
  progress(report: ProgressReport): void;
  /** The activity's `inputs` and `outputs` dataset references, resolved. */
  readonly inputs: readonly ResolvedDataset[];
  readonly outputs: readonly ResolvedDataset[];
  /** The activity's `linkedServiceName`, resolved, when it has one. */
  readonly linkedService?: ResolvedLinkedService;
  /** Resolves a dataset reference found inside typeProperties (Lookup's `dataset`, Copy's staging …). */
  resolveDataset(reference: { referenceName: string; parameters?: Record<string, unknown> }): Promise<ResolvedDataset>;
  /** Resolves a linked service reference found inside typeProperties. */
  resolveLinkedService(reference: { referenceName: string; parameters?: Record<string, unknown> }): Promise<ResolvedLinkedService>;
  /**
   * Returns a data flow document (`dataflow/<name>.json`) of the factory, as stored; `DATAFLOW_NOT_FOUND`
   * when missing. Optional so contexts built elsewhere (tests, other runtimes) need not provide it.
   */
  resolveDataFlow?(reference: { referenceName: string }): Promise<{ name: string; properties: Record<string, unknown> }>;
  /** A directory private to this attempt, removed after it ends. */
  readonly tempDir: string;
  /** The model registry and experiment tracking (Train, Predict, Evaluate); absent in contexts without one. */
  readonly models?: ModelRegistry;
}

/** Hints for the designer's form, beside the schema (not inside it, so ajv strict mode stays on). */
export interface UiHint {
  widget?: 'text' | 'textarea' | 'code' | 'sql' | 'password' | 'select' | 'checkbox' | 'number' | 'dataset' | 'linkedService' | 'pipeline' | 'dataflow' | 'keyValue' | 'json';
  order?: number;
  placeholder?: string;
  help?: string;
  group?: string;
}

/** Control-flow activities are decided by the scheduler; work activities run as jobs on workers. */
export type ActivityKind = 'control' | 'work';

/** What a registry lists about a type: everything but the code. Serialisable (the API serves it). */
export interface ActivityTypeInfo {
  /** ADF type name used in pipeline JSON (`Copy`, `Lookup`, `ForEach`). Matched case-insensitively. */
  readonly type: string;
  /** Bumped on a breaking change of `typeProperties`; older versions stay registered. */
  readonly version: number;
  readonly kind: ActivityKind;
  /** Palette group in the designer (`Move and transform`, `General`, `Iteration and conditionals` …). */
  readonly category: string;
  readonly title: string;
  readonly description: string;
  /** JSON Schema of `typeProperties` once expressions are evaluated. */
  readonly typeProperties: JsonSchema;
  /** Designer hints by JSON pointer into `typeProperties` (`/source/query`). */
  readonly uiHints?: Readonly<Record<string, UiHint>>;
  /** JSON Schema of the output, for the expression editor's completion (`@activity('X').output.…`). */
  readonly output?: JsonSchema;
}

/**
 * A work activity: its declaration and its code, in one object, per type and version.
 * `Props` is inferred from the schema, so the code and the schema cannot drift.
 */
export interface WorkActivityDefinition<Props = Record<string, unknown>, Output = Record<string, unknown>>
  extends ActivityTypeInfo {
  readonly kind: 'work';
  /**
   * Does the work. `props` are the activity's typeProperties with every expression evaluated and
   * validated against `typeProperties`. Returns what `@activity('Name').output` exposes (plain JSON).
   * Throw a `SluiceError` with a code to classify the failure (non-retryable codes are not retried).
   */
  run(context: ActivityContext, props: Props): Promise<Output>;
}

/** A control-flow activity: declared here, decided by the scheduler (it has no `run`). */
export interface ControlActivityDefinition extends ActivityTypeInfo {
  readonly kind: 'control';
}

/** Any activity type a registry can hold. */
export type ActivityDefinition = WorkActivityDefinition<never, Record<string, unknown>> | ControlActivityDefinition;

/**
 * Declares a work activity. The `typeProperties` schema is given `as const` and the type of `props`
 * in `run` follows from it.
 *
 * @example
 * export const wait = defineActivity({
 *   type: 'Echo', version: 1, category: 'General', title: 'Echo', description: 'Returns its input.',
 *   typeProperties: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false } as const,
 *   async run(_ctx, props) { return { text: props.text }; },
 * });
 */
export function defineActivity<const S extends JsonSchema, Output extends Record<string, unknown>>(
  definition: Omit<ActivityTypeInfo, 'typeProperties' | 'kind'> & {
    readonly typeProperties: S;
    run(context: ActivityContext, props: FromSchema<S>): Promise<Output>;
  },
): WorkActivityDefinition<FromSchema<S>, Output> {
  return { ...definition, kind: 'work' };
}

/** Declares a control-flow activity (the engine's own: ForEach, IfCondition, Switch, Until …). */
export function defineControlActivity(definition: Omit<ControlActivityDefinition, 'kind'>): ControlActivityDefinition {
  return { ...definition, kind: 'control' };
}
