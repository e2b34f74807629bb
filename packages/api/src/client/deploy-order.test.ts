import { describe, expect, it } from 'vitest';
import type { FactoryDocument } from '@sluice/engine';
import { deployOrder } from './deploy-order.js';

const ref = (type: string, referenceName: string) => ({ referenceName, type });
const doc = (kind: FactoryDocument['kind'], name: string, properties: Record<string, unknown> = {}): FactoryDocument => ({ kind, doc: { name, properties } });

describe('deployOrder', () => {
  it('puts referenced resources first: kinds in order, then pipelines after the pipelines they execute', () => {
    const docs = [
      doc('trigger', 'Nightly', { pipelines: [{ pipelineReference: ref('PipelineReference', 'A') }] }),
      doc('pipeline', 'A', { activities: [{ name: 'X', type: 'ExecutePipeline', typeProperties: { pipeline: ref('PipelineReference', 'B') } }] }),
      doc('pipeline', 'B', { activities: [{ name: 'Y', type: 'ExecutePipeline', typeProperties: { pipeline: ref('PipelineReference', 'C') } }] }),
      doc('pipeline', 'C', { activities: [{ name: 'L', type: 'Lookup', typeProperties: { dataset: ref('DatasetReference', 'D') } }] }),
      doc('dataset', 'D', { linkedServiceName: ref('LinkedServiceReference', 'L') }),
      doc('dataflow', 'F', { sources: [{ dataset: ref('DatasetReference', 'D') }] }),
      doc('linkedService', 'L'),
    ];
    expect(deployOrder(docs).map((d) => `${d.kind}:${(d.doc as { name: string }).name}`)).toEqual([
      'linkedService:L', 'dataset:D', 'dataflow:F', 'pipeline:C', 'pipeline:B', 'pipeline:A', 'trigger:Nightly',
    ]);
  });

  it('keeps every document of a reference cycle, in kind and name order', () => {
    const docs = [
      doc('pipeline', 'B', { activities: [{ typeProperties: { pipeline: ref('PipelineReference', 'A') } }] }),
      doc('pipeline', 'A', { activities: [{ typeProperties: { pipeline: ref('PipelineReference', 'B') } }] }),
    ];
    expect(deployOrder(docs).map((d) => (d.doc as { name: string }).name).sort()).toEqual(['A', 'B']);
    expect(deployOrder(docs)).toHaveLength(2);
  });
});
