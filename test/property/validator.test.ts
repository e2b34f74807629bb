import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, validatePipeline, type Problem } from '@sluice/engine';
import { createCatalog } from '@sluice/api';

// Property-based tests of the pipeline validator (fast-check, fixed seed): random and mutated pipeline documents
// always come back as a list of problems, each with a known code, a severity and a JSON pointer that resolves
// inside the document (or to where the missing member would be). Never a throw.
const SEED = 20261124;
const TYPES = ['Wait', 'ForEach', 'IfCondition', 'Until', 'Switch', 'SetVariable', 'AppendVariable', 'Filter', 'Fail', 'ExecutePipeline', 'Copy', 'Lookup', 'WebActivity'];
const catalog = createCatalog();
// Schemas compiled once, at the top of the stack, as a long-running API or worker has them (see the BUG below).
for (const type of TYPES) validatePipeline({ name: 'P', properties: { activities: [{ name: 'A', type }] } }, catalog);

const valid = {
  name: 'P',
  properties: {
    parameters: { day: { type: 'String', defaultValue: '2024-01-01' } },
    variables: { acc: { type: 'Array', defaultValue: [] } },
    activities: [
      { name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } },
      { name: 'Each', type: 'ForEach', dependsOn: [{ activity: 'W', dependencyConditions: ['Succeeded'] }], typeProperties: {
        items: { value: '@range(0, 3)', type: 'Expression' },
        activities: [{ name: 'Add', type: 'AppendVariable', typeProperties: { variableName: 'acc', value: '@item()' } }],
      } },
      { name: 'Check', type: 'IfCondition', dependsOn: [{ activity: 'Each', dependencyConditions: ['Completed'] }], typeProperties: {
        expression: { value: "@equals(pipeline().parameters.day, '2024-01-01')", type: 'Expression' },
        ifTrueActivities: [{ name: 'Set', type: 'SetVariable', typeProperties: { variableName: 'acc', value: '@createArray(1)' } }],
      } },
    ],
  },
};

/** Every problem has a registered code, a severity and a well-formed pointer. */
function checkProblems(doc: unknown): Problem[] {
  let problems: Problem[];
  try {
    problems = validatePipeline(doc, catalog);
  } catch (e) {
    throw new Error(`validatePipeline threw for ${JSON.stringify(doc)?.slice(0, 300)}: ${String(e)}`, { cause: e });
  }
  expect(Array.isArray(problems)).toBe(true);
  for (const p of problems) {
    expect(Object.keys(ERROR_CODES), p.code).toContain(p.code);
    expect(['error', 'warning']).toContain(p.severity);
    expect(typeof p.message).toBe('string');
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.pointer === '' || p.pointer.startsWith('/'), p.pointer).toBe(true);
  }
  return problems;
}

const json = fc.jsonValue({ maxDepth: 3 });
const key = fc.oneof(fc.constantFrom('name', 'type', 'typeProperties', 'dependsOn', 'activities', 'properties', 'parameters', 'variables', 'policy', 'items', 'expression', 'value', 'activity', 'dependencyConditions', 'ifTrueActivities', 'state', '__proto__', 'constructor'), fc.string({ maxLength: 6 }));
const activityType = fc.constantFrom('Wait', 'ForEach', 'IfCondition', 'Until', 'Switch', 'SetVariable', 'AppendVariable', 'Filter', 'Fail', 'ExecutePipeline', 'Copy', 'Lookup', 'WebActivity', 'NoSuchType', '');

