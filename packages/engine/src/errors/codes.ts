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
  PATH_OUTSIDE_ROOT: { httpStatus: 400, retryable: false, description: 'A path would leave the root of its store (`..`, an absolute or encoded path, a symlink pointing outside a local root).' },
  STORE_AUTH_FAILED: { httpStatus: 400, retryable: false, description: 'A store or HTTP server refused the credentials of the linked service (wrong key, password or token).' },
  STORE_NOT_FOUND: { httpStatus: 404, retryable: false, description: "A linked service's store does not exist: a missing S3 bucket or local root folder." },
  STORE_UNAVAILABLE: { httpStatus: 503, retryable: true, description: 'A store or HTTP server did not answer (connection refused, DNS failure, timeout).' },
  STORE_REQUEST_FAILED: { httpStatus: 502, retryable: true, description: 'A store answered a request with an error Sluice does not classify more precisely; the message gives its code.' },
  STORE_OPERATION_UNSUPPORTED: { httpStatus: 400, retryable: false, description: 'The store cannot do this operation (listing or writing an HTTP server).' },
  LINKED_SERVICE_INVALID: { httpStatus: 400, retryable: false, description: 'A linked service lacks a setting its type needs at run time, or has one Sluice does not support (an authentication type).' },
  DATASET_LOCATION_INVALID: { httpStatus: 400, retryable: false, description: "A dataset's location is missing, of another store's type, or lacks a bucket or file name it needs." },
  REST_RESPONSE_INVALID: { httpStatus: 502, retryable: false, description: 'A REST response is not JSON, or has no array at the collection path, or a pagination rule cannot be applied.' },
  // File formats (add codes of this area below this line)
  UNSUPPORTED_FORMAT: { httpStatus: 400, retryable: false, description: 'A dataset type has no row format: only DelimitedText, Json and Parquet are read and written as rows (Binary is copied as bytes).' },
  COMPRESSION_UNSUPPORTED: { httpStatus: 400, retryable: false, description: 'A file format names a compression codec Sluice cannot read or write (bzip2, ZipDeflate, Tar, lz4, brotli …); gzip and deflate are supported for text formats, none, snappy and gzip for Parquet.' },
  ENCODING_UNSUPPORTED: { httpStatus: 400, retryable: false, description: "A file format's `encodingName` is not an encoding Sluice knows (UTF-8, UTF-16LE/BE, ISO-8859-1, windows-1252 and the other encodings of iconv-lite)." },
  CSV_MALFORMED: { httpStatus: 422, retryable: false, description: 'A delimited-text record cannot be read: an unterminated quote, a column count that differs from the header, bytes invalid for the encoding; the message names the file, line and row.' },
  JSON_INVALID: { httpStatus: 422, retryable: false, description: 'A JSON file, a JSON Lines line or an element of a JSON array is not valid JSON (or not an object); the message names the file and line.' },
  PARQUET_INVALID: { httpStatus: 422, retryable: false, description: 'A Parquet file cannot be read (truncated, corrupt, not Parquet) or a value cannot be written in its column; the message names the file.' },
  VALUE_CONVERSION_FAILED: { httpStatus: 422, retryable: false, description: "A value does not convert to its column's type (`abc` as an int32, `2024-13-45` as a date); the message names the file, row, column and reason." },
  // Databases (add codes of this area below this line)
  DB_QUERY_FAILED: { httpStatus: 400, retryable: false, description: 'The database refused a statement (syntax, unknown table or column, permission); the message gives its error code and text.' },
  DB_QUERY_TIMEOUT: { httpStatus: 504, retryable: true, description: "A statement ran (or took to return its first rows) longer than the linked service's `commandTimeout`." },
  DB_CONFLICT: { httpStatus: 409, retryable: true, description: 'The database aborted a transaction for a concurrent one (deadlock, serialization failure, lock wait timeout); trying again can succeed.' },
  DB_TABLE_NOT_FOUND: { httpStatus: 404, retryable: false, description: 'A table sink names a table that does not exist and `tableOption` is not `autoCreate`.' },
  DB_COLUMN_NOT_FOUND: { httpStatus: 400, retryable: false, description: 'Rows for a table sink carry a column the table does not have, or an upsert key is not a column.' },
  DB_ROW_REJECTED: { httpStatus: 422, retryable: false, description: 'The database refused a row written by a table sink (wrong type, NOT NULL, constraint); the message names the row number within the copy.' },
  DB_UPSERT_KEYS_NOT_UNIQUE: { httpStatus: 400, retryable: false, description: 'An upsert names keys that no unique index or primary key of the table covers exactly; create one (the sink never creates it behind your back).' },
  DB_IDENTIFIER_INVALID: { httpStatus: 400, retryable: false, description: 'A table, schema or column name is empty or contains a NUL character.' },
  // Copy and the data activities (add codes of this area below this line)
  COPY_ROW_INVALID: { httpStatus: 422, retryable: false, description: 'A source row could not be copied (malformed, wrong type, fails validation) and incompatible rows are not skipped; the message names the file, row, column and reason.' },
  COPY_MAPPING_INVALID: { httpStatus: 400, retryable: false, description: "The Copy activity's translator names a source column or path that the source does not have, or a mapping is malformed." },
  COPY_NOT_SUPPORTED: { httpStatus: 400, retryable: false, description: 'The Copy activity cannot copy between these datasets (for example Binary to a table), or a dataset type has no connector.' },
  LOOKUP_TOO_LARGE: { httpStatus: 422, retryable: false, description: 'A Lookup returned more than 5,000 rows or 4 MB (ADF’s limits); narrow the query.' },
  HTTP_REQUEST_FAILED: { httpStatus: 502, retryable: true, description: 'An HTTP request (Web activity, REST source) failed: a non-2xx status, a network error or a timeout.' },
  WEB_DESTINATION_NOT_ALLOWED: { httpStatus: 403, retryable: false, description: 'A Web activity URL names a host outside `SLUICE_WEB_ALLOWED_HOSTS`.' },
  VALIDATION_TIMEOUT: { httpStatus: 504, retryable: false, description: 'A Validation activity waited its whole `timeout` and the file or folder never met its conditions.' },
  // Data flows (add codes of this area below this line)
  DATAFLOW_INVALID: { httpStatus: 400, retryable: false, description: 'A data flow document is not valid: a step setting breaks its schema, an input names no step, the steps form a cycle, or a step refers to a column its input does not have; the message names the step and JSON pointer.' },
  DATAFLOW_PARAMETER_INVALID: { httpStatus: 400, retryable: false, description: 'A data flow parameter is missing, undeclared, or of the wrong type for its declaration.' },
  DATAFLOW_STEP_FAILED: { httpStatus: 422, retryable: false, description: 'A data flow step failed while running (a value that does not convert, a source file that cannot be read); the message names the step.' },
  DUCKDB_SQL_INVALID: { httpStatus: 400, retryable: false, description: 'DuckDB refused SQL written in a document (syntax, unknown column or function, wrong types): a parser, binder or catalog error.' },
  DUCKDB_OUT_OF_MEMORY: { httpStatus: 507, retryable: true, description: 'DuckDB ran out of memory even with spilling to disk; raise `SLUICE_DUCKDB_MEMORY_LIMIT` or free space in the temporary directory.' },
  DUCKDB_QUERY_FAILED: { httpStatus: 500, retryable: false, description: 'DuckDB failed a statement for a reason Sluice does not classify more precisely; the message gives DuckDB’s error.' },
  // API, security and configuration (add codes of this area below this line)
  PRECONDITION_FAILED: { httpStatus: 412, retryable: false, description: 'An `If-Match` or `If-None-Match` condition does not hold: the resource changed since it was read (or already exists).' },
  VERSION_NOT_FOUND: { httpStatus: 404, retryable: false, description: 'A resource has no saved version with this number (never saved, or trimmed from its history).' },
  SECRET_KEY_MISSING: { httpStatus: 500, retryable: false, description: 'A stored secret is encrypted but this process has no `SLUICE_SECRET_KEY` (or data-folder key) to decrypt it.' },
  SECRET_UNREADABLE: { httpStatus: 500, retryable: false, description: 'A stored secret does not decrypt with the configured key (the key changed, or the value was altered).' },
  SECRET_MASK_WITHOUT_VALUE: { httpStatus: 400, retryable: false, description: 'A document sends the secret mask `**********` back where no secret is stored yet: send the value itself.' },
  UNAUTHENTICATED: { httpStatus: 401, retryable: false, description: 'The request carries no API key, or one that is not valid.' },
  FORBIDDEN: { httpStatus: 403, retryable: false, description: "The API key's role is too low for this route." },
  API_KEY_NOT_FOUND: { httpStatus: 404, retryable: false, description: 'No API key has this id.' },
  ROUTE_NOT_FOUND: { httpStatus: 404, retryable: false, description: 'No API route answers this method and path.' },
  PAYLOAD_TOO_LARGE: { httpStatus: 413, retryable: false, description: 'The request body is larger than the configured body limit.' },
  RATE_LIMITED: { httpStatus: 429, retryable: true, description: 'Too many run starts in the time window: wait and try again.' },
  DATA_PLANE_UNAVAILABLE: { httpStatus: 501, retryable: false, description: 'Testing connections and previewing data need the data-plane operations, which this installation does not have.' },
  CONFIG_INVALID: { httpStatus: 500, retryable: false, description: 'The configuration (environment variables or `sluice.config.json`) is not valid; the message names the setting.' },
  PLUGIN_LOAD_FAILED: { httpStatus: 500, retryable: false, description: 'An activity package named in `SLUICE_PLUGINS` could not be loaded or exports no activities.' },
  ALERT_RULE_NOT_FOUND: { httpStatus: 404, retryable: false, description: 'No alert rule has this name.' },
  // Triggers (add codes of this area below this line)
  TRIGGER_INVALID: { httpStatus: 400, retryable: false, description: 'A trigger cannot be run as written: a time, time zone, timespan, broker connection or dependency it names is not valid (the message names the JSON pointer).' },
  TRIGGER_WINDOW_NOT_FOUND: { httpStatus: 404, retryable: false, description: 'A tumbling-window trigger has no window starting at this time (before its startTime, after its endTime, or not on its grid).' },
  TRIGGER_BROKER_UNAVAILABLE: { httpStatus: 503, retryable: true, description: "A queue-message trigger cannot reach its broker (Redis, RabbitMQ, MQTT or NATS); the trigger service retries." },
  WEBHOOK_UNAUTHORIZED: { httpStatus: 401, retryable: false, description: "A webhook request does not carry the trigger's secret (or its signature does not match)." },
  // Machine learning (add codes of this area below this line)
  ML_TRAINING_INVALID: { httpStatus: 400, retryable: false, description: 'A Train activity cannot train as asked: the target column is missing, an algorithm does not suit the task, there are too few rows or classes, or a hyperparameter is out of range.' },
  MODEL_NOT_FOUND: { httpStatus: 404, retryable: false, description: 'No registered model has this name, version or stage.' },
  MODEL_INPUT_INVALID: { httpStatus: 400, retryable: false, description: "Rows given to a model do not match its feature schema (a missing column, a value of the wrong type); the error names the row and column." },
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
