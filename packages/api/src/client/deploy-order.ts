import type { FactoryDocument, ResourceKind } from '@sluice/engine';
import type { ResourceSegment } from './client.js';

/** The API's URL segment of each resource kind. */
export const SEGMENT_OF: Readonly<Record<ResourceKind, ResourceSegment>> = {
  linkedService: 'linkedservices', dataset: 'datasets', dataflow: 'dataflows', pipeline: 'pipelines', trigger: 'triggers',
};

const KIND_RANK: Readonly<Record<ResourceKind, number>> = { linkedService: 0, dataset: 1, dataflow: 2, pipeline: 3, trigger: 4 };

const REFERENCE_KIND: Readonly<Record<string, ResourceKind>> = {
  linkedservicereference: 'linkedService', datasetreference: 'dataset', dataflowreference: 'dataflow', pipelinereference: 'pipeline',
};

const keyOf = (kind: ResourceKind, name: string): string => `${kind}:${name.toLowerCase()}`;
const nameOf = (d: FactoryDocument): string => String((d.doc as { name?: unknown }).name ?? '');

/** Every `{referenceName, type: "…Reference"}` inside a document: the resources it needs to exist first. */
function references(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const kind = typeof o.type === 'string' ? REFERENCE_KIND[o.type.toLowerCase()] : undefined;
    if (kind && typeof o.referenceName === 'string') out.add(keyOf(kind, o.referenceName));
    for (const v of Object.values(o)) references(v, out);
  }
  return out;
}

/**
 * Orders documents so that each comes after what it references (the server validates a save against the
 * stored factory, so a pipeline must follow the datasets it reads and the pipelines it executes): linked
 * services, datasets, data flows, pipelines, triggers, and inside a kind referenced ones first. A reference
 * cycle (two pipelines executing each other) keeps the kind order for its members.
 */
export function deployOrder(documents: readonly FactoryDocument[]): FactoryDocument[] {
  const sorted = [...documents].sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || nameOf(a).localeCompare(nameOf(b)));
  const byKey = new Map(sorted.map((d) => [keyOf(d.kind, nameOf(d)), d]));
  const out: FactoryDocument[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (d: FactoryDocument): void => {
    const key = keyOf(d.kind, nameOf(d));
    if (state.has(key)) return;
    state.set(key, 'visiting');
    for (const ref of references(d.doc, new Set())) {
      const dep = byKey.get(ref);
      if (dep && ref !== key && state.get(ref) !== 'visiting') visit(dep);
    }
    state.set(key, 'done');
    out.push(d);
  };
  for (const d of sorted) visit(d);
  return out;
}
