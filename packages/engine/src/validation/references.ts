import type { ErrorCode } from '../errors/index.js';
import { isPlainObject } from '../expressions/values.js';
import { joinPointer, type Problem } from './problem.js';

/** What a reference check needs to know about one resource: its name and declared parameters. */
export interface IndexedResource {
  readonly name: string;
  /** Declared parameters by name; a parameter without `defaultValue` must be given by every reference. */
  readonly parameters: Readonly<Record<string, { type?: string; defaultValue?: unknown }>>;
}

/** The resources of a factory, by kind and lower-cased name, for cross-reference checks. */
export interface FactoryIndex {
  readonly pipelines: ReadonlyMap<string, IndexedResource>;
  readonly datasets: ReadonlyMap<string, IndexedResource>;
  readonly linkedServices: ReadonlyMap<string, IndexedResource>;
  readonly dataflows: ReadonlyMap<string, IndexedResource>;
  readonly triggers: ReadonlyMap<string, IndexedResource>;
}

const KINDS: Record<string, { index: keyof FactoryIndex; code: ErrorCode; label: string }> = {
  datasetreference: { index: 'datasets', code: 'DATASET_NOT_FOUND', label: 'dataset' },
  linkedservicereference: { index: 'linkedServices', code: 'LINKED_SERVICE_NOT_FOUND', label: 'linked service' },
  pipelinereference: { index: 'pipelines', code: 'PIPELINE_NOT_FOUND', label: 'pipeline' },
  dataflowreference: { index: 'dataflows', code: 'DATAFLOW_NOT_FOUND', label: 'data flow' },
  triggerreference: { index: 'triggers', code: 'TRIGGER_NOT_FOUND', label: 'trigger' },
};

const kindOf = (v: Record<string, unknown>): string => (typeof v.type === 'string' ? v.type.toLowerCase() : '');

/** Builds a {@link FactoryIndex} entry from a resource document (`{name, properties: {parameters}}`). */
export function indexResource(doc: unknown): IndexedResource | undefined {
  if (!isPlainObject(doc) || typeof doc.name !== 'string') return undefined;
  const props = isPlainObject(doc.properties) ? doc.properties : {};
  const parameters: Record<string, { type?: string; defaultValue?: unknown }> = {};
  // Sluice data flows declare their parameters inside typeProperties (beside their steps).
  const typeProps = isPlainObject(props.typeProperties) ? props.typeProperties : {};
  const declared = isPlainObject(props.parameters) ? props.parameters : isPlainObject(typeProps.parameters) ? typeProps.parameters : undefined;
  if (declared) {
    for (const [k, v] of Object.entries(declared)) {
      if (isPlainObject(v)) parameters[k] = { ...(typeof v.type === 'string' ? { type: v.type } : {}), ...('defaultValue' in v ? { defaultValue: v.defaultValue } : {}) };
    }
  }
  return { name: doc.name, parameters };
}

/**
 * Finds every `{referenceName, type: '…Reference'}` object inside `value` and checks that the named
 * resource exists in the factory and receives every parameter it requires. `skip` leaves out sub-trees
 * by pointer (nested activity lists).
 */
export function checkReferences(value: unknown, pointer: string, factory: FactoryIndex, skip: ReadonlySet<string> = new Set()): Problem[] {
  const problems: Problem[] = [];
  const walk = (v: unknown, p: string, parent?: Record<string, unknown>): void => {
    if (skip.has(p)) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, joinPointer(p, i)));
      return;
    }
    if (!isPlainObject(v)) return;
    // ExecutePipeline and triggers give a pipeline's parameters beside the reference, not inside it.
    const given = isPlainObject(v.parameters) ? v.parameters : kindOf(v) === 'pipelinereference' && isPlainObject(parent?.parameters) ? parent.parameters : undefined;
    const givenPointer = isPlainObject(v.parameters) ? joinPointer(p, 'parameters') : joinPointer(p.slice(0, p.lastIndexOf('/')), 'parameters');
    const kind = KINDS[kindOf(v)];
    if (kind && typeof v.referenceName === 'string') {
      const target = factory[kind.index].get(v.referenceName.toLowerCase());
      if (!target) {
        const known = [...factory[kind.index].values()].map((r) => r.name);
        problems.push({
          code: kind.code, severity: 'error', pointer: joinPointer(p, 'referenceName'),
          message: `The ${kind.label} '${v.referenceName}' does not exist in the factory${known.length ? ` (${kind.label}s: ${known.join(', ')})` : ''}.`,
        });
      } else {
        const givenNames = new Set(Object.keys(given ?? {}).map((k) => k.toLowerCase()));
        for (const [name, spec] of Object.entries(target.parameters)) {
          if (!('defaultValue' in spec) && !givenNames.has(name.toLowerCase())) {
            problems.push({
              code: 'REQUIRED_PARAMETER_MISSING', severity: 'error', pointer: p,
              message: `The ${kind.label} '${target.name}' requires the parameter '${name}' (it has no default value), but this reference does not give it.`,
            });
          }
        }
        const declared = new Set(Object.keys(target.parameters).map((k) => k.toLowerCase()));
        if (given) {
          for (const name of Object.keys(given)) {
            if (!declared.has(name.toLowerCase())) {
              problems.push({
                code: 'PARAMETER_NOT_FOUND', severity: 'warning', pointer: joinPointer(givenPointer, name),
                message: `The ${kind.label} '${target.name}' declares no parameter '${name}': the value is ignored.`,
              });
            }
          }
        }
      }
    }
    for (const [k, x] of Object.entries(v)) walk(x, joinPointer(p, k), v);
  };
  walk(value, pointer);
  return problems;
}
