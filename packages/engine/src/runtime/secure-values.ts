/**
 * ADF's SecureString values (`{type: 'SecureString', value}`) and the mask that replaces them wherever a value
 * leaves the engine. Shared by the factory store (sealing at rest), the monitoring views (masking) and the
 * worker (revealing at the last moment), without a dependency between those.
 */
import { isPlainObject } from '../expressions/values.js';

/** The marker that replaces secured or oversized values. */
export const SECURE_MARKER = '**********';

/** True for `{type: 'SecureString' (any casing), value}`. */
export const isSecureString = (v: unknown): v is { type: string; value: unknown } =>
  isPlainObject(v) && typeof v.type === 'string' && v.type.toLowerCase() === 'securestring' && 'value' in v;

/**
 * Replaces every SecureString value with {@link SECURE_MARKER}: what leaves the API (documents, versions,
 * diffs, activity run inputs). Other secret forms (`EnvironmentVariable` references) hold no secret and stay.
 * Returns `value` itself when it holds no SecureString, so masking a large input costs one walk and no copy.
 */
export function maskSecureStrings<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      let changed = false;
      const out = v.map((x) => {
        const m = walk(x);
        if (m !== x) changed = true;
        return m;
      });
      return changed ? out : v;
    }
    if (!isPlainObject(v)) return v;
    if (isSecureString(v)) return { ...v, value: SECURE_MARKER };
    let out: Record<string, unknown> | undefined;
    for (const [k, x] of Object.entries(v)) {
      const m = walk(x);
      if (m !== x) (out ??= { ...v })[k] = m;
    }
    return out ?? v;
  };
  return walk(value) as T;
}

/**
 * Applies `open` to every SecureString value whose text `needs` it (keeping the `{type, value}` shape, which the
 * activities' secret readers accept). Returns `value` itself when nothing was opened.
 */
export function mapSecureStrings<T>(value: T, needs: (text: string) => boolean, open: (text: string, pointer: string) => string): T {
  const walk = (v: unknown, pointer: string): unknown => {
    if (Array.isArray(v)) {
      let changed = false;
      const out = v.map((x, i) => {
        const m = walk(x, `${pointer}/${i}`);
        if (m !== x) changed = true;
        return m;
      });
      return changed ? out : v;
    }
    if (!isPlainObject(v)) return v;
    if (isSecureString(v)) return typeof v.value === 'string' && needs(v.value) ? { ...v, value: open(v.value, `${pointer}/value`) } : v;
    let out: Record<string, unknown> | undefined;
    for (const [k, x] of Object.entries(v)) {
      const m = walk(x, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      if (m !== x) (out ??= { ...v })[k] = m;
    }
    return out ?? v;
  };
  return walk(value, '') as T;
}
