import type { CallSite } from '../context.js';
import { valueToString } from '../stringify.js';
import { isPlainObject, typeName, valuesEqual, type Value } from '../values.js';
import { arg, arrayArg, hasArg, intArg, objectArg, stringArg } from './args.js';
import { compareValues } from './compare.js';
import { fn, type ExpressionFunction } from './types.js';

type Dict = { [key: string]: Value };

function expected(call: CallSite, index: number, what: string, got: Value): never {
  return call.fail(
    `The template language function '${call.name}' expects its parameter ${index + 1} to be ${what}. The provided value is of type '${typeName(got)}'.`,
    'EXPRESSION_TYPE',
  );
}

/** A string or an array argument (the collections `length`, `first`, `take` … accept). */
function sequenceArg(args: Value[], index: number, call: CallSite): string | Value[] {
  const v = arg(args, index);
  if (typeof v === 'string' || Array.isArray(v)) return v;
  return expected(call, index, 'an array or a string', v);
}

/** A count for `skip`, `take`, `chunk`: a non-negative integer (positive for `chunk`). */
function countArg(args: Value[], index: number, call: CallSite, min: number): number {
  const n = intArg(args, index, call);
  if (n < min) {
    return call.fail(`The template language function '${call.name}' expects its parameter ${index + 1} to be ${min === 0 ? 'a non-negative' : 'a positive'} integer; got ${n}.`, 'EXPRESSION_EVALUATION');
  }
  return n;
}

/** Removes later duplicates, keeping the first occurrence (ADF's equality). */
function distinct(items: readonly Value[]): Value[] {
  const out: Value[] = [];
  for (const item of items) if (!out.some((x) => valuesEqual(x, item))) out.push(item);
  return out;
}

/** The collections of `union`/`intersection`: all arrays or all objects. */
function collectionsArg(args: Value[], call: CallSite): { arrays: Value[][] } | { objects: Dict[] } {
  const first = arg(args, 0);
  if (Array.isArray(first)) return { arrays: args.map((_, i) => arrayArg(args, i, call)) };
  if (isPlainObject(first)) return { objects: args.map((_, i) => objectArg(args, i, call)) };
  return expected(call, 0, 'an array or an object', first);
}

function union(args: Value[], call: CallSite): Value {
  const c = collectionsArg(args, call);
  if ('arrays' in c) return distinct(c.arrays.flat());
  // Later objects win; fromEntries defines keys (a '__proto__' key stays a plain property).
  return Object.fromEntries(c.objects.flatMap((o) => Object.entries(o)));
}

function intersection(args: Value[], call: CallSite): Value {
  const c = collectionsArg(args, call);
  if ('arrays' in c) {
    const [head, ...rest] = c.arrays as [Value[], ...Value[][]];
    return distinct(head).filter((item) => rest.every((other) => other.some((x) => valuesEqual(x, item))));
  }
  const [head, ...rest] = c.objects as [Dict, ...Dict[]];
  const last = rest.length ? (rest[rest.length - 1] as Dict) : head;
  // "If one or more items have the same name, the last item with that name appears in the result."
  return Object.fromEntries(
    Object.keys(head)
      .filter((key) => rest.every((o) => Object.prototype.hasOwnProperty.call(o, key)))
      .map((key) => [key, last[key] as Value]),
  );
}

function contains(args: Value[], call: CallSite): boolean {
  const collection = arg(args, 0);
  const value = arg(args, 1);
  if (typeof collection === 'string') {
    if (typeof value !== 'string') return expected(call, 1, 'a string when the collection is a string', value);
    return collection.includes(value);
  }
  if (Array.isArray(collection)) return collection.some((x) => valuesEqual(x, value));
  if (isPlainObject(collection)) {
    if (typeof value !== 'string') return expected(call, 1, 'a string (a key) when the collection is an object', value);
    return Object.prototype.hasOwnProperty.call(collection, value);
  }
  return expected(call, 0, 'a string, an array or an object', collection);
}

function empty(args: Value[], call: CallSite): boolean {
  const v = arg(args, 0);
  if (v === null) return true;
  if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.keys(v).length === 0;
  return expected(call, 0, 'a string, an array or an object', v);
}

function join(args: Value[], call: CallSite): string {
  const items = arrayArg(args, 0, call);
  const delimiter = stringArg(args, 1, call);
  return items.map((item) => valueToString(item)).join(delimiter);
}

/** ADF's `sort`: numbers, strings or booleans of one kind, optionally by a key of object items; stable. */
function sort(args: Value[], call: CallSite): Value[] {
  const items = arrayArg(args, 0, call);
  const key = hasArg(args, 1) ? stringArg(args, 1, call) : undefined;
  const keyOf = (item: Value): Value => {
    if (key === undefined) return item;
    if (!isPlainObject(item)) {
      return call.fail(`The template language function 'sort' was given the key '${key}', so every item must be an object; found an item of type '${typeName(item)}'.`, 'EXPRESSION_TYPE');
    }
    if (!Object.prototype.hasOwnProperty.call(item, key)) {
      return call.fail(`The template language function 'sort' was given the key '${key}', but an item does not have that property.`, 'EXPRESSION_EVALUATION');
    }
    return item[key] as Value;
  };
  const keyed = items.map((item) => ({ item, k: keyOf(item) }));
  return keyed
    .sort((a, b) => {
      const order = compareValues(a.k, b.k);
      if (order === undefined) {
        return call.fail(
          `The template language function 'sort' can only sort ${key === undefined ? 'items' : `values of '${key}'`} of one primitive type (numbers, strings or booleans); it found '${typeName(a.k)}' and '${typeName(b.k)}'.`,
          'EXPRESSION_TYPE',
        );
      }
      return order;
    })
    .map((x) => x.item);
}

