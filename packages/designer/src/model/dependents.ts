/**
 * Problems a document would cause in other stored resources (`POST /api/validate` with scope `dependents`,
 * which Publish asks for): each names its resource. The editor lists them beside its own problems, but they
 * point into another document, so they are placed on no node and no field.
 */
import type { Problem } from './types.js';

const NOUNS: Readonly<Record<string, string>> = {
  pipelines: 'pipeline', datasets: 'dataset', linkedservices: 'linked service', dataflows: 'data flow', triggers: 'trigger',
};

/** The resource a problem is in when it is not the edited document's ("trigger 'Nightly'"), else undefined. */
export function resourceLabel(p: Problem): string | undefined {
  const r = p.resource;
  if (!r || typeof r !== 'object') return undefined;
  const { kind, name } = r as { kind?: unknown; name?: unknown };
  if (typeof kind !== 'string' || typeof name !== 'string') return undefined;
  return `${NOUNS[kind] ?? kind} '${name}'`;
}

/** Says where another resource's problem is in its message and drops its pointer (it is not into this document). */
export function describeElsewhere(p: Problem): Problem {
  const label = resourceLabel(p);
  if (!label) return p;
  const { pointer, ...rest } = p;
  return { ...rest, message: `In ${label}${pointer ? ` at ${pointer}` : ''}: ${p.message}` };
}
