import { SluiceError } from '../errors/index.js';
import { fromJson, isPlainObject, toJson, typeName, type JsonValue } from '../expressions/values.js';

/**
 * Pipeline parameter values, checked and coerced against their declared types (String, Int, Float, Bool,
 * Array, Object, SecureString, any casing). Values from the command line arrive as strings (`-p n=5`),
 * and ADF's Execute Pipeline passes arrays as strings to the child, so a string is converted when it
 * spells a value of the declared type: "5" for Int, "true" for Bool, JSON text for Array and Object.
 */

function mismatch(name: string, type: string, value: unknown, pointer: string): SluiceError {
  const shown = JSON.stringify(value);
  return new SluiceError(
    'PARAMETER_TYPE_MISMATCH',
    `Parameter '${name}' is declared as ${type}, but its value ${shown === undefined ? String(value) : shown.slice(0, 100)} (${typeName(fromJson(value))}) is not one.`,
    { pointer },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Coerces a parameter value to its declared type, or throws `PARAMETER_TYPE_MISMATCH` at `pointer`. */
export function coerceParameter(name: string, type: string, value: unknown, pointer: string): JsonValue {
  if (value === null) return null;
  const t = type.toLowerCase();
  switch (t) {
    case 'string':
    case 'securestring':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw mismatch(name, type, value, pointer);
    case 'int': {
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value);
      throw mismatch(name, type, value, pointer);
    }
    case 'float': {
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      throw mismatch(name, type, value, pointer);
    }
    case 'bool':
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^\s*(true|false)\s*$/i.test(value)) return value.trim().toLowerCase() === 'true';
      throw mismatch(name, type, value, pointer);
    case 'array': {
      const v = typeof value === 'string' ? parseJson(value) : value;
      if (Array.isArray(v)) return toJson(fromJson(v));
      throw mismatch(name, type, value, pointer);
    }
    case 'object': {
      const v = typeof value === 'string' ? parseJson(value) : value;
      if (isPlainObject(v)) return toJson(fromJson(v));
      throw mismatch(name, type, value, pointer);
    }
    default:
      return toJson(fromJson(value));
  }
}

/**
 * The parameters of a run: given values matched to the declarations case-insensitively and stored under
 * the declared name, defaults (literals, as in ADF) for the rest. Throws `REQUIRED_PARAMETER_MISSING`
 * for a parameter with neither, `PARAMETER_NOT_FOUND` for a value given to an undeclared parameter.
 */
export function resolveParameters(declared: unknown, given: Record<string, unknown>): Record<string, JsonValue> {
  const specs = isPlainObject(declared) ? (declared as Record<string, unknown>) : {};
  const byLower = new Map(Object.keys(specs).map((k) => [k.toLowerCase(), k]));
  const values = new Map<string, unknown>();
  for (const [name, value] of Object.entries(given)) {
    const declaredName = byLower.get(name.toLowerCase());
    if (declaredName === undefined) {
      const known = Object.keys(specs);
      throw new SluiceError('PARAMETER_NOT_FOUND', `Parameter '${name}' is not declared by the pipeline (${known.length ? `declared: ${known.join(', ')}` : 'it declares none'}).`, { pointer: '/properties/parameters' });
    }
    values.set(declaredName, value);
  }
  const out: Record<string, JsonValue> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const type = isPlainObject(spec) && typeof spec.type === 'string' ? spec.type : '';
    const pointer = `/properties/parameters/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (values.has(name)) {
      out[name] = coerceParameter(name, type, values.get(name), pointer);
    } else if (isPlainObject(spec) && spec.defaultValue !== undefined) {
      out[name] = coerceParameter(name, type, spec.defaultValue, `${pointer}/defaultValue`);
    } else {
      throw new SluiceError('REQUIRED_PARAMETER_MISSING', `Parameter '${name}' (${type || 'untyped'}) has no default value and was not given one.`, { pointer });
    }
  }
  return out;
}
