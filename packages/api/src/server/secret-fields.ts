import type { TypeCatalog } from '@sluice/engine';

const decode = (t: string): string => t.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * Wraps plain-text values of a linked service's secret fields (the type's `password` widgets: passwords,
 * tokens, keys, connection strings) as ADF SecureStrings, so they are encrypted at rest and masked in every
 * answer like any other secret. Expressions (`@…`) and secret objects are left as they are.
 */
export function secureSecretFields<T extends { properties: Record<string, unknown> }>(doc: T, types: TypeCatalog | undefined): T {
  const type = typeof doc.properties.type === 'string' ? types?.get(doc.properties.type) : undefined;
  const tp = doc.properties.typeProperties;
  if (!type?.uiHints || !tp || typeof tp !== 'object' || Array.isArray(tp)) return doc;
  const copy = structuredClone(tp) as Record<string, unknown>;
  let changed = false;
  for (const [pointer, hint] of Object.entries(type.uiHints)) {
    if (hint.widget !== 'password') continue;
    const tokens = pointer.split('/').slice(1).map(decode);
    let parent: Record<string, unknown> | undefined = copy;
    for (const t of tokens.slice(0, -1)) {
      const next: unknown = parent?.[t];
      parent = next && typeof next === 'object' && !Array.isArray(next) ? (next as Record<string, unknown>) : undefined;
    }
    const last = tokens.at(-1);
    if (!parent || last === undefined) continue;
    const value = parent[last];
    if (typeof value === 'string' && value !== '' && !value.startsWith('@')) {
      parent[last] = { type: 'SecureString', value };
      changed = true;
    }
  }
  return changed ? { ...doc, properties: { ...doc.properties, typeProperties: copy } } : doc;
}
