import type { CallSite } from '../context.js';
import { valueToString } from '../stringify.js';
import { ExprBinary, ExprFloat, ExprXml, isInteger, isPlainObject, makeFloat, makeInteger, toJsNumber, typeName, type Value } from '../values.js';
import { arg, hasArg, stringArg } from './args.js';
import {
  base64ToBytes,
  bytesToBase64,
  type DataUri,
  decodeCharset,
  escapeDataString,
  parseDataUri,
  unescapeDataString,
  unescapeToBytes,
  utf8Decode,
  utf8Encode,
} from './conversion-encoding.js';
import { JsonTextError, parseJsonText } from './conversion-json.js';
import { INVARIANT_CULTURE, resolveCulture } from './number-culture.js';
import { isIntegerText, parseCultureFloat } from './number-parse.js';
import { assertWellFormedXml, evaluateXPath, jsonToXml, XmlConversionError, xmlToJson } from './conversion-xml.js';
import { fn, type ExpressionFunction } from './types.js';

/**
 * ADF's conversion functions: between strings, numbers, booleans, arrays, JSON, XML, base64, data URIs
 * and URI escaping. Strings become bytes as UTF-8; binary values are {@link ExprBinary}.
 */

/** Quotes a value for an error message, shortened so a huge argument does not flood the message. */
function shown(v: string): string {
  return v.length > 100 ? `${v.slice(0, 100)}…` : v;
}

function typeError(call: CallSite, index: number, expected: string, got: Value): never {
  return call.fail(
    `The template language function '${call.name}' expects its parameter ${index + 1} to be ${expected}. The provided value is of type '${typeName(got)}'.`,
    'EXPRESSION_TYPE',
  );
}

/** The bytes of a string, binary or XML argument (strings and XML as UTF-8). */
function bytesArg(args: Value[], index: number, call: CallSite): Uint8Array {
  const v = arg(args, index);
  if (typeof v === 'string') return utf8Encode(v);
  if (v instanceof ExprBinary) return v.bytes;
  if (v instanceof ExprXml) return utf8Encode(v.text);
  return typeError(call, index, 'a string or binary value', v);
}

function decodeBase64Arg(args: Value[], call: CallSite): Uint8Array {
  const text = stringArg(args, 0, call);
  const bytes = base64ToBytes(text);
  if (bytes === undefined) {
    call.fail(`The template language function '${call.name}' expects its parameter to be a valid base64 string. The provided value '${shown(text)}' is not a valid base64 string.`);
  }
  return bytes;
}

function dataUriArg(args: Value[], call: CallSite): DataUri {
  const text = stringArg(args, 0, call);
  const parsed = parseDataUri(text);
  if (parsed === undefined) {
    call.fail(`The template language function '${call.name}' expects its parameter to be a valid data URI. The provided value '${shown(text)}' is not a valid data URI.`);
  }
  return parsed;
}

// --- numbers ------------------------------------------------------------------------------------------

function notConvertible(call: CallSite, v: string, target: string): never {
  return call.fail(`The template language function '${call.name}' was invoked with a parameter that is not valid. The value '${shown(v)}' cannot be converted to the target type '${target}'.`);
}

/** `int()`: integer text as `isInt` accepts it (64-bit range), or an integral number. */
function toInt(args: Value[], call: CallSite): Value {
  const v = arg(args, 0);
  if (isInteger(v)) return v;
  if (v instanceof ExprFloat || typeof v === 'number') {
    const n = toJsNumber(v);
    if (Number.isInteger(n)) return makeInteger(BigInt(n));
    return notConvertible(call, valueToString(v), 'Integer');
  }
  if (typeof v !== 'string') return typeError(call, 0, 'a string or a number', v);
  if (!isIntegerText(v)) return notConvertible(call, v, 'Integer');
  return makeInteger(BigInt(v.trim()));
}

/**
 * `float()`: number text read like .NET's `double.Parse` in the invariant culture or the given locale
 * (the same reader as `isFloat`, so the two agree), or any number.
 */
function toFloat(args: Value[], call: CallSite): Value {
  const v = arg(args, 0);
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof ExprFloat) return makeFloat(toJsNumber(v));
  if (typeof v !== 'string') return typeError(call, 0, 'a string or a number', v);
  const culture = hasArg(args, 1) ? resolveCulture(stringArg(args, 1, call), call) : INVARIANT_CULTURE;
  const n = parseCultureFloat(v, culture);
  // NaN and ±Infinity parse in .NET but have no JSON form; treat them (and overflow) as not convertible.
  if (n === undefined || !Number.isFinite(n)) return notConvertible(call, v, 'Float');
  return makeFloat(n);
}

