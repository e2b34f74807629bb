import { DOMParser, XMLSerializer, normalizeLineEndings, type Document, type Element, type Node } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import { formatFloat } from '../stringify.js';
import { ExprBinary, ExprFloat, ExprXml, isPlainObject, makeFloat, type Value } from '../values.js';

/**
 * XML support for `xml()`, `json(xml(…))` and `xpath()`. ADF runs on .NET, where `json(xml)` and
 * `xml(json)` go through Newtonsoft.Json's XML converter; the conversions here follow its conventions
 * (`@name` for attributes, `#text` for mixed text, `?xml` for the declaration, repeated child elements
 * as arrays). Parsing uses `@xmldom/xmldom` configured to reject malformed XML (it is lenient by
 * default), and XPath 1.0 comes from the `xpath` package; both are pure JavaScript.
 */

/** Thrown for malformed XML, a JSON value that cannot become XML, or a bad XPath expression. */
export class XmlConversionError extends Error {}

const NODE = { ELEMENT: 1, ATTRIBUTE: 2, TEXT: 3, CDATA: 4, PI: 7, COMMENT: 8, DOCUMENT: 9, DOCTYPE: 10 } as const;

/** A parsed document with the (normalised) text it came from, to tell `<a/>` from `<a></a>`. */
interface ParsedXml {
  readonly doc: Document;
  readonly source: string;
  readonly lineStarts: readonly number[];
}

/** Parses XML text strictly: any error or warning from the parser fails. */
function parseXml(text: string): ParsedXml {
  let reason: string | undefined;
  const parser = new DOMParser({
    locator: true,
    onError: (level, msg) => {
      reason ??= msg.replace(/\s*@#\[line:\d+,col:\d+\]\s*$/, '').trim();
      throw new XmlConversionError(`${level}: ${msg}`);
    },
  });
  // A leading byte-order mark is not content (xmldom would call it text outside the root element).
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let doc: Document;
  try {
    doc = parser.parseFromString(body, 'text/xml');
  } catch (e) {
    throw new XmlConversionError(reason ?? (e instanceof Error ? e.message : String(e)));
  }
  if (!doc.documentElement) throw new XmlConversionError('missing root element');
  checkAmpersands(body);
  const source = normalizeLineEndings(body);
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  return { doc, source, lineStarts };
}

/**
 * xmldom accepts a bare `&` in text and attribute values; XML (and .NET) does not. Outside CDATA
 * sections, comments and processing instructions, every `&` must start an entity or character reference.
 */
function checkAmpersands(text: string): void {
  const markup = text.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, '');
  if (/&(?!#\d+;|#x[0-9A-Fa-f]+;|[A-Za-z_:][\w.:-]*;)/.test(markup)) {
    throw new XmlConversionError("'&' must start an entity or character reference (write '&amp;' for a literal '&')");
  }
}

/** Checks that text is well-formed XML (throws {@link XmlConversionError} otherwise). */
export function assertWellFormedXml(text: string): void {
  parseXml(text);
}

// ---------------------------------------------------------------------------------------------------
// XML → JSON (`json(xml(…))`)

/** Converts an XML document to the JSON Newtonsoft.Json's `SerializeXmlNode` would produce. */
export function xmlToJson(text: string): Value {
  const parsed = parseXml(text);
  const out: { [key: string]: Value } = {};
  setGrouped(out, [...childNodes(parsed.doc)], parsed);
  return out;
}

function childNodes(node: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < node.childNodes.length; i++) out.push(node.childNodes.item(i) as Node);
  return out;
}

/** The JSON property name a node becomes, or undefined for nodes that are left out. */
function propertyName(node: Node): string | undefined {
  switch (node.nodeType) {
    case NODE.ELEMENT:
      return node.nodeName;
    case NODE.TEXT:
      return (node.nodeValue ?? '').trim() === '' ? undefined : '#text';
    case NODE.CDATA:
      return '#cdata-section';
    case NODE.PI:
      return `?${node.nodeName}`;
    case NODE.DOCTYPE:
      return '!DOCTYPE';
    default:
      return undefined; // comments, and white space .NET's XmlDocument drops
  }
}

