import { isSluiceError } from '../errors/index.js';
import type { JsonValue } from '../expressions/values.js';
import { globalParametersSchema, type GlobalParameters } from '../model/global-parameters.js';
import { coerceParameter } from '../scheduler/parameters.js';
import type { Problem } from './problem.js';
import { checkValue } from './schema-check.js';

const escape = (t: string): string => t.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Checks a set of global parameters: the shape (`{name: {type, value}}`, known types) and that each value is
 * of its type (`"5"` is an Int, as for pipeline parameters). Problems point below `basePointer`.
 */
export function checkGlobalParameters(value: unknown, basePointer = ''): Problem[] {
  const problems = checkValue(globalParametersSchema, value, basePointer, 'SCHEMA_VIOLATION');
  if (problems.length) return problems;
  for (const [name, p] of Object.entries(value as GlobalParameters)) {
    const pointer = `${basePointer}/${escape(name)}/value`;
    try {
      coerceParameter(name, p.type, p.value, pointer);
    } catch (e) {
      if (!isSluiceError(e)) throw e;
      problems.push({ code: e.code, severity: 'error', pointer, message: `Global parameter ${e.message.replace(/^Parameter /, '')}` });
    }
  }
  return problems;
}

/** The values `@pipeline().globalParameters` holds: each value coerced to its type. Check first: throws on a bad one. */
export function globalParameterValues(parameters: GlobalParameters): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [name, p] of Object.entries(parameters)) out[name] = coerceParameter(name, p.type, p.value, `/${escape(name)}/value`);
  return out;
}
