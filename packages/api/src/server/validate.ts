import { validateFactory, type FactoryDocument, type Problem, type ResourceKind } from '@sluice/engine';
import type { ServerContext } from './context.js';
import { KIND_SEGMENTS } from './context.js';

/** A problem in another stored resource than the one validated, named by its URL segment and name. */
export interface ResourceProblem extends Problem {
  readonly resource?: { readonly kind: string; readonly name: string };
}

/**
 * How far {@link validateInFactory} looks: `document` reports the document's own problems; `dependents` adds
 * the problems the document would cause in other stored resources (a trigger that no longer passes a
 * parameter the pipeline now requires, a pipeline whose ExecutePipeline lost its target), and only those:
 * problems another resource already had are not the change's doing. ADF's Publish checks the whole factory
 * before it goes live; this is that check without blocking on what was already broken.
 */
export type ValidationScope = 'document' | 'dependents';

const problemKey = (p: Problem): string => JSON.stringify([p.file, p.code, p.pointer, p.message]);

/**
 * Validates one document as it would sit in the stored factory: its own schema, types and expressions,
 * and its references to the other stored resources (the stored one of the same name is replaced by it).
 */
export async function validateInFactory(context: ServerContext, kind: ResourceKind, doc: unknown, scope: ValidationScope = 'document'): Promise<ResourceProblem[]> {
  const docName = typeof (doc as { name?: unknown } | null)?.name === 'string' ? (doc as { name: string }).name : undefined;
  const name = docName?.toLowerCase();
  // The document under validation is the only one with a bare file name (named after it, so no name-mismatch
  // warning); the others get `<segment>/<name>.json`, which tells their problems apart.
  const file = `${docName ?? 'request'}.json`;
  const others: FactoryDocument[] = [];
  let stored: FactoryDocument | undefined;
  for (const [segment, k] of KIND_SEGMENTS) {
    for (const d of await context.engine.factory.list(k)) {
      const entry = { kind: k, doc: d, file: `${segment}/${d.name}.json` };
      if (k === kind && d.name.toLowerCase() === name) stored = entry;
      else others.push(entry);
    }
  }
  const problems = validateFactory([...others, { kind, doc, file }], context.catalog);
  const own = problems.filter((p) => p.file === file).map(({ file: _file, ...p }) => p);
  if (scope === 'document') return own;
  const before = new Set(validateFactory(stored ? [...others, stored] : others, context.catalog).map(problemKey));
  const caused = problems.filter((p) => p.file !== file && !before.has(problemKey(p))).map(({ file: f, ...p }) => {
    const at = (f ?? '').indexOf('/');
    return { ...p, resource: { kind: (f ?? '').slice(0, at), name: (f ?? '').slice(at + 1).replace(/\.json$/, '') } };
  });
  return [...own, ...caused];
}

/** The JSON shape of a problem in responses. */
export const problemSchema = {
  type: 'object',
  required: ['code', 'severity', 'message', 'pointer'],
  properties: {
    code: { type: 'string' }, severity: { type: 'string', enum: ['error', 'warning'] }, message: { type: 'string' },
    pointer: { type: 'string' }, position: { type: 'integer' },
    resource: { type: 'object', required: ['kind', 'name'], properties: { kind: { type: 'string' }, name: { type: 'string' } } },
  },
} as const;
