import { checkGlobalParameters, checkValue, type FactoryDocument, type GlobalParameters, type JsonSchema, type Problem } from '@sluice/engine';

/**
 * An environment file of `sluice deploy --environment FILE`: what changes between dev, test and prod when
 * one factory folder is promoted (ADF's CI/CD parameter overrides).
 *
 * ```json
 * {
 *   "linkedServices": { "Warehouse": { "host": "db.prod.internal", "password": { "fromEnvironment": "PROD_DB_PASSWORD" } } },
 *   "parameters": { "DailyLoad": { "day": "2024-03-01" } },
 *   "globalParameters": { "environment": "prod" }
 * }
 * ```
 */
export interface EnvironmentFile {
  /** ADF's factory-level global parameters: name → new value (or `{type, value}` to add one the folder lacks). */
  globalParameters?: Record<string, unknown>;
  /** Per linked service: dot paths inside its `typeProperties` → the value to set there. */
  linkedServices?: Record<string, Record<string, unknown>>;
  /** Per pipeline: parameter name → its new `defaultValue`. */
  parameters?: Record<string, Record<string, unknown>>;
}

/** JSON Schema of an environment file (ajv-checked before anything is applied). */
export const environmentSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    globalParameters: { type: 'object' },
    linkedServices: {
      type: 'object',
      additionalProperties: { type: 'object', propertyNames: { pattern: '^[^.]+(\\.[^.]+)*$' } },
    },
    parameters: { type: 'object', additionalProperties: { type: 'object' } },
  },
} as const satisfies JsonSchema;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const escape = (t: string): string => t.replace(/~/g, '~0').replace(/\//g, '~1');

/** `{"fromEnvironment": "VAR"}`: a secret taken from the deploying process's environment, sent as a SecureString. */
function fromEnvironment(value: unknown): string | undefined {
  return isObject(value) && Object.keys(value).length === 1 && typeof value.fromEnvironment === 'string' ? value.fromEnvironment : undefined;
}

/**
 * Applies an environment file to a loaded factory and returns the changed documents (copies) and the
 * problems found: a schema violation (with its JSON pointer in the file), a linked service, pipeline or
 * parameter the factory does not have, an unset `fromEnvironment` variable. Linked-service values are set at
 * a dot path inside `typeProperties` (missing objects on the way are created); a `{"fromEnvironment": "VAR"}`
 * value becomes `{"type": "SecureString", "value": $VAR}`, so a CI job can promote secrets without writing
 * them to a file. `globalParameters` set the values of the folder's global parameters (`globals`, from its
 * `factory/` document) — the result's `globalParameters` — keeping each declared type; a name the folder does not
 * declare must be given as `{type, value}`.
 */
export function applyEnvironment(
  documents: readonly FactoryDocument[], environment: unknown, file: string, env: NodeJS.ProcessEnv = process.env, globals?: GlobalParameters,
): { documents: FactoryDocument[]; problems: Problem[]; globalParameters?: GlobalParameters } {
  const problems: Problem[] = checkValue(environmentSchema, environment, '', 'SCHEMA_VIOLATION').map((p) => ({ ...p, file }));
  if (problems.length) return { documents: [...documents], problems };
  const envFile = environment as EnvironmentFile;
  const problem = (pointer: string, message: string): void => {
    problems.push({ code: 'SCHEMA_VIOLATION', severity: 'error', pointer, message, file });
  };
  let globalParameters = globals ? structuredClone(globals) : undefined;
  if (envFile.globalParameters && Object.keys(envFile.globalParameters).length) {
    globalParameters ??= {};
    for (const [name, value] of Object.entries(envFile.globalParameters)) {
      const declared = Object.keys(globalParameters).find((k) => k.toLowerCase() === name.toLowerCase());
      if (declared !== undefined) globalParameters[declared] = { type: globalParameters[declared]!.type, value };
      else if (isObject(value) && typeof value.type === 'string' && 'value' in value) globalParameters[name] = { type: value.type, value: value.value };
      else problem(`/globalParameters/${escape(name)}`, `The factory declares no global parameter '${name}' (it has: ${Object.keys(globalParameters).join(', ') || 'none'}); to add one, give {"type": …, "value": …}.`);
    }
    for (const p of checkGlobalParameters(globalParameters, '/globalParameters')) problems.push({ ...p, file });
  }
  const out = documents.map((d) => ({ ...d, doc: structuredClone(d.doc) }));
  const find = (kind: FactoryDocument['kind'], name: string): Record<string, unknown> | undefined => {
    const d = out.find((x) => x.kind === kind && isObject(x.doc) && typeof x.doc.name === 'string' && x.doc.name.toLowerCase() === name.toLowerCase());
    return d && isObject(d.doc) ? d.doc : undefined;
  };
  for (const [name, values] of Object.entries(envFile.linkedServices ?? {})) {
    const doc = find('linkedService', name);
    if (!doc) {
      problem(`/linkedServices/${escape(name)}`, `The factory has no linked service '${name}'.`);
      continue;
    }
    const props = isObject(doc.properties) ? doc.properties : (doc.properties = {});
    const typeProperties = isObject(props.typeProperties) ? props.typeProperties : (props.typeProperties = {});
    for (const [path, raw] of Object.entries(values)) {
      let value = raw;
      const variable = fromEnvironment(raw);
      if (variable !== undefined) {
        const secret = env[variable];
        if (secret === undefined || secret === '') {
          problem(`/linkedServices/${escape(name)}/${escape(path)}`, `The environment variable ${variable} is not set (fromEnvironment).`);
          continue;
        }
        value = { type: 'SecureString', value: secret };
      }
      const parts = path.split('.');
      let target = typeProperties;
      for (const part of parts.slice(0, -1)) {
        if (!isObject(target[part])) target[part] = {};
        target = target[part] as Record<string, unknown>;
      }
      target[parts[parts.length - 1] as string] = value;
    }
  }
  for (const [pipeline, values] of Object.entries(envFile.parameters ?? {})) {
    const doc = find('pipeline', pipeline);
    if (!doc) {
      problem(`/parameters/${escape(pipeline)}`, `The factory has no pipeline '${pipeline}'.`);
      continue;
    }
    const declared = isObject(doc.properties) && isObject(doc.properties.parameters) ? doc.properties.parameters : {};
    for (const [param, value] of Object.entries(values)) {
      const spec = Object.entries(declared).find(([k]) => k.toLowerCase() === param.toLowerCase())?.[1];
      if (!isObject(spec)) {
        problem(`/parameters/${escape(pipeline)}/${escape(param)}`, `The pipeline '${pipeline}' declares no parameter '${param}' (it has: ${Object.keys(declared).join(', ') || 'none'}).`);
        continue;
      }
      spec.defaultValue = value;
    }
  }
  return { documents: out, problems, ...(globalParameters ? { globalParameters } : {}) };
}
