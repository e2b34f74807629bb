/**
 * The model registry as activities see it: experiment tracking (every training run with its parameters,
 * metrics, lineage and artifact) and versioned models with stages, the job MLflow's tracking server and
 * registry do. The contract is here so Train, Predict and Evaluate stay runtime-free; the engine's runtime
 * implements it on Redis (metadata) and an artifact store (the model bytes).
 */

/** A model version's lifecycle stage. */
export type ModelStage = 'none' | 'staging' | 'production' | 'archived';

/** Where the data of a training run came from. */
export interface DataLineage {
  readonly dataset: string;
  readonly rows: number;
  readonly runId: string;
  readonly pipelineName: string;
  readonly activityName: string;
}

/** One training run, as recorded for experiment tracking. */
export interface TrainingRunRecord {
  readonly id: string;
  readonly experiment: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly algorithm: string;
  readonly task: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly lineage: DataLineage;
  /** The version it registered, when it registered one. */
  readonly model?: { readonly name: string; readonly version: number };
}

/** A registered model version (without its artifact bytes). */
export interface ModelVersion {
  readonly name: string;
  readonly version: number;
  readonly stage: ModelStage;
  readonly createdAt: string;
  readonly algorithm: string;
  readonly task: string;
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly params: Readonly<Record<string, unknown>>;
  /** Input columns and kinds: the serving endpoint validates rows against it. */
  readonly featureSchema: ReadonlyArray<{ name: string; type: string }>;
  readonly trainingRunId: string;
  /** Where the artifact is (store-specific, e.g. `models/churn/3/model.json`). */
  readonly artifactLocation: string;
  readonly artifactBytes: number;
}

/** How Predict and Evaluate name the model to use: a version, a stage, or (neither) the latest. */
export interface ModelSelector {
  readonly version?: number;
  readonly stage?: ModelStage;
}

/** The registry. */
export interface ModelRegistry {
  /** Records a training run and, when `register` is given, stores its artifact as a new model version. */
  recordTraining(
    run: Omit<TrainingRunRecord, 'id' | 'model'>,
    register?: { readonly name: string; readonly artifact: string; readonly featureSchema: ModelVersion['featureSchema'] },
  ): Promise<{ trainingRun: TrainingRunRecord; model?: ModelVersion }>;
  /** A model version by selector; `MODEL_NOT_FOUND` when there is none. */
  getVersion(name: string, selector?: ModelSelector): Promise<ModelVersion>;
  /** The artifact (JSON text) of a version. */
  loadArtifact(version: ModelVersion): Promise<string>;
  /** Moves a version to a stage; moving one to `production` archives the previous production version. */
  setStage(name: string, version: number, stage: ModelStage): Promise<ModelVersion>;
  /** Every model with its latest version. */
  listModels(): Promise<ModelVersion[]>;
  /** Every version of a model, newest first. */
  listVersions(name: string): Promise<ModelVersion[]>;
  /** Training runs, newest first, of one experiment or all. */
  listTrainingRuns(options?: { experiment?: string; limit?: number }): Promise<TrainingRunRecord[]>;
}
