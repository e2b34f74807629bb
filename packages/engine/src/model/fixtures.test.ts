import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { controlActivities } from '../activities/control/index.js';
import { ActivityRegistry } from '../activities/registry.js';
import { checkActivityEnvelope, checkResourceSchema, checkTypeProperties } from '../validation/schema-check.js';
import type { ResourceSchemaKind } from '../validation/schema-check.js';
import { builtinDatasetTypes, builtinLinkedServiceTypes } from './builtin-types.js';
import { TypeCatalog } from './types-catalog.js';

/** The sample factory in ADF's git layout: one folder per resource kind, one file per resource. */
const root = new URL('../../fixtures/factories/adf-samples/', import.meta.url);
const kinds: Array<[string, ResourceSchemaKind]> = [['pipeline', 'pipeline'], ['dataset', 'dataset'], ['linkedService', 'linkedService'], ['trigger', 'trigger']];

interface Loaded { file: string; kind: ResourceSchemaKind; doc: Record<string, unknown> }
const documents: Loaded[] = kinds.flatMap(([folder, kind]) =>
  readdirSync(new URL(`${folder}/`, root)).filter((f) => f.endsWith('.json')).map((f) => ({
    file: `${folder}/${f}`,
    kind,
    doc: JSON.parse(readFileSync(new URL(`${folder}/${f}`, root), 'utf8')) as Record<string, unknown>,
  })));

const props = (d: Loaded) => d.doc['properties'] as Record<string, unknown>;
const controls = new ActivityRegistry(controlActivities);

/** Every activity of a pipeline with its pointer, nested container lists included. */
function activities(list: unknown, pointer: string): Array<{ activity: Record<string, unknown>; pointer: string }> {
  if (!Array.isArray(list)) return [];
  return list.flatMap((a: Record<string, unknown>, i) => {
    const p = `${pointer}/${i}`;
    const tp = (a['typeProperties'] ?? {}) as Record<string, unknown>;
    const nested: Array<[unknown, string]> = [
      [tp['activities'], `${p}/typeProperties/activities`],
      [tp['ifTrueActivities'], `${p}/typeProperties/ifTrueActivities`],
      [tp['ifFalseActivities'], `${p}/typeProperties/ifFalseActivities`],
      [tp['defaultActivities'], `${p}/typeProperties/defaultActivities`],
      ...(Array.isArray(tp['cases']) ? tp['cases'].map((c: Record<string, unknown>, j): [unknown, string] => [c['activities'], `${p}/typeProperties/cases/${j}/activities`]) : []),
    ];
    return [{ activity: a, pointer: p }, ...nested.flatMap(([l, lp]) => activities(l, lp))];
  });
}

describe('fixtures/factories/adf-samples', () => {
  it('holds the sample pipelines, their datasets, linked services and a trigger', () => {
    expect(documents.filter((d) => d.kind === 'pipeline').map((d) => d.doc['name']).sort()).toEqual([
      'ArchiveIfLarge', 'CopyTablesToLake', 'IngestWithFailureBranch', 'Orchestrator', 'PollUntilReady', 'RouteByRegion',
    ]);
    expect(documents.filter((d) => d.kind === 'trigger')).toHaveLength(1);
  });

  it.each(documents.map((d) => [d.file, d]))('%s passes its schema and is named after its file', (file, d) => {
    expect(checkResourceSchema(d.kind, d.doc)).toEqual([]);
    expect(file.split('/').pop()).toBe(`${String(d.doc['name'])}.json`);
  });

  it('has dataset and linked-service typeProperties valid for the built-in types', () => {
    const catalogs = { dataset: new TypeCatalog('dataset', builtinDatasetTypes), linkedService: new TypeCatalog('linkedService', builtinLinkedServiceTypes) };
    for (const d of documents) {
      if (d.kind !== 'dataset' && d.kind !== 'linkedService') continue;
      const type = catalogs[d.kind].get(String(props(d)['type']));
      expect(type, `${d.file}: type`).toBeDefined();
      if (type) expect(checkTypeProperties(type.typeProperties, props(d)['typeProperties'], '/properties/typeProperties'), d.file).toEqual([]);
    }
  });

  it('has well-formed nested activities and valid control-activity typeProperties', () => {
    const types = new Set<string>();
    for (const d of documents.filter((x) => x.kind === 'pipeline')) {
      for (const { activity, pointer } of activities(props(d)['activities'], '/properties/activities')) {
        types.add(String(activity['type']));
        expect(checkActivityEnvelope(activity, pointer), `${d.file}${pointer}`).toEqual([]);
        const control = controls.get(String(activity['type']));
        if (control) expect(checkTypeProperties(control.typeProperties, activity['typeProperties'], `${pointer}/typeProperties`), `${d.file}${pointer}`).toEqual([]);
      }
    }
    // The samples exercise every container, the branch activities and the work activities other packages define.
    for (const t of ['ForEach', 'IfCondition', 'Switch', 'Until', 'Wait', 'SetVariable', 'Fail', 'ExecutePipeline', 'Lookup', 'Copy', 'WebActivity']) {
      expect(types).toContain(t);
    }
  });
});
