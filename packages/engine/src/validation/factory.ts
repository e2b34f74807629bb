import { isPlainObject } from '../expressions/values.js';
import { checkExpressionsIn } from './expressions.js';
import { validatePipeline, type TypeLookup, type ValidationCatalog } from './pipeline.js';
import type { Problem } from './problem.js';
import { checkReferences, indexResource, type FactoryIndex, type IndexedResource } from './references.js';
import { checkResourceSchema, checkTypeProperties } from './schema-check.js';

/** The kinds of resource a factory holds, named as ADF's git folders are. */
export type ResourceKind = 'pipeline' | 'dataset' | 'linkedService' | 'trigger' | 'dataflow';

/** One resource document with the file it came from (relative path), when it came from a file. */
export interface FactoryDocument {
  readonly kind: ResourceKind;
  readonly doc: unknown;
  readonly file?: string;
}

const INDEX_KEY: Record<ResourceKind, keyof FactoryIndex> = {
  pipeline: 'pipelines', dataset: 'datasets', linkedService: 'linkedServices', trigger: 'triggers', dataflow: 'dataflows',
};

/** Builds the cross-reference index of a set of documents (the first document of a name wins). */
export function indexFactory(documents: readonly FactoryDocument[]): FactoryIndex {
  const maps: Record<keyof FactoryIndex, Map<string, IndexedResource>> = {
    pipelines: new Map(), datasets: new Map(), linkedServices: new Map(), triggers: new Map(), dataflows: new Map(),
  };
  for (const d of documents) {
    const r = indexResource(d.doc);
    const map = maps[INDEX_KEY[d.kind]];
    if (r && !map.has(r.name.toLowerCase())) map.set(r.name.toLowerCase(), r);
  }
  return maps;
}

const lowerKeys = (o: unknown): Set<string> => new Set(isPlainObject(o) ? Object.keys(o).map((k) => k.toLowerCase()) : []);

function checkTyped(
  doc: unknown,
  lookup: TypeLookup | undefined,
  code: 'UNSUPPORTED_DATASET_TYPE' | 'UNSUPPORTED_LINKED_SERVICE_TYPE',
  label: string,
): Problem[] {
  if (!lookup || !isPlainObject(doc) || !isPlainObject(doc.properties) || typeof doc.properties.type !== 'string') return [];
  const type = lookup.get(doc.properties.type);
  if (!type) {
    return [{
      code, severity: 'error', pointer: '/properties/type',
      message: `'${doc.properties.type}' is not a supported ${label} type. Supported types: ${lookup.typeNames().join(', ')}.`,
    }];
  }
  return checkTypeProperties(type.typeProperties, doc.properties.typeProperties ?? {}, '/properties/typeProperties');
}

function validateOne(d: FactoryDocument, catalog: ValidationCatalog, factory: FactoryIndex): Problem[] {
  const doc = d.doc;
  const props = isPlainObject(doc) && isPlainObject(doc.properties) ? doc.properties : undefined;
  switch (d.kind) {
    case 'pipeline':
      return validatePipeline(doc, catalog, { factory });
    case 'dataset': {
      const problems = [...checkResourceSchema('dataset', doc), ...checkTyped(doc, catalog.datasetTypes, 'UNSUPPORTED_DATASET_TYPE', 'dataset')];
      if (props) {
        checkExpressionsIn(props.typeProperties, '/properties/typeProperties', { itemAllowed: false, datasetParameters: lowerKeys(props.parameters) }, problems);
        problems.push(...checkReferences(props.linkedServiceName, '/properties/linkedServiceName', factory));
      }
      return problems;
    }
    case 'linkedService': {
      const problems = [...checkResourceSchema('linkedService', doc), ...checkTyped(doc, catalog.linkedServiceTypes, 'UNSUPPORTED_LINKED_SERVICE_TYPE', 'linked service')];
      if (props) checkExpressionsIn(props.typeProperties, '/properties/typeProperties', { itemAllowed: false, linkedServiceParameters: lowerKeys(props.parameters) }, problems);
      return problems;
    }
    case 'trigger': {
      const problems = checkResourceSchema('trigger', doc);
      if (props) {
        problems.push(...checkReferences(props.pipelines, '/properties/pipelines', factory));
        problems.push(...checkReferences(props.pipeline, '/properties/pipeline', factory));
      }
      return problems;
    }
    case 'dataflow': {
      const problems = checkResourceSchema('dataflow', doc);
      const type = typeof props?.type === 'string' ? props.type.toLowerCase() : '';
      const check = Object.entries(catalog.dataFlowChecks ?? {}).find(([t]) => t.toLowerCase() === type)?.[1];
      if (check && props && !problems.some((p) => p.severity === 'error')) problems.push(...check(props.typeProperties));
      return problems;
    }
  }
}

/**
 * Validates a whole factory: each document on its own (as {@link validatePipeline} does for pipelines),
 * plus what only the whole can tell — references between resources, duplicate names, and file names that
 * do not match the resource's `name`. Every problem carries its document's `file`.
 */
export function validateFactory(documents: readonly FactoryDocument[], catalog: ValidationCatalog): Problem[] {
  const factory = indexFactory(documents);
  const problems: Problem[] = [];
  const seen = new Map<string, FactoryDocument>();
  for (const d of documents) {
    const withFile = (p: Problem): Problem => (d.file ? { ...p, file: d.file } : p);
    problems.push(...validateOne(d, catalog, factory).map(withFile));
    const name = isPlainObject(d.doc) && typeof d.doc.name === 'string' ? d.doc.name : undefined;
    if (!name) continue;
    const key = `${d.kind}:${name.toLowerCase()}`;
    const first = seen.get(key);
    if (first) {
      problems.push(withFile({
        code: 'DUPLICATE_RESOURCE_NAME', severity: 'error', pointer: '/name',
        message: `Another ${d.kind} is already named '${name}'${first.file ? ` (${first.file})` : ''}.`,
      }));
    } else {
      seen.set(key, d);
    }
    if (d.file) {
      const base = d.file.split('/').pop()?.replace(/\.json$/i, '');
      if (base !== undefined && base !== name) {
        problems.push(withFile({
          code: 'RESOURCE_NAME_MISMATCH', severity: 'warning', pointer: '/name',
          message: `The file is named '${base}.json' but the ${d.kind} inside is named '${name}': ADF's git layout names each file after its resource.`,
        }));
      }
    }
  }
  return problems;
}