/** Adds child nodes to an object, grouping same-named ones into arrays (in first-appearance order). */
function setGrouped(target: { [key: string]: Value }, nodes: Node[], parsed: ParsedXml): void {
  const groups = new Map<string, Node[]>();
  for (const n of nodes) {
    const name = propertyName(n);
    if (name === undefined) continue;
    const group = groups.get(name);
    if (group) group.push(n);
    else groups.set(name, [n]);
  }
  for (const [name, group] of groups) {
    const values = group.map((n) => nodeValue(n, parsed));
    define(target, name, values.length === 1 ? (values[0] as Value) : values);
  }
}

function define(target: { [key: string]: Value }, key: string, value: Value): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function nodeValue(node: Node, parsed: ParsedXml): Value {
  switch (node.nodeType) {
    case NODE.ELEMENT:
      return elementValue(node as Element, parsed);
    case NODE.PI:
      return node.nodeName === 'xml' ? declarationValue(node.nodeValue ?? '') : (node.nodeValue ?? '');
    case NODE.DOCTYPE: {
      const dt = node as unknown as { name: string; publicId: string; systemId: string; internalSubset: string };
      const out: { [key: string]: Value } = { '@name': dt.name };
      // xmldom keeps the quotes around the identifiers; the JSON has the bare values.
      if (dt.publicId) out['@public'] = unquote(dt.publicId);
      if (dt.systemId) out['@system'] = unquote(dt.systemId);
      if (dt.internalSubset) out['@internalSubset'] = dt.internalSubset;
      return out;
    }
    default:
      return node.nodeValue ?? '';
  }
}