function chunk(args: Value[], call: CallSite): Value[] {
  const collection = sequenceArg(args, 0, call);
  const size = countArg(args, 1, call, 1);
  const out: Value[] = [];
  for (let i = 0; i < collection.length; i += size) out.push(collection.slice(i, i + size));
  return out;
}

function propertyName(args: Value[], call: CallSite): string {
  return stringArg(args, 1, call);
}

/** ADF's collection functions, plus Logic Apps' object manipulation (addProperty, setProperty, removeProperty). */
export const collectionFunctions: readonly ExpressionFunction[] = [
  fn('chunk', 'collection', [2, 2], 'chunk(collection: string | array, length: int): array',
    'The string or array split into chunks of the given length (the last one may be shorter).',
    chunk),
  fn('contains', 'collection', [2, 2], 'contains(collection: string | array | object, value: any): boolean',
    'True when a string has the substring, an array has the value, or an object has the key (case-sensitive).',
    contains),
  fn('empty', 'collection', [1, 1], 'empty(collection: string | array | object): boolean',
    'True when the string, array or object is empty (or null).',
    empty),
  fn('first', 'collection', [1, 1], 'first(collection: string | array): any',
    'The first character of a string or the first item of an array (null when empty).',
    (args, call) => {
      const c = sequenceArg(args, 0, call);
      return c.length === 0 ? null : (c[0] as Value);
    }),
  fn('intersection', 'collection', [1, Infinity], 'intersection(collection1: array | object, collection2: array | object, ...): array | object',
    'The items (or properties) found in every one of the arrays (or objects).',
    intersection),
  fn('join', 'collection', [2, 2], 'join(collection: array, delimiter: string): string',
    'The items of the array as one string, separated by the delimiter.',
    join),
  fn('last', 'collection', [1, 1], 'last(collection: string | array): any',
    'The last character of a string or the last item of an array (null when empty).',
    (args, call) => {
      const c = sequenceArg(args, 0, call);
      return c.length === 0 ? null : (c[c.length - 1] as Value);
    }),
  fn('length', 'collection', [1, 1], 'length(collection: string | array): int',
    'The number of characters in a string or items in an array.',
    (args, call) => sequenceArg(args, 0, call).length),
  fn('reverse', 'collection', [1, 1], 'reverse(collection: array): array',
    'The array in reverse order.',
    (args, call) => [...arrayArg(args, 0, call)].reverse()),
  fn('skip', 'collection', [2, 2], 'skip(collection: array | string, count: int): array | string',
    'The array (or string) without its first count items.',
    (args, call) => sequenceArg(args, 0, call).slice(countArg(args, 1, call, 0))),
  fn('sort', 'collection', [1, 2], 'sort(collection: array, sortBy?: string): array',
    'The array sorted ascending; objects are sorted by the value of the sortBy key.',
    sort),
  fn('take', 'collection', [2, 2], 'take(collection: array | string, count: int): array | string',
    'The first count items of the array (or characters of the string).',
    (args, call) => sequenceArg(args, 0, call).slice(0, countArg(args, 1, call, 0))),
  fn('union', 'collection', [1, Infinity], 'union(collection1: array | object, collection2: array | object, ...): array | object',
    'All the items of the arrays without duplicates, or all the properties of the objects (the last value wins).',
    union),
  fn('addProperty', 'collection', [3, 3], 'addProperty(object: object, property: string, value: any): object',
    'The object with a new property; fails when the property already exists.',
    (args, call) => {
      const obj = objectArg(args, 0, call);
      const name = propertyName(args, call);
      if (Object.prototype.hasOwnProperty.call(obj, name)) {
        return call.fail(`The template language function 'addProperty' cannot add the property '${name}': it already exists. Use setProperty() to change it.`, 'EXPRESSION_EVALUATION');
      }
      return { ...obj, [name]: arg(args, 2) };
    }),
  fn('setProperty', 'collection', [3, 3], 'setProperty(object: object, property: string, value: any): object',
    "The object with the property set to the value (added when it doesn't exist).",
    (args, call) => ({ ...objectArg(args, 0, call), [propertyName(args, call)]: arg(args, 2) })),
  fn('removeProperty', 'collection', [2, 2], 'removeProperty(object: object, property: string): object',
    "The object without the property (unchanged when it doesn't exist).",
    (args, call) => {
      const copy: Dict = { ...objectArg(args, 0, call) };
      delete copy[propertyName(args, call)];
      return copy;
    }),
];