function toBool(args: Value[], call: CallSite): Value {
  const v = arg(args, 0);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof ExprFloat) return toJsNumber(v) !== 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
    return notConvertible(call, v, 'Boolean');
  }
  return typeError(call, 0, 'a string, a number or a boolean', v);
}

// --- JSON and XML -------------------------------------------------------------------------------------

function toJsonValue(args: Value[], call: CallSite): Value {
  const v = arg(args, 0);
  if (v === null) return {};
  if (v instanceof ExprXml) return xmlCall(call, () => xmlToJson(v.text));
  if (typeof v === 'string' || v instanceof ExprBinary) {
    const text = typeof v === 'string' ? v : utf8Decode(v.bytes);
    try {
      return parseJsonText(text);
    } catch (e) {
      if (!(e instanceof JsonTextError)) throw e;
      return call.fail(`The template language function 'json' parameter is not valid. The provided value '${shown(text)}' cannot be parsed: '${e.message}'`);
    }
  }
  return v; // already a JSON value (number, boolean, array, object)
}

function xmlCall<T>(call: CallSite, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof XmlConversionError)) throw e;
    return call.fail(`The template language function '${call.name}' parameter is not valid. The provided value cannot be converted to XML: '${e.message}'.`);
  }
}

function toXml(args: Value[], call: CallSite): Value {
  const v = arg(args, 0);
  if (v instanceof ExprXml) return v;
  if (typeof v === 'string' || v instanceof ExprBinary) {
    const text = typeof v === 'string' ? v : utf8Decode(v.bytes);
    xmlCall(call, () => assertWellFormedXml(text));
    return new ExprXml(text);
  }
  if (isPlainObject(v)) {
    return new ExprXml(xmlCall(call, () => jsonToXml(v)));
  }
  return typeError(call, 0, 'a string or an object', v);
}

function xpathOf(args: Value[], call: CallSite): Value {
  const doc = arg(args, 0);
  let text: string;
  if (doc instanceof ExprXml) text = doc.text;
  else if (typeof doc === 'string') text = doc;
  else return typeError(call, 0, 'XML', doc);
  const expression = stringArg(args, 1, call);
  try {
    return evaluateXPath(text, expression);
  } catch (e) {
    if (!(e instanceof XmlConversionError)) throw e;
    return call.fail(`The template language function 'xpath' could not evaluate: ${e.message}.`);
  }
}

function toStringValue(args: Value[]): Value {
  const v = arg(args, 0);
  // Binary content reads back as its UTF-8 text (string(base64ToBinary('aGVsbG8=')) is 'hello').
  if (v instanceof ExprBinary) return utf8Decode(v.bytes);
  return valueToString(v);
}

// --- declarations -------------------------------------------------------------------------------------

const C = 'conversion' as const;