function unquote(s: string): string {
  return /^(["']).*\1$/s.test(s) ? s.slice(1, -1) : s;
}

/** `version="1.0" encoding="utf-8"` → `{"@version": "1.0", "@encoding": "utf-8"}`. */
function declarationValue(data: string): Value {
  const out: { [key: string]: Value } = {};
  for (const m of data.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    define(out, `@${m[1] as string}`, m[2] ?? m[3] ?? '');
  }
  return out;
}

function elementValue(el: Element, parsed: ParsedXml): Value {
  const attrs: Array<[string, string]> = [];
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (a) attrs.push([`@${a.name}`, a.value]);
  }
  const children = childNodes(el).filter((n) => propertyName(n) !== undefined);
  if (attrs.length === 0 && children.length === 0) return isSelfClosing(el, parsed) ? null : '';
  if (attrs.length === 0 && children.length === 1 && (children[0] as Node).nodeType === NODE.TEXT) {
    return (children[0] as Node).nodeValue ?? '';
  }
  const out: { [key: string]: Value } = {};
  for (const [k, v] of attrs) define(out, k, v);
  setGrouped(out, children, parsed);
  return out;
}

/** Whether an element was written `<a/>` (null in JSON) rather than `<a></a>` (empty string). */
function isSelfClosing(el: Element, parsed: ParsedXml): boolean {
  const line = el.lineNumber;
  const col = el.columnNumber;
  if (line === undefined || col === undefined) return true;
  const { source } = parsed;
  let i = (parsed.lineStarts[line - 1] ?? 0) + col - 1;
  if (source[i] !== '<') return true;
  let quote: string | undefined;
  for (i++; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return source[i - 1] === '/';
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------
// JSON → XML (`xml(json(…))`)

const XML_NAME = /^[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*(:[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?$/;

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;').replace(/\t/g, '&#x9;');
}

function checkName(name: string): string {
  if (!XML_NAME.test(name)) throw new XmlConversionError(`'${name}' is not a valid XML name`);
  return name;
}

/** The text of a JSON scalar inside XML (Newtonsoft writes booleans lower-case, floats in round-trip form). */
function scalarText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatFloat(v);
  if (v instanceof ExprFloat) return formatFloat(v.value);
  if (v instanceof ExprXml) return v.text;
  if (v instanceof ExprBinary) return v.toJSON();
  throw new XmlConversionError('an attribute or text value must be a string, number or boolean');
}

/**
 * Converts a JSON object to XML text the way Newtonsoft.Json's `DeserializeXmlNode` does: the object
 * must have a single root property (besides an optional `?xml` declaration); `@name` properties become
 * attributes, `#text` text, arrays repeated elements, null an empty element. The result is compact
 * (no indentation), like .NET's `XmlDocument.OuterXml`.
 */
export function jsonToXml(value: Value): string {
  if (!isPlainObject(value)) throw new XmlConversionError('the JSON value must be an object with a single root property');
  let declaration = '';
  const roots: Array<[string, Value]> = [];
  for (const [k, v] of Object.entries(value)) {
    if (k === '?xml') declaration = declarationText(v);
    else roots.push([k, v]);
  }
  if (roots.length !== 1) {
    throw new XmlConversionError('JSON root object has multiple properties. The root object must have a single property in order to create a valid XML document');
  }
  const [name, rootValue] = roots[0] as [string, Value];
  if (Array.isArray(rootValue)) throw new XmlConversionError("the JSON object's root property can't be an array");
  const xml = declaration + elementText(name, rootValue);
  parseXml(xml); // catches what the name check cannot (undeclared namespace prefixes …)
  return xml;
}

function declarationText(v: Value): string {
  if (!isPlainObject(v)) throw new XmlConversionError("'?xml' must be an object of attributes");
  let out = '<?xml';
  for (const key of ['@version', '@encoding', '@standalone']) {
    const x = v[key];
    if (x !== undefined && x !== null) out += ` ${key.slice(1)}="${escapeAttribute(scalarText(x))}"`;
  }
  return `${out}?>`;
}

function elementText(name: string, v: Value): string {
  if (Array.isArray(v)) return v.map((item) => elementText(name, item)).join('');
  const tag = checkName(name);
  if (v === null) return `<${tag} />`;
  if (!isPlainObject(v)) return `<${tag}>${escapeText(scalarText(v))}</${tag}>`;
  let attrs = '';
  let content = '';
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('@')) {
      if (Array.isArray(x) || isPlainObject(x)) throw new XmlConversionError(`the attribute '${k}' must have a scalar value`);
      attrs += ` ${checkName(k.slice(1))}="${escapeAttribute(scalarText(x))}"`;
    } else if (k === '#text' || k === '#whitespace' || k === '#significant-whitespace') {
      content += (Array.isArray(x) ? x : [x]).map((t) => escapeText(scalarText(t))).join('');
    } else if (k === '#cdata-section') {
      content += (Array.isArray(x) ? x : [x]).map((t) => `<![CDATA[${scalarText(t)}]]>`).join('');
    } else if (k.startsWith('#')) {
      // '#comment' and other '#' properties carry no element.
      if (k === '#comment') content += (Array.isArray(x) ? x : [x]).map((t) => `<!--${scalarText(t)}-->`).join('');
    } else if (k.startsWith('?')) {
      content += `<?${checkName(k.slice(1))} ${scalarText(Array.isArray(x) || isPlainObject(x) ? null : x)}?>`;
    } else {
      content += elementText(k, x);
    }
  }
  return content === '' && attrs !== '' ? `<${tag}${attrs} />` : content === '' ? `<${tag} />` : `<${tag}${attrs}>${content}</${tag}>`;
}

// ---------------------------------------------------------------------------------------------------
// XPath

const serializer = new XMLSerializer();

/**
 * Evaluates an XPath 1.0 expression on an XML document. A node set becomes an array (elements as their
 * XML text, attributes and text nodes as their value); a number, string or boolean result is returned
 * as that value (numbers as floats, XPath numbers being doubles).
 */
export function evaluateXPath(xmlText: string, expression: string): Value {
  let doc: Document;
  try {
    doc = parseXml(xmlText).doc;
  } catch (e) {
    throw new XmlConversionError(`the XML is not valid: ${e instanceof Error ? e.message : String(e)}`);
  }
  let result: xpath.SelectReturnType;
  try {
    result = xpath.select(expression, doc as unknown as globalThis.Node);
  } catch (e) {
    throw new XmlConversionError(`the XPath expression '${expression}' is not valid: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (Array.isArray(result)) return result.map((n) => xpathNodeValue(n as unknown as Node));
  if (typeof result === 'number') {
    if (!Number.isFinite(result)) throw new XmlConversionError(`the XPath expression '${expression}' evaluated to ${String(result)}`);
    return makeFloat(result);
  }
  if (typeof result === 'string' || typeof result === 'boolean') return result;
  if (result === null || result === undefined) return null;
  return xpathNodeValue(result as unknown as Node);
}

function xpathNodeValue(n: Node): Value {
  switch (n.nodeType) {
    case NODE.ATTRIBUTE:
    case NODE.TEXT:
    case NODE.CDATA:
    case NODE.COMMENT:
      return n.nodeValue ?? '';
    default:
      return serializer.serializeToString(n);
  }
}
