/**
 * The one registry of Sluice's error codes.
 *
 * Every error Sluice raises carries one of these codes. A code is stable: clients (the designer, scripts,
 * the worker's retry logic) branch on it, never on a message or a class, because errors cross process
 * boundaries (BullMQ, HTTP) as plain data. Each code says which HTTP status the API answers with and whether
 * retrying the same operation can help.
 */
export interface ErrorCodeInfo {
  /** HTTP status the API uses when this error reaches a client. */
  readonly httpStatus: number;
  /** True when the same operation may succeed if tried again (network blips, locks); false for bad input. */
  readonly retryable: boolean;
  /** One sentence for the docs: when this code is raised. */
  readonly description: string;
}

const define = <T extends Record<string, ErrorCodeInfo>>(codes: T): T => codes;

/** All error codes, by name. `docs/errors.md` is kept in step with this table by a test. */
export const ERROR_CODES = define({
  // Pipeline and factory documents
  SCHEMA_VIOLATION: { httpStatus: 400, retryable: false, description: 'A document does not match its JSON Schema.' },
  INVALID_JSON: { httpStatus: 400, retryable: false, description: 'A file or request body is not valid JSON.' },
  DUPLICATE_ACTIVITY_NAME: { httpStatus: 400, retryable: false, description: 'Two activities of one pipeline share a name (names are unique across nesting, compared case-insensitively).' },
  DEPENDENCY_NOT_FOUND: { httpStatus: 400, retryable: false, description: '`dependsOn` names an activity that does not exist.' },
  DEPENDENCY_OUT_OF_SCOPE: { httpStatus: 400, retryable: false, description: '`dependsOn` names an activity that exists in another scope (inside or outside a container).' },
  DEPENDENCY_ON_SELF: { httpStatus: 400, retryable: false, description: 'An activity depends on itself.' },
  PIPELINE_CYCLE: { httpStatus: 400, retryable: false, description: 'The `dependsOn` edges of one scope form a cycle; the message lists its path.' },
  UNSUPPORTED_ACTIVITY_TYPE: { httpStatus: 400, retryable: false, description: 'No registered activity type has this name.' },
  UNSUPPORTED_LINKED_SERVICE_TYPE: { httpStatus: 400, retryable: false, description: 'No registered linked service type has this name.' },
  UNSUPPORTED_DATASET_TYPE: { httpStatus: 400, retryable: false, description: 'No registered dataset type has this name.' },
  UNSUPPORTED_TRIGGER_TYPE: { httpStatus: 400, retryable: false, description: 'No trigger type has this name.' },
  TYPE_PROPERTIES_INVALID: { httpStatus: 400, retryable: false, description: "`typeProperties` do not match the type's own JSON Schema." },
  PARAMETER_NOT_FOUND: { httpStatus: 400, retryable: false, description: 'An expression reads a pipeline, dataset or linked-service parameter that is not declared.' },
  VARIABLE_NOT_FOUND: { httpStatus: 400, retryable: false, description: 'An expression or a Set/Append Variable activity names a variable that is not declared.' },
  ACTIVITY_NOT_FOUND: { httpStatus: 400, retryable: false, description: "`@activity('X')` names an activity that does not exist." },
  ACTIVITY_NOT_UPSTREAM: { httpStatus: 400, retryable: false, description: "`@activity('X')` names an activity that is not guaranteed to have run before (it is not upstream)." },
  ITEM_OUTSIDE_FOREACH: { httpStatus: 400, retryable: false, description: '`@item()` is used outside a ForEach.' },
  DATASET_NOT_FOUND: { httpStatus: 404, retryable: false, description: 'A dataset reference names a dataset missing from the factory.' },
  LINKED_SERVICE_NOT_FOUND: { httpStatus: 404, retryable: false, description: 'A linked service reference names one missing from the factory.' },
  PIPELINE_NOT_FOUND: { httpStatus: 404, retryable: false, description: 'A pipeline reference names a pipeline missing from the factory.' },
  TRIGGER_NOT_FOUND: { httpStatus: 404, retryable: false, description: 'A trigger reference names a trigger missing from the factory.' },
  DATAFLOW_NOT_FOUND: { httpStatus: 404, retryable: false, description: 'A data flow reference names a data flow missing from the factory.' },
  RESOURCE_NAME_MISMATCH: { httpStatus: 400, retryable: false, description: "A factory file's name does not match the `name` inside it." },
  DUPLICATE_RESOURCE_NAME: { httpStatus: 400, retryable: false, description: 'Two resources of one kind in a factory share a name.' },
  REQUIRED_PARAMETER_MISSING: { httpStatus: 400, retryable: false, description: 'A parameter without a default value was not given a value.' },
  PARAMETER_TYPE_MISMATCH: { httpStatus: 400, retryable: false, description: 'A parameter value does not match its declared type.' },
  // Expressions
  EXPRESSION_SYNTAX: { httpStatus: 400, retryable: false, description: 'An expression does not parse; the error gives the position.' },
  EXPRESSION_UNKNOWN_FUNCTION: { httpStatus: 400, retryable: false, description: 'An expression calls a function that does not exist.' },
  EXPRESSION_ARITY: { httpStatus: 400, retryable: false, description: 'A function is called with too few or too many arguments.' },
  EXPRESSION_TYPE: { httpStatus: 400, retryable: false, description: 'A function or operator received a value of the wrong type.' },
  EXPRESSION_PROPERTY_NOT_FOUND: { httpStatus: 400, retryable: false, description: 'A property does not exist on the value (use `?.` to get null instead).' },
  EXPRESSION_INDEX_OUT_OF_RANGE: { httpStatus: 400, retryable: false, description: 'An array index is outside the array (use `?[` to get null instead).' },
  EXPRESSION_EVALUATION: { httpStatus: 400, retryable: false, description: 'A function failed on its arguments (bad format, bad date, division by zero …).' },
  EXPRESSION_SCOPE: { httpStatus: 400, retryable: false, description: "A scope function (`item()`, `trigger()` …) is used where its scope does not exist." },
  // Activities
  ACTIVITY_TYPE_DUPLICATE: { httpStatus: 409, retryable: false, description: 'An activity type with this name and version is already registered.' },
  TYPE_DUPLICATE: { httpStatus: 409, retryable: false, description: 'A dataset or linked-service type with this name is already in its catalog.' },
  TYPE_DEFINITION_INVALID: { httpStatus: 500, retryable: false, description: 'A dataset or linked-service type declaration is malformed (bad name), or a declared JSON Schema does not compile in strict mode.' },
  ACTIVITY_DEFINITION_INVALID: { httpStatus: 500, retryable: false, description: "An activity package's definition is malformed (bad name, version or schema)." },
  ACTIVITY_TIMEOUT: { httpStatus: 500, retryable: true, description: "An activity ran longer than its `policy.timeout`." },
  ACTIVITY_CANCELLED: { httpStatus: 409, retryable: false, description: 'An activity was cancelled.' },
  ACTIVITY_FAILED: { httpStatus: 500, retryable: true, description: 'An activity failed for a reason its own code does not classify.' },
  VARIABLE_TYPE_MISMATCH: { httpStatus: 400, retryable: false, description: 'A Set Variable or Append Variable activity gives a variable a value of another type than the one declared (or appends to a variable that is not an Array).' },
  // Runs
  RERUN_INVALID: { httpStatus: 400, retryable: false, description: 'A rerun cannot be made as asked: the run has not ended, nothing failed, or the activity to rerun from is not a top-level activity of the pipeline.' },
  RUN_NOT_FOUND: { httpStatus: 404, retryable: false, description: 'No pipeline run has this id (it never existed, or retention removed it).' },
  RUN_NOT_FINISHED: { httpStatus: 409, retryable: false, description: 'The operation needs a finished run (rerun), but the run is still going.' },
  RUN_STATE_CORRUPT: { httpStatus: 500, retryable: false, description: "A run's stored state could not be read; the run is ended as Failed." },
  WORKER_LOST: { httpStatus: 500, retryable: true, description: 'The worker running an activity stopped (crash, SIGKILL, lost connection) and the activity used up its attempts.' },
  WAIT_TIMEOUT: { httpStatus: 504, retryable: true, description: 'Waiting for a run to finish took longer than the caller allowed.' },
  REDIS_UNAVAILABLE: { httpStatus: 503, retryable: true, description: 'Redis does not answer at the configured URL.' },
  // Stores and connections (add codes of this area below this line)
  // File formats (add codes of this area below this line)
  // Databases (add codes of this area below this line)
  // Copy and the data activities (add codes of this area below this line)
  // Data flows (add codes of this area below this line)
  // API, security and configuration (add codes of this area below this line)
  // Triggers (add codes of this area below this line)
  // Machine learning (add codes of this area below this line)
  // Files and the command line
  FILE_NOT_FOUND: { httpStatus: 404, retryable: false, description: 'A file or folder named on the command line or in a request does not exist.' },
  INTERNAL: { httpStatus: 500, retryable: false, description: 'A bug in Sluice: the stack is logged, never returned.' },
});

/** A stable error code: one of the keys of {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** True when `code` is a registered error code. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}
