/**
 * The static checks of a data flow — its schema, step names, inputs, outputs, cycles and parameter
 * references — and the order steps run in. Each problem names the step and a JSON pointer into the
 * document, so `sluice validate`, the designer and the activity report the same place.
 */
import { checkValue, SluiceError, type Problem } from '@sluice/engine';
import { parameterReferences } from './params.js';
import { sluiceDataFlowSchema } from './schema.js';
import type { DataFlowStep, SluiceDataFlowProperties } from './types.js';

/** Where `typeProperties` sits in a data flow document. */
export const TYPE_PROPERTIES_POINTER = '/properties/typeProperties';

/** The JSON pointer of a step (and optionally a field below it). */
export function stepPointer(index: number, ...path: Array<string | number>): string {
  return [`${TYPE_PROPERTIES_POINTER}/steps/${index}`, ...path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1'))].join('/');
}

/** How many inputs each step type takes: [min, max]. */
const INPUTS: Readonly<Record<string, readonly [number, number]>> = {
  source: [0, 0], join: [2, 2], exists: [2, 2], notExists: [2, 2], lookup: [2, 2], union: [2, Infinity], sql: [1, Infinity],
};

/** How many inputs a step of `type` takes: `[min, max]` (max `Infinity` when unbounded). */
export function stepInputRange(type: string): readonly [number, number] {
  return INPUTS[type] ?? [1, 1];
}

/** The extra outputs a step offers (`step.output`), besides its main one. */
export function namedOutputs(step: DataFlowStep): string[] {
  if (step.type === 'validate') return ['rejected'];
  if (step.type === 'conditionalSplit') {
    const outs = (step.outputs as Array<{ name: string }> | undefined)?.map((o) => o.name) ?? [];
    return [...outs, typeof step.defaultOutput === 'string' ? step.defaultOutput : 'default'];
  }
  return [];
}

/** A checked data flow: its steps in run order (every input before the steps reading it). */
export interface DataFlowPlan {
  readonly properties: SluiceDataFlowProperties;
  /** Steps with their index in the document, in an order that respects inputs. */
  readonly order: ReadonlyArray<{ step: DataFlowStep; index: number }>;
}

/** Every problem of a data flow's typeProperties (empty when it can run). */
export function dataFlowProblems(typeProperties: unknown): Problem[] {
  const schemaProblems = checkValue(sluiceDataFlowSchema, typeProperties, TYPE_PROPERTIES_POINTER, 'DATAFLOW_INVALID');
  if (schemaProblems.length) return schemaProblems;
  const props = typeProperties as SluiceDataFlowProperties;
  const problems: Problem[] = [];
  const add = (pointer: string, message: string): void => { problems.push({ code: 'DATAFLOW_INVALID', severity: 'error', pointer, message }); };
  const byName = new Map<string, { step: DataFlowStep; index: number }>();
  props.steps.forEach((step, index) => {
    const key = step.name.toLowerCase();
    if (byName.has(key)) add(stepPointer(index, 'name'), `Step '${step.name}': another step has this name (names are case-insensitive).`);
    else byName.set(key, { step, index });
  });
  const declared = new Set(Object.keys(props.parameters ?? {}));
  props.steps.forEach((step, index) => {
    const inputs = step.inputs ?? [];
    const [min, max] = INPUTS[step.type] ?? [1, 1];
    if (inputs.length < min || inputs.length > max) {
      const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      add(stepPointer(index, 'inputs'), `Step '${step.name}' (${step.type}) takes ${want} input(s), it has ${inputs.length}.`);
    }
    inputs.forEach((ref, i) => {
      const [stepName = '', output] = ref.split('.');
      const target = byName.get(stepName.toLowerCase());
      if (!target) add(stepPointer(index, 'inputs', i), `Step '${step.name}': input '${ref}' names no step of this data flow.`);
      else if (target.step.type === 'sink') add(stepPointer(index, 'inputs', i), `Step '${step.name}': input '${ref}' is a sink, which has no output.`);
      else if (output !== undefined && !namedOutputs(target.step).includes(output)) {
        const outs = namedOutputs(target.step);
        add(stepPointer(index, 'inputs', i), `Step '${step.name}': step '${target.step.name}' has no output '${output}'${outs.length ? ` (it has: ${outs.join(', ')})` : ''}.`);
      }
    });
    if (step.type === 'select' && step.columns === undefined && step.exclude === undefined) add(stepPointer(index), `Step '${step.name}' (select) needs 'columns' or 'exclude'.`);
    if (step.type === 'validate' && step.rules === undefined && step.jsonSchema === undefined) add(stepPointer(index), `Step '${step.name}' (validate) needs 'rules' or 'jsonSchema'.`);
    if ((step.type === 'exists' || step.type === 'notExists') && step.keys === undefined && step.condition === undefined) add(stepPointer(index), `Step '${step.name}' (${step.type}) needs 'keys' or 'condition'.`);
    if (step.type === 'join' && step.joinType !== 'cross' && step.keys === undefined && step.condition === undefined) add(stepPointer(index), `Step '${step.name}' (join) needs 'keys' or 'condition' (or joinType 'cross').`);
    for (const ref of parameterReferences(step)) {
      if (!declared.has(ref.name)) add(stepPointer(index, ...ref.path), `Step '${step.name}': parameter '$${ref.name}' is not declared in the data flow's parameters.`);
    }
  });
  if (!props.steps.some((s) => s.type === 'sink')) add(`${TYPE_PROPERTIES_POINTER}/steps`, 'A data flow needs at least one sink step.');
  if (!problems.length) {
    const cycle = findCycle(props.steps, byName);
    if (cycle) add(stepPointer(cycle.index, 'inputs'), `Steps form a cycle: ${cycle.path.join(' → ')}.`);
  }
  return problems;
}

function findCycle(steps: readonly DataFlowStep[], byName: ReadonlyMap<string, { step: DataFlowStep; index: number }>): { index: number; path: string[] } | undefined {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    const key = name.toLowerCase();
    if (state.get(key) === 2) return undefined;
    if (state.get(key) === 1) return [...stack.slice(stack.findIndex((s) => s.toLowerCase() === key)), name];
    state.set(key, 1);
    stack.push(name);
    for (const ref of byName.get(key)?.step.inputs ?? []) {
      const found = visit(ref.split('.')[0] ?? '');
      if (found) return found;
    }
    stack.pop();
    state.set(key, 2);
    return undefined;
  };
  for (const s of steps) {
    const path = visit(s.name);
    if (path) return { index: byName.get((path[0] ?? '').toLowerCase())?.index ?? 0, path };
  }
  return undefined;
}

/**
 * Checks a data flow and orders its steps; throws `DATAFLOW_INVALID` naming the first problem's step
 * and pointer (all problems are in `details.problems`).
 */
export function planDataFlow(typeProperties: unknown, flowName = 'data flow'): DataFlowPlan {
  const problems = dataFlowProblems(typeProperties);
  if (problems.length) {
    const first = problems[0] as Problem;
    throw new SluiceError('DATAFLOW_INVALID', `Data flow '${flowName}': ${first.pointer}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : ''}`, { pointer: first.pointer }, { problems });
  }
  const props = typeProperties as SluiceDataFlowProperties;
  const index = new Map(props.steps.map((s, i) => [s.name.toLowerCase(), i]));
  const done = new Set<number>();
  const order: Array<{ step: DataFlowStep; index: number }> = [];
  const visit = (i: number): void => {
    if (done.has(i)) return;
    done.add(i);
    const step = props.steps[i] as DataFlowStep;
    for (const ref of step.inputs ?? []) visit(index.get((ref.split('.')[0] ?? '').toLowerCase()) as number);
    order.push({ step, index: i });
  };
  props.steps.forEach((_, i) => visit(i));
  return { properties: props, order };
}
