/**
 * The engine's runtime on BullMQ and Redis (Node only): starting, driving, querying, cancelling and
 * rerunning pipeline runs, and the worker that runs work activities.
 */
export { createEngine, Engine, type EngineOptions, type RerunMode, type StartRunOptions } from './engine.js';
export { EngineWorker, type WorkerOptions } from './worker.js';
export { FactoryStore, type FactoryStoreOptions, type ResourceVersion, type ResourceWithEtag, type SaveOptions, type SaveResult, type StoredResource } from './factory-store.js';
export { SECRET_MASK, SecretCipher, deriveSecretKey, generateSecretKey, isSealed, maskSecrets, sealSecrets } from './secrets.js';
export { Keys } from './keys.js';
export { LocalArtifactStore, RedisModelRegistry, type ArtifactStore } from './model-registry.js';
export { Orchestrator, type CommandSink, type StatusMessage } from './orchestrator.js';
export { openRedis, DEFAULT_REDIS_URL, type RedisConnection } from './redis.js';
export { runScript } from './scripts.js';
export type { ActivityAttempt, ActivityRun, PipelineRun, RunSummary } from './records.js';
export { RunQueries, type LogLine, type RunPage, type RunQuery } from './run-queries.js';
export { ACTIVITY_QUEUE, TIMER_QUEUE, type ActivityJobData, type TimerJobData } from './queues.js';
export * from './triggers/index.js';
