/**
 * The values ADF's expression language computes with.
 *
 * ADF distinguishes integers from floats (`div(7, 2)` is 3, `div(7.0, 2)` is 3.5), but JavaScript has one
 * number type. The rule here:
 * - an integer is a JS `number` that is an integer, or a `bigint` when it is outside the safe range
 *   (ticks are 64-bit: `ticks(...)` needs more than 53 bits);
 * - a float is a JS `number` that is not an integer, or an {@link ExprFloat} wrapping an integral float
 *   (so `2.0` stays a float through later arithmetic).
 * XML and binary values have their own wrappers. {@link toJson} turns any value into plain JSON at the edge.
 */

/** A float whose value happens to be integral (`2.0`, `mul(1.5, 2)`): kept apart from the integer 2. */
export class ExprFloat {
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value;
  }
}

/** An XML document produced by `xml()`; `xpath()` reads it. Serialises to its XML text. */
export class ExprXml {
  constructor(readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

/** Binary content produced by `binary()`, `base64ToBinary()`, `dataUriToBinary()` … */
export class ExprBinary {
  constructor(readonly bytes: Uint8Array) {}
  toJSON(): string {
    let s = '';
    for (const b of this.bytes) s += b.toString(2).padStart(8, '0');
    return s;
  }
}

/** Any value an expression can produce or receive. Objects are plain (prototype Object or null). */
export type Value =
  | null
  | boolean
  | string
  | number
  | bigint
  | ExprFloat
  | ExprXml
  | ExprBinary
  | Value[]
  | { [key: string]: Value };

/** A plain JSON value, what an expression's result becomes outside the evaluator. */
export type JsonValue = null | boolean | string | number | JsonValue[] | { [key: string]: JsonValue };

/** True for plain objects (not arrays, not wrappers, not null). */
export function isPlainObject(v: unknown): v is { [key: string]: Value } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** True for integers (safe `number` integers and `bigint`). */
export function isInteger(v: unknown): v is number | bigint {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
}

/** True for floats: non-integral numbers and {@link ExprFloat}. */
export function isFloat(v: unknown): v is number | ExprFloat {
  return v instanceof ExprFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/** True for any numeric value (integer or float). */
export function isNumeric(v: unknown): v is number | bigint | ExprFloat {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof ExprFloat;
}

/** The JS number of a numeric value (a bigint may lose precision; use {@link toBigInt} for exact integer math). */
export function toJsNumber(v: number | bigint | ExprFloat): number {
  if (v instanceof ExprFloat) return v.value;
  return typeof v === 'bigint' ? Number(v) : v;
}

/** The exact bigint of an integer value. */
export function toBigInt(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

/** Makes a float value: wraps integral results so they stay floats. */
export function makeFloat(n: number): number | ExprFloat {
  return Number.isInteger(n) ? new ExprFloat(n) : n;
}

/** Makes an integer value from a bigint: a `number` when safe, the `bigint` otherwise. */
export function makeInteger(n: bigint | number): number | bigint {
  if (typeof n === 'number') return n;
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/**
 * The ADF type name of a value, as used in error messages ("expected Integer but got String").
 */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'Null';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'string') return 'String';
  if (isInteger(v)) return 'Integer';
  if (isFloat(v)) return 'Float';
  if (v instanceof ExprXml) return 'Xml';
  if (v instanceof ExprBinary) return 'Binary';
  if (Array.isArray(v)) return 'Array';
  return 'Object';
}

/**
 * ADF's equality (used by `equals`, `contains`, `union`, `intersection` …): numbers compare by value
 * whatever their kind, strings case-sensitively, arrays and objects deeply.
 */
export function valuesEqual(a: Value, b: Value): boolean {
  if (isNumeric(a) && isNumeric(b)) {
    if (typeof a === 'bigint' || typeof b === 'bigint') {
      if (isInteger(a) && isInteger(b)) return toBigInt(a) === toBigInt(b);
      return toJsNumber(a) === toJsNumber(b);
    }
    return toJsNumber(a) === toJsNumber(b);
  }
  if (a === null || b === null) return a === b;
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a instanceof ExprXml || b instanceof ExprXml) return a instanceof ExprXml && b instanceof ExprXml && a.text === b.text;
  if (a instanceof ExprBinary || b instanceof ExprBinary) {
    if (!(a instanceof ExprBinary && b instanceof ExprBinary) || a.bytes.length !== b.bytes.length) return false;
    return a.bytes.every((x, i) => x === b.bytes[i]);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => valuesEqual(x, b[i] as Value));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  const bo = b as { [key: string]: Value };
  return ka.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && valuesEqual((a as { [key: string]: Value })[k] as Value, bo[k] as Value));
}

/**
 * Converts an expression value to plain JSON: floats unwrap, bigints become numbers, XML and binary
 * serialise as their `toJSON`.
 *
 * Note: a bigint beyond 2^53 becomes the nearest JS number. Callers that must keep all 64 bits (the
 * CLI's JSON output) use {@link stringifyValue} instead.
 */
export function toJson(v: Value): JsonValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof ExprFloat) return v.value;
  if (v instanceof ExprXml || v instanceof ExprBinary) return v.toJSON();
  if (Array.isArray(v)) return v.map(toJson);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)])) as { [key: string]: JsonValue };
}

/** JSON text of a value that keeps 64-bit integers exact (bigints are written as bare digits). */
export function stringifyValue(v: Value, indent?: number): string {
  // A private-use character: JSON.stringify leaves it as it is (it escapes control characters), and no
  // real string starts with it followed by this tag.
  const marker = '\uE000bigint:';
  const text = JSON.stringify(
    v,
    (_k, x: unknown) => (typeof x === 'bigint' ? `${marker}${x.toString()}` : x),
    indent,
  );
  return text.replace(new RegExp(`"${marker}(-?\\d+)"`, 'g'), '$1');
}

/**
 * Converts plain JSON (from a context file, a run's parameters, an activity's output) into expression
 * values. JSON numbers that are integers become integers; others floats.
 */
export function fromJson(v: unknown): Value {
  if (v === undefined) return null;
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') return v;
  if (v instanceof ExprFloat || v instanceof ExprXml || v instanceof ExprBinary) return v;
  if (Array.isArray(v)) return v.map(fromJson);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    // Object.fromEntries defines own properties, so a JSON key "__proto__" stays data, not a prototype.
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).map(([k, x]) => [k, fromJson(x)]),
    ) as { [key: string]: Value };
  }
  return String(v);
}
