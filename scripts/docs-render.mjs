// Renders the reference pages that are generated from code, so they cannot drift from it.
// `pnpm docs:generate` writes them; test/docs.test.ts fails when a committed page differs from what this renders.

/** docs/errors.md from the error-code registry. */
export function renderErrors(codes) {
  const rows = Object.entries(codes)
    .map(([code, info]) => `| \`${code}\` | ${info.httpStatus} | ${info.retryable ? 'yes' : 'no'} | ${info.description.replace(/\|/g, '\\|')} |`)
    .join('\n');
  return `# Error codes

Every error Sluice raises carries one of these codes. Branch on the code, never on the message: codes are
stable, messages improve. Errors cross process boundaries (BullMQ jobs, HTTP responses, \`--json\` output) as
\`{code, message, …}\` with, where it applies, a JSON \`pointer\` into the document, a \`position\` inside an
expression, or a \`file\` and \`row\` in data.

*Retry helps* says whether trying the same operation again can succeed: activities failing with a code marked
"no" are not retried, whatever their \`policy.retry\`.

This page is generated from \`packages/engine/src/errors/codes.ts\` by \`pnpm docs:generate\`; a test keeps it in step.

| code | HTTP status | retry helps | when |
|---|---|---|---|
${rows}
`;
}

/** docs/functions.md from the expression function registry. */
export function renderFunctions(functions) {
  const groups = new Map();
  for (const f of functions) {
    if (!groups.has(f.category)) groups.set(f.category, []);
    groups.get(f.category).push(f);
  }
  const order = ['string', 'collection', 'logical', 'conversion', 'math', 'date', 'scope'];
  const title = { string: 'String', collection: 'Collection', logical: 'Logical', conversion: 'Conversion', math: 'Math', date: 'Date', scope: 'Scope (what the run exposes)' };
  const sections = order
    .filter((c) => groups.has(c))
    .map((c) => {
      const rows = groups.get(c)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((f) => `| \`${f.name}\` | \`${f.signature.replace(/\|/g, '\\|')}\` | ${f.description.replace(/\|/g, '\\|')} |`)
        .join('\n');
      return `## ${title[c]}\n\n| function | signature | returns |\n|---|---|---|\n${rows}\n`;
    });
  return `# Expression functions

Every function of ADF's expression language that Sluice implements (${functions.length} in all), by group.
Names are matched case-insensitively (\`utcnow()\` is \`utcNow()\`). See [expressions.md](expressions.md) for the
syntax and semantics.

This page is generated from the function registry by \`pnpm docs:generate\`; a test keeps it in step.

${sections.join('\n')}`;
}
