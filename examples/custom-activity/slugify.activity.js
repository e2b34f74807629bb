// The Slugify activity: turns titles into URL slugs ("Crème Brûlée, 2nd edition!" → "creme-brulee-2nd-edition").
//
// A Sluice work activity is a plain object: the shape `defineActivity(…)` from '@sluice/engine' returns
// (type, version, kind 'work', a JSON Schema of its typeProperties, and `run`). Writing the object directly
// keeps this package free of dependencies and of a build step; a TypeScript plugin would call
// `defineActivity` to have its props typed from the schema.

/** The largest number of values one activity run slugifies (the output stays well under ADF's 4 MB). */
const MAX_VALUES = 10_000;

/**
 * One slug: accents removed (Unicode NFKD, combining marks dropped), lower-cased, every run of characters
 * other than letters and digits replaced by the separator, trimmed, cut at `maxLength` on a word boundary
 * when possible.
 */
export function slugify(text, separator = '-', maxLength = 80) {
  const base = String(text)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, separator)
    .split(separator)
    .filter(Boolean)
    .join(separator);
  if (base.length <= maxLength) return base;
  const cut = base.slice(0, maxLength);
  const lastBreak = cut.lastIndexOf(separator);
  return lastBreak > maxLength / 2 ? cut.slice(0, lastBreak) : cut;
}

export const slugifyActivity = {
  type: 'Slugify',
  version: 1,
  kind: 'work',
  category: 'Text',
  title: 'Slugify',
  description: 'Turns each of a list of texts into a URL slug (accents removed, lower case, words joined by a separator); duplicates get -2, -3 … suffixes.',
  typeProperties: {
    type: 'object',
    additionalProperties: false,
    required: ['values'],
    properties: {
      values: { type: 'array', items: { type: 'string' }, maxItems: MAX_VALUES, description: 'The texts to slugify.' },
      separator: { type: 'string', enum: ['-', '_', '.'], default: '-', description: 'What joins the words.' },
      maxLength: { type: 'integer', minimum: 8, maximum: 200, default: 80, description: 'Longest slug, cut on a word boundary when possible.' },
      unique: { type: 'boolean', default: true, description: 'Suffix repeated slugs with -2, -3 … so each is unique.' },
    },
  },
  uiHints: {
    values: { widget: 'json', order: 1 },
    separator: { widget: 'select', order: 2 },
    maxLength: { widget: 'number', order: 3 },
    unique: { widget: 'checkbox', order: 4 },
  },
  output: {
    type: 'object',
    properties: {
      slugs: { type: 'array', items: { type: 'string' } },
      count: { type: 'integer' },
      duplicates: { type: 'integer' },
    },
  },
  async run(ctx, props) {
    const separator = props.separator ?? '-';
    const maxLength = props.maxLength ?? 80;
    const unique = props.unique ?? true;
    const seen = new Map();
    const slugs = [];
    let duplicates = 0;
    for (const [i, value] of props.values.entries()) {
      if (i % 1000 === 0) ctx.signal.throwIfAborted();
      let slug = slugify(value, separator, maxLength);
      const n = (seen.get(slug) ?? 0) + 1;
      seen.set(slug, n);
      if (n > 1) {
        duplicates += 1;
        if (unique) slug = `${slug}${separator}${n}`;
      }
      slugs.push(slug);
    }
    ctx.log.info(`slugified ${slugs.length} value(s)`, { duplicates });
    ctx.progress({ fraction: 1, message: `${slugs.length} slug(s)` });
    return { slugs, count: slugs.length, duplicates };
  },
};
