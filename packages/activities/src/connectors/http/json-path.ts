/**
 * The small JSON path subset ADF uses in REST settings (`collectionReference`, pagination rules,
 * end conditions): `$`, `$.a.b`, `$['a b']`, `$.items[0]`, and the same without the leading `$`.
 * Filters and wildcards are not part of it.
 */
import { SluiceError } from '@sluice/engine';

/** Splits a path into property names and array indexes. Throws `REST_RESPONSE_INVALID` on bad syntax. */
export function parseJsonPath(path: string): ReadonlyArray<string | number> {
  const text = path.trim();
  const steps: Array<string | number> = [];
  let i = text.startsWith('$') ? 1 : 0;
  const fail = (): never => {
    throw new SluiceError('REST_RESPONSE_INVALID', `'${path}' is not a JSON path Sluice understands ($.a.b, $['a'], $.a[0]).`);
  };
  if (i === 0 && text !== '' && !text.startsWith('.') && !text.startsWith('[')) {
    // A bare `a.b` is read as `$.a.b`.
    return parseJsonPath(`$.${text}`);
  }
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      const m = /^[^.[\]]+/.exec(text.slice(i + 1));
      if (!m) fail();
      steps.push((m as RegExpExecArray)[0]);
      i += 1 + (m as RegExpExecArray)[0].length;
    } else if (c === '[') {
      const rest = text.slice(i);
      const quoted = /^\[\s*(['"])((?:\\.|(?!\1).)*)\1\s*\]/.exec(rest);
      const index = /^\[\s*(\d+)\s*\]/.exec(rest);
      if (quoted) {
        steps.push((quoted[2] as string).replace(/\\(.)/g, '$1'));
        i += quoted[0].length;
      } else if (index) {
        steps.push(Number(index[1]));
        i += index[0].length;
      } else {
        fail();
      }
    } else {
      fail();
    }
  }
  return steps;
}

/** The value at `path` in `document`, or undefined when any step is missing. */
export function readJsonPath(document: unknown, path: string | ReadonlyArray<string | number>): unknown {
  const steps = typeof path === 'string' ? parseJsonPath(path) : path;
  let current: unknown = document;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (Array.isArray(current)) return undefined;
      current = Object.prototype.hasOwnProperty.call(current, step) ? (current as Record<string, unknown>)[step] : undefined;
    }
  }
  return current;
}
