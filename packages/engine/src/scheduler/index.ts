/**
 * The pure scheduler: ADF's run semantics as `(state, event, env) → (state, commands)`. Isomorphic (no
 * Node imports): the runtime drives it with BullMQ, tests and the designer's preview drive it by hand.
 */
export { createRunState, type CreateRunInput } from './create-run.js';
export { step, stepAll } from './step.js';
export { createRerunState, type RerunMode } from './rerun.js';
export { parseTimeSpan, parsePolicy, DEFAULT_ACTIVITY_TIMEOUT_MS, DEFAULT_RETRY_INTERVAL_SECONDS } from './policy.js';
export { DEFAULT_BATCH_COUNT, DEFAULT_UNTIL_TIMEOUT_MS, MAX_BATCH_COUNT, MAX_SYNC_UNTIL_ITERATIONS } from './containers.js';
export { coerceParameter } from './parameters.js';
export {
  isTerminalActivityStatus,
  isTerminalRunStatus,
  type ActivityError,
  type ActivityPolicy,
  type ActivityRunState,
  type ActivityStatus,
  type FrameState,
  type InvokedBy,
  type RunCommand,
  type RunEvent,
  type RunState,
  type RunStatus,
  type StepEnv,
  type StepResult,
} from './types.js';
