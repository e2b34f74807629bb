import type { ActivityRegistry, ResolvedDataset, ResolvedLinkedService, ResourceKind, TypeCatalog, ValidationCatalog } from '@sluice/engine';
import type { Engine } from '@sluice/engine/runtime';
import type { ApiKeyStore } from './api-keys.js';
import type { AuditLog } from './audit.js';
import type { Metrics } from './metrics.js';
import type { RunEventHub } from './run-events.js';

/** The types the server knows (the catalog of `createCatalog()`), with listable dataset and linked-service types. */
export interface ServerCatalog {
  readonly activities: ActivityRegistry;
  readonly datasetTypes?: TypeCatalog;
  readonly linkedServiceTypes?: TypeCatalog;
  /** Data-flow step types (`describeStepTypes()` of `@sluice/activities`), served to the designer; none when absent. */
  readonly dataFlowStepTypes?: readonly DataFlowStepType[];
  /** Checks of data-flow content by type (see `ValidationCatalog`), run when a data flow is saved or validated. */
  readonly dataFlowChecks?: ValidationCatalog['dataFlowChecks'];
}

/**
 * A data-flow step type as `GET /api/dataflow-step-types` answers it. Declared here, structurally, so the
 * server does not import `@sluice/activities`: `createCatalog()` fills it from there.
 */
export interface DataFlowStepType {
  readonly type: string;
  readonly title: string;
  readonly category: string;
  readonly description: string;
  /** Inputs a step takes; `max` null when unbounded. */
  readonly inputs: { readonly min: number; readonly max: number | null };
  /** Outputs besides the main one (`step.rejected`). */
  readonly namedOutputs: readonly string[];
  /** True when the settings name further outputs (`outputs[].name`, `defaultOutput`). */
  readonly outputsFromSettings: boolean;
  /** JSON Schema of the step's settings. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** UI hints by JSON pointer into the settings. */
  readonly uiHints?: Readonly<Record<string, object>>;
}

/**
 * The data-plane operations behind "test connection" and "preview data" (`@sluice/activities`'
 * `testLinkedService` / `previewDataset`). Injected so the server does not depend on which connectors exist.
 */
export interface DataPlane {
  testLinkedService(resolved: ResolvedLinkedService, signal: AbortSignal): Promise<unknown>;
  previewDataset(resolved: ResolvedDataset, rows: number, signal: AbortSignal): Promise<unknown>;
  /** Runs a data flow document on the first rows of each source and answers every step's output (`previewDataFlow`). */
  previewDataFlow?(doc: Readonly<Record<string, unknown>>, options: DataFlowPreviewRequest): Promise<unknown>;
}

/** What the data-flow preview route hands to {@link DataPlane.previewDataFlow}. */
export interface DataFlowPreviewRequest {
  readonly rows: number;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly resolveDataset: (ref: { referenceName: string; parameters?: Record<string, unknown> }) => Promise<ResolvedDataset>;
  readonly signal: AbortSignal;
}

/** What every route plugin receives as its options. */
export interface ServerContext {
  engine: Engine;
  catalog: ServerCatalog;
  apiKeys: ApiKeyStore;
  audit: AuditLog;
  metrics: Metrics;
  /** Every run's status messages, from one subscription. */
  events: RunEventHub;
  dataPlane: DataPlane | undefined;
  /** Run starts allowed per key and minute. */
  rateLimit: number;
  /** Milliseconds between SSE heartbeat comments. */
  heartbeatMs: number;
}

/** The URL segment of each resource kind. */
export const KIND_SEGMENTS: ReadonlyArray<readonly [string, ResourceKind]> = [
  ['pipelines', 'pipeline'], ['datasets', 'dataset'], ['linkedservices', 'linkedService'], ['dataflows', 'dataflow'], ['triggers', 'trigger'],
];

/** A resource name in a URL (ADF's rule: letters, digits, `_`, `-`, `.`, spaces; no path separators). */
export const NAME_SCHEMA = { type: 'string', minLength: 1, maxLength: 260, pattern: '^[^/\\\\?#<>*%&:]+$' } as const;