/** Sets `value` at a random path of a deep copy: the edits a user (or a broken tool) makes to a document. */
function mutate(doc: unknown, path: readonly string[], value: unknown, remove: boolean): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  let node: unknown = copy;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i] as string;
    if (node === null || typeof node !== 'object') return copy;
    const children = Array.isArray(node) ? node : Object.values(node as Record<string, unknown>);
    // Own members only: `node['__proto__']` would be Object.prototype, and an edit there pollutes every object.
    const own = !Array.isArray(node) && Object.hasOwn(node, k) ? (node as Record<string, unknown>)[k] : undefined;
    const next = Array.isArray(node) ? node[Number(k) % Math.max(node.length, 1)] : own ?? children[k.length % Math.max(children.length, 1)];
    node = next;
  }
  if (node !== null && typeof node === 'object') {
    const last = path[path.length - 1] as string;
    if (Array.isArray(node)) {
      if (remove) node.splice(Number.parseInt(last, 36) % Math.max(node.length, 1), 1);
      else node[Number.parseInt(last, 36) % (node.length + 1) || 0] = value;
    } else if (remove) delete (node as Record<string, unknown>)[last];
    else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

describe('pipeline validator (property-based)', () => {
  // A former BUG note here blamed the engine's lazy schema compile for validations that "stuck" after a deep call.
  // The cause was this file's own mutate(): it walked into `__proto__` and defined `type` on Object.prototype, and
  // every later document then had an inherited `type` everywhere. mutate() now walks own members only; the engine's
  // side (a compile that runs out of stack rethrows the RangeError, and the next compile works) is tested in
  // packages/engine/src/validation/schema-check.test.ts.
  it('documents with __proto__ and constructor members are validated as data and pollute nothing', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(fc.property(fc.array(key, { minLength: 1, maxLength: 6 }), json, fc.boolean(), (path, v, remove) => {
      checkProblems(JSON.parse(JSON.stringify(mutate(valid, [...path, '__proto__'], v, remove))));
      checkProblems(mutate(valid, [...path, 'type'], 'Switch', remove));
    }), { seed: SEED + 1, numRuns: 300 });
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(checkProblems(valid).filter((p) => p.severity === 'error')).toEqual([]);
    const polluted = JSON.parse('{"name":"P","properties":{"__proto__":{"type":"x"},"activities":[{"name":"A","type":"Wait","typeProperties":{"waitTimeInSeconds":1},"constructor":{"prototype":{"x":1}}}]}}');
    expect(checkProblems(polluted).map((p) => p.pointer)).toEqual(expect.arrayContaining(['/properties/__proto__', '/properties/activities/0/constructor']));
    expect(({} as Record<string, unknown>)['type']).toBeUndefined();
  });

  it('accepts the valid base document', () => {
    expect(checkProblems(valid).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('random JSON values in place of a pipeline give problems, never a throw', () => {
    fc.assert(fc.property(json, (doc) => void checkProblems(doc)), { seed: SEED, numRuns: 500 });
  });

  it('mutated pipelines (values replaced, members deleted, anywhere) give coded problems with pointers', () => {
    const value = fc.oneof(json, activityType, fc.constantFrom('@', '@{', "@activity('Nope').output", '@item()', "@variables('x')", '@pipeline().parameters.nope', '@concat(', { value: '@(', type: 'Expression' }));
    fc.assert(fc.property(fc.array(key, { minLength: 1, maxLength: 6 }), value, fc.boolean(), (path, v, remove) => {
      checkProblems(mutate(valid, path, v, remove));
    }), { seed: SEED + 1, numRuns: 800 });
  });

  it('random activity lists (types, names, dependencies, cycles) give problems, never a throw', () => {
    const names = fc.constantFrom('A', 'B', 'C', 'a', '', 'A/B', '~0');
    const activity = fc.record({
      name: names,
      type: activityType,
      dependsOn: fc.array(fc.record({ activity: names, dependencyConditions: fc.array(fc.constantFrom('Succeeded', 'Failed', 'Skipped', 'Completed', 'Nope'), { maxLength: 2 }) }), { maxLength: 3 }),
      typeProperties: fc.dictionary(key, json, { maxKeys: 3 }),
    }, { requiredKeys: ['name'] });
    fc.assert(fc.property(fc.array(activity, { maxLength: 6 }), (activities) => {
      const problems = checkProblems({ name: 'P', properties: { activities } });
      // Two activities with one name are always reported.
      const lower = activities.map((a) => a.name.toLowerCase());
      if (new Set(lower).size !== lower.length) expect(problems.some((p) => p.code === 'DUPLICATE_ACTIVITY_NAME' || p.code === 'SCHEMA_VIOLATION')).toBe(true);
    }), { seed: SEED + 2, numRuns: 500 });
  });
});
