/** One difference between two JSON documents, at an RFC 6901 pointer. */
export interface JsonChange {
  op: 'add' | 'remove' | 'replace';
  path: string;
  /** The value before (remove, replace). */
  from?: unknown;
  /** The value after (add, replace). */
  value?: unknown;
}

const escape = (t: string): string => t.replace(/~/g, '~0').replace(/\//g, '~1');
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The changes that turn `a` into `b`, as a list of JSON pointers (a JSON Patch, with the old values too),
 * object keys in sorted order, arrays element by element (a changed tail becomes adds or removes).
 */
export function diffJson(a: unknown, b: unknown, path = ''): JsonChange[] {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k): JsonChange[] => {
      const p = `${path}/${escape(k)}`;
      if (!(k in b)) return [{ op: 'remove', path: p, from: a[k] }];
      if (!(k in a)) return [{ op: 'add', path: p, value: b[k] }];
      return diffJson(a[k], b[k], p);
    });
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: JsonChange[] = [];
    const common = Math.min(a.length, b.length);
    for (let i = 0; i < common; i++) out.push(...diffJson(a[i], b[i], `${path}/${i}`));
    for (let i = common; i < b.length; i++) out.push({ op: 'add', path: `${path}/${i}`, value: b[i] });
    for (let i = a.length - 1; i >= common; i--) out.push({ op: 'remove', path: `${path}/${i}`, from: a[i] });
    return out;
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ op: 'replace', path, from: a, value: b }];
}
