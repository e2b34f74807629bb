import { validateFactory, type FactoryDocument, type Problem, type ResourceKind } from '@sluice/engine';
import type { ServerContext } from './context.js';
import { KIND_SEGMENTS } from './context.js';

/**
 * Validates one document as it would sit in the stored factory: its own schema, types and expressions,
 * and its references to the other stored resources (the stored one of the same name is replaced by it).
 */
export async function validateInFactory(context: ServerContext, kind: ResourceKind, doc: unknown): Promise<Problem[]> {
  const docName = typeof (doc as { name?: unknown } | null)?.name === 'string' ? (doc as { name: string }).name : undefined;
  const name = docName?.toLowerCase();
  // The document under validation is the only one with a file (named after it, so no name-mismatch warning).
  const file = `${docName ?? 'request'}.json`;
  const documents: FactoryDocument[] = [];
  for (const [, k] of KIND_SEGMENTS) {
    for (const d of await context.engine.factory.list(k)) {
      if (k === kind && d.name.toLowerCase() === name) continue;
      documents.push({ kind: k, doc: d });
    }
  }
  documents.push({ kind, doc, file });
  return validateFactory(documents, context.catalog)
    .filter((p) => p.file === file)
    .map(({ file: _file, ...p }) => p);
}

/** The JSON shape of a problem in responses. */
export const problemSchema = {
  type: 'object',
  required: ['code', 'severity', 'message', 'pointer'],
  properties: {
    code: { type: 'string' }, severity: { type: 'string', enum: ['error', 'warning'] }, message: { type: 'string' },
    pointer: { type: 'string' }, position: { type: 'integer' },
  },
} as const;
