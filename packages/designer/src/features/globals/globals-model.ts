/**
 * The global parameters page's rows and the document they make. The API stores `{name: {type, value}}`, a map,
 * but the page edits rows (a name being typed may be empty or taken for a moment), so rows carry a stable key
 * and the document is derived from them. A value is kept exactly as stored until its text is edited, so opening
 * and saving unchanged writes back the same document (an Int stored as `"5"` stays `"5"`). Pure, so the
 * conversions and the name checks are tested without a browser.
 */
import { GLOBAL_PARAMETER_TYPES, globalParameterValues, type GlobalParameters, type JsonValue } from '@sluice/engine';

/** One of the types a global parameter may have, as the page offers them. */
export type GlobalType = (typeof GLOBAL_PARAMETER_TYPES)[number];

/** The types in the order the type select lists them. */
export const GLOBAL_TYPES: readonly GlobalType[] = GLOBAL_PARAMETER_TYPES;

/** One row of the page. */
export interface GlobalRow {
  /** Stable across renames (React key, focus). */
  key: number;
  name: string;
  /** The type as stored (ADF writes `int`; any casing is accepted). */
  type: string;
  /** What the value input shows. */
  text: string;
  /** What is saved: the stored value until the text is edited, then {@link valueOf} the text. */
  value: unknown;
}

/** The page's type for a stored type name (case-insensitive), or undefined for one Sluice does not know. */
export function canonicalType(type: string): GlobalType | undefined {
  return GLOBAL_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
}

/** Array and Object values are edited as JSON text. */
export function isJsonType(type: string): boolean {
  const t = canonicalType(type);
  return t === 'Array' || t === 'Object';
}

/** The text a value input shows for a stored value: strings as they are, anything else as JSON. */
export function textOf(type: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return isJsonType(type) ? JSON.stringify(value, null, 2) : JSON.stringify(value);
}

/**
 * The value saved for a typed text: a number for a numeric Int or Float, a boolean for Bool, parsed JSON for
 * Array and Object. Text that is not of its type is sent as typed, so the server says what is wrong with it
 * on its field (the same check every run applies) rather than the page guessing.
 */
export function valueOf(type: string, text: string): unknown {
  switch (canonicalType(type)) {
    case 'Int':
      return /^\s*[-+]?\d+\s*$/.test(text) ? Number(text) : text;
    case 'Float':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    case 'Bool':
      return /^\s*(true|false)\s*$/i.test(text) ? text.trim().toLowerCase() === 'true' : text;
    case 'Array':
    case 'Object':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    default:
      return text;
  }
}

/** The rows of a stored document, keys counting from `firstKey`. */
export function rowsOf(doc: GlobalParameters, firstKey = 0): GlobalRow[] {
  return Object.entries(doc).map(([name, p], i) => ({ key: firstKey + i, name, type: p.type, text: textOf(p.type, p.value), value: p.value }));
}

/** The document the rows make (a later row with a name already used replaces the earlier one: see {@link nameProblems}). */
export function docOf(rows: readonly GlobalRow[]): GlobalParameters {
  return Object.fromEntries(rows.map((r) => [r.name, { type: r.type, value: r.value }]));
}

/** A stored document as the page writes it (`{type, value}` in that order), so "unsaved" compares like with like. */
export function normalized(doc: GlobalParameters): GlobalParameters {
  return docOf(rowsOf(doc));
}

/** A row whose text was edited: its value follows the text. */
export function withText(row: GlobalRow, text: string): GlobalRow {
  return { ...row, text, value: valueOf(row.type, text) };
}

/**
 * A row given another type. The text is kept when it reads as the new type; otherwise it becomes that type's
 * empty value (`false`, `[]`, `{}`), so switching to Bool or Object does not leave text that cannot be one.
 */
export function withType(row: GlobalRow, type: GlobalType): GlobalRow {
  const value = valueOf(type, row.text);
  const fits = type === 'String' ? true : type === 'Array' ? Array.isArray(value) : type === 'Object' ? isObject(value) : typeof value !== 'string';
  if (fits) return { ...row, type, value };
  const empty = type === 'Bool' ? 'false' : type === 'Array' ? '[]' : type === 'Object' ? '{}' : '';
  return { ...row, type, text: empty, value: valueOf(type, empty) };
}

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A fresh row: `parameter{n}` (the first free n), a String with an empty value. */
export function newRow(rows: readonly GlobalRow[], key: number): GlobalRow {
  const taken = new Set(rows.map((r) => r.name.toLowerCase()));
  let n = rows.length + 1;
  while (taken.has(`parameter${n}`)) n += 1;
  return { key, name: `parameter${n}`, type: 'String', text: '', value: '' };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * What is wrong with each row's name, by row key: missing, not a name ADF allows (letters, digits and `_`,
 * not starting with a digit: it is read as `pipeline().globalParameters.<name>`), or used by another row
 * (case-insensitively, as expressions read it). Such rows cannot make a document, so Save waits for them.
 */
export function nameProblems(rows: readonly GlobalRow[]): Map<number, string> {
  const out = new Map<number, string>();
  const seen = new Map<string, number>();
  for (const r of rows) {
    if (r.name === '') out.set(r.key, 'A name is required.');
    else if (!NAME.test(r.name)) out.set(r.key, 'Use letters, digits and _ only, not starting with a digit.');
    else if (r.name.length > 260) out.set(r.key, 'At most 260 characters.');
    else if (seen.has(r.name.toLowerCase())) out.set(r.key, 'Another global parameter has this name.');
    seen.set(r.name.toLowerCase(), r.key);
  }
  return out;
}

/** Which field of which parameter a server problem points at (`/globalParameters/<name>/value`). */
export interface ProblemPlace {
  name: string;
  field: 'name' | 'type' | 'value';
}

const unescape = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** The parameter and field a problem's pointer names, or undefined when it points at the whole set. */
export function placeOf(problem: { pointer?: string | undefined }): ProblemPlace | undefined {
  const m = /^\/globalParameters\/([^/]+)(?:\/([^/]+))?/.exec(problem.pointer ?? '');
  if (!m?.[1]) return undefined;
  const field = m[2] === 'value' ? 'value' : m[2] === 'type' ? 'type' : 'name';
  return { name: unescape(m[1]), field };
}

/**
 * The values `@pipeline().globalParameters` holds, for the expression editor's preview: each coerced to its
 * type as a run sees it. Stored parameters were checked on save; should one not be, it is left out.
 */
export function previewValues(doc: GlobalParameters): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [name, p] of Object.entries(doc)) {
    try {
      Object.assign(out, globalParameterValues({ [name]: p }));
    } catch {
      // Not of its type: a run would refuse it too.
    }
  }
  return out;
}