/** ADF's conversion functions. */
export const conversionFunctions: readonly ExpressionFunction[] = [
  fn('array', C, [1, 1], 'array(value: any): array', 'Return an array that holds the single specified input.', (args) => [arg(args, 0)]),
  fn('base64', C, [1, 1], 'base64(value: string): string', 'Return the base64-encoded version of a string (its UTF-8 bytes).', (args, call) =>
    bytesToBase64(bytesArg(args, 0, call)),
  ),
  fn('base64ToBinary', C, [1, 1], 'base64ToBinary(value: string): binary', 'Return the binary content that a base64-encoded string stands for.', (args, call) =>
    new ExprBinary(decodeBase64Arg(args, call)),
  ),
  fn('base64ToString', C, [1, 1], 'base64ToString(value: string): string', 'Return the string that a base64-encoded string stands for, decoding it as UTF-8.', (args, call) =>
    utf8Decode(decodeBase64Arg(args, call)),
  ),
  fn('binary', C, [1, 1], 'binary(value: string): binary', 'Return the binary version (UTF-8 bytes) of a string.', (args, call) => new ExprBinary(bytesArg(args, 0, call))),
  fn('bool', C, [1, 1], 'bool(value: any): boolean', "Return the Boolean version of a value: 'true'/'false' strings, or zero/non-zero numbers.", (args, call) =>
    toBool(args, call),
  ),
  fn('coalesce', C, [1, Infinity], 'coalesce(value1: any, value2?: any, ...): any', 'Return the first non-null value from one or more parameters, or null when all are null.', (args) =>
    args.find((v) => v !== null) ?? null,
  ),
  fn('createArray', C, [1, Infinity], 'createArray(value1: any, value2?: any, ...): array', 'Return an array from one or more inputs.', (args) => [...args]),
  fn('dataUri', C, [1, 1], 'dataUri(value: string): string', 'Return a data URI (base64, UTF-8 text/plain) for a string.', (args, call) => {
    const v = arg(args, 0);
    if (v instanceof ExprBinary) return `data:application/octet-stream;base64,${bytesToBase64(v.bytes)}`;
    if (v instanceof ExprXml) return `data:application/xml;charset=utf-8;base64,${bytesToBase64(utf8Encode(v.text))}`;
    return `data:text/plain;charset=utf-8;base64,${bytesToBase64(utf8Encode(stringArg(args, 0, call)))}`;
  }),
  fn('dataUriToBinary', C, [1, 1], 'dataUriToBinary(value: string): binary', 'Return the binary content of a data URI.', (args, call) => new ExprBinary(dataUriArg(args, call).bytes)),
  fn('dataUriToString', C, [1, 1], 'dataUriToString(value: string): string', 'Return the string content of a data URI, decoded with its charset (UTF-8 by default).', (args, call) => {
    const uri = dataUriArg(args, call);
    const text = decodeCharset(uri.bytes, uri.charset);
    if (text === undefined) return call.fail(`The template language function 'dataUriToString' does not support the charset '${uri.charset ?? ''}'.`);
    return text;
  }),
  fn('decodeBase64', C, [1, 1], 'decodeBase64(value: string): string', 'Return the string that a base64-encoded string stands for (deprecated: use base64ToString).', (args, call) =>
    utf8Decode(decodeBase64Arg(args, call)),
  ),
  fn('decodeDataUri', C, [1, 1], 'decodeDataUri(value: string): binary', 'Return the binary content of a data URI (same as dataUriToBinary).', (args, call) =>
    new ExprBinary(dataUriArg(args, call).bytes),
  ),
  fn('decodeUriComponent', C, [1, 1], 'decodeUriComponent(value: string): string', 'Return a string with its %-escape sequences replaced by the characters they stand for.', (args, call) =>
    unescapeDataString(stringArg(args, 0, call)),
  ),
  fn('encodeUriComponent', C, [1, 1], 'encodeUriComponent(value: string): string', 'Return a URI-encoded version of a string, escaping every character but A-Z a-z 0-9 - _ . ~ (same as uriComponent).', (args, call) =>
    escapeDataString(stringArg(args, 0, call)),
  ),
  fn('float', C, [1, 2], 'float(value: string, locale?: string): float', 'Return the floating-point number a string stands for, optionally read in a locale (RFC 4646 code).', (args, call) =>
    toFloat(args, call),
  ),
  fn('int', C, [1, 1], 'int(value: string): int', 'Return the integer a string stands for.', (args, call) => toInt(args, call)),
  fn('json', C, [1, 1], 'json(value: string | xml): any', 'Return the JSON value, object or array that a string or XML stands for.', (args, call) => toJsonValue(args, call)),
  fn('string', C, [1, 1], 'string(value: any): string', 'Return the string version of a value (JSON text for objects and arrays, an empty string for null).', (args) =>
    toStringValue(args),
  ),
  fn('uriComponent', C, [1, 1], 'uriComponent(value: string): string', 'Return a URI-encoded version of a string, escaping every character but A-Z a-z 0-9 - _ . ~.', (args, call) =>
    escapeDataString(stringArg(args, 0, call)),
  ),
  fn('uriComponentToBinary', C, [1, 1], 'uriComponentToBinary(value: string): binary', 'Return the binary content (bytes) that a URI-encoded string stands for.', (args, call) =>
    new ExprBinary(unescapeToBytes(stringArg(args, 0, call))),
  ),
  fn('uriComponentToString', C, [1, 1], 'uriComponentToString(value: string): string', 'Return the string that a URI-encoded string stands for.', (args, call) =>
    unescapeDataString(stringArg(args, 0, call)),
  ),
  fn('xml', C, [1, 1], 'xml(value: string | object): xml', 'Return the XML version of a string of XML, or of a JSON object with a single root property.', (args, call) =>
    toXml(args, call),
  ),
  fn('xpath', C, [2, 2], 'xpath(xml: xml, xpath: string): any', 'Return the nodes (as an array) or the value that an XPath expression selects in XML.', (args, call) =>
    xpathOf(args, call),
  ),
];
