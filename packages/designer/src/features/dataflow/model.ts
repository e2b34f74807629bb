/**
 * Pure edits of a data flow's step list: add, rename, remove, connect and disconnect, each returning a
 * new list whose `inputs` stay consistent (a renamed step is renamed in every input that reads it, a
 * removed one leaves no dangling input). Names are compared case-insensitively, as the runner does.
 * Kept free of React so the rules are tested as plain tables.
 */
import type { Problem } from '../../model/types.js';
import type { DataFlowDoc, StepDoc, StepTypeInfo } from './types.js';

/** A step name (`docs/dataflows.md`). */
export const STEP_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Where the steps sit in a data flow document. */
export const STEPS_POINTER = '/properties/typeProperties/steps';

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The steps of a document ([] when it has none, or is not a Sluice data flow). */
export function stepsOf(doc: DataFlowDoc): StepDoc[] {
  const steps = doc.properties.typeProperties?.steps;
  return Array.isArray(steps) ? steps : [];
}

/** The document with `steps` in place of its steps. */
export function withSteps(doc: DataFlowDoc, steps: StepDoc[]): DataFlowDoc {
  return { ...doc, properties: { ...doc.properties, typeProperties: { ...doc.properties.typeProperties, steps } } };
}

/** The step an input reads (`split.high` → `split`). */
export function refStep(ref: string): string {
  return ref.split('.')[0] ?? '';
}

/** The named output an input reads (`split.high` → `high`), or undefined for the main output. */
export function refOutput(ref: string): string | undefined {
  const i = ref.indexOf('.');
  return i < 0 ? undefined : ref.slice(i + 1);
}

/** The step of that name (case-insensitive). */
export function findStep(steps: readonly StepDoc[], name: string): StepDoc | undefined {
  return steps.find((s) => same(s.name, name));
}

/** The catalog entry of a step type. */
export function typeInfo(types: readonly StepTypeInfo[], type: string): StepTypeInfo | undefined {
  return types.find((t) => t.type === type) ?? types.find((t) => same(t.type, type));
}

/** Inputs a step of this type takes ([1, 1] for a type the catalog does not know, as the runner assumes). */
export function inputRange(info: StepTypeInfo | undefined): { min: number; max: number } {
  return info ? { min: info.inputs.min, max: info.inputs.max ?? Infinity } : { min: 1, max: 1 };
}

/** True for a step whose output other steps may read (every type but the sink). */
export function hasOutput(step: Pick<StepDoc, 'type'>): boolean {
  return step.type !== 'sink';
}

/** The named outputs of a step, besides its main one: the type's own (`rejected`) and those its settings name. */
export function stepOutputs(step: StepDoc, info: StepTypeInfo | undefined): string[] {
  if (!info) return [];
  if (!info.outputsFromSettings) return [...info.namedOutputs];
  const listed = Array.isArray(step.outputs) ? (step.outputs as Array<{ name?: unknown }>).map((o) => o?.name).filter((n): n is string => typeof n === 'string' && n !== '') : [];
  return [...listed, typeof step.defaultOutput === 'string' && step.defaultOutput ? step.defaultOutput : 'default'];
}

/** A free name for a new step of `type`: `filter1`, `filter2` … (case-insensitively unique). */
export function uniqueStepName(type: string, taken: readonly string[]): string {
  const base = type.replace(/[^A-Za-z0-9_]/g, '').replace(/^(?=[0-9])/, '_') || 'step';
  const used = new Set(taken.map((t) => t.toLowerCase()));
  let n = 1;
  while (used.has(`${base}${n}`.toLowerCase())) n += 1;
  return `${base}${n}`;
}

/**
 * Adds a step of `type`, named freshly. With `after` (a step or `step.output` the new one may read),
 * the new step reads it, as ADF's "+" after a node does; a source never takes an input.
 */
export function addStep(steps: readonly StepDoc[], type: string, info: StepTypeInfo | undefined, after?: string): { steps: StepDoc[]; name: string } {
  const name = uniqueStepName(type, steps.map((s) => s.name));
  const { max } = inputRange(info);
  const upstream = after ? findStep(steps, refStep(after)) : undefined;
  const reads = max > 0 && upstream && hasOutput(upstream) ? [after as string] : [];
  const step: StepDoc = max > 0 ? { name, type, inputs: reads } : { name, type };
  return { steps: [...steps, step], name };
}

/** Why `to` cannot be the new name of `from` (pattern, or another step's name), or undefined. */
export function stepNameProblem(steps: readonly StepDoc[], from: string, to: string): string | undefined {
  if (!STEP_NAME.test(to)) return 'A step name holds letters, digits and _, and does not start with a digit.';
  if (to.length > 128) return 'A step name is at most 128 characters.';
  if (steps.some((s) => s.name !== from && same(s.name, to))) return `Another step is already named ${to} (names are case-insensitive).`;
  return undefined;
}

/** Renames a step; every input reading it (`from`, `from.output`) follows. */
export function renameStep(steps: readonly StepDoc[], from: string, to: string): StepDoc[] {
  return steps.map((s) => {
    const renamed = same(s.name, from) ? { ...s, name: to } : s;
    if (!s.inputs?.some((i) => same(refStep(i), from))) return renamed;
    return { ...renamed, inputs: s.inputs.map((i) => (same(refStep(i), from) ? `${to}${refOutput(i) !== undefined ? `.${refOutput(i)}` : ''}` : i)) };
  });
}

/** Removes steps; inputs that read them are dropped from the steps that remain. */
export function removeSteps(steps: readonly StepDoc[], names: ReadonlySet<string>): StepDoc[] {
  const gone = new Set([...names].map((n) => n.toLowerCase()));
  return steps
    .filter((s) => !gone.has(s.name.toLowerCase()))
    .map((s) => (s.inputs?.some((i) => gone.has(refStep(i).toLowerCase())) ? { ...s, inputs: s.inputs.filter((i) => !gone.has(refStep(i).toLowerCase())) } : s));
}

/** Every step `name` reads from, directly or not (lower-case names). */
export function upstreamOf(steps: readonly StepDoc[], name: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(findStep(steps, name)?.inputs ?? [])].map(refStep);
  while (stack.length) {
    const n = stack.pop() as string;
    if (seen.has(n.toLowerCase())) continue;
    seen.add(n.toLowerCase());
    stack.push(...(findStep(steps, n)?.inputs ?? []).map(refStep));
  }
  return seen;
}

/**
 * Makes step `to` read `fromRef` (a step, or `step.output`). A step taking one input has it replaced; a
 * step taking several gets it appended (order matters: a join's first input is its left side). Refused,
 * with a reason a user can act on: a source, a full step, a sink as the upstream, an unknown output, a cycle.
 */
export function connectSteps(steps: readonly StepDoc[], fromRef: string, to: string, types: readonly StepTypeInfo[]): { steps: StepDoc[] } | { error: string } {
  const from = findStep(steps, refStep(fromRef));
  const target = findStep(steps, to);
  if (!from || !target) return { error: `No step named ${!from ? refStep(fromRef) : to}.` };
  if (same(from.name, target.name)) return { error: `${target.name} cannot read its own output.` };
  if (!hasOutput(from)) return { error: `${from.name} is a sink: it has no output to read.` };
  const output = refOutput(fromRef);
  if (output !== undefined && !stepOutputs(from, typeInfo(types, from.type)).includes(output)) return { error: `${from.name} has no output '${output}'.` };
  const ref = output !== undefined ? `${from.name}.${output}` : from.name;
  const info = typeInfo(types, target.type);
  const { max } = inputRange(info);
  if (max === 0) return { error: `${target.name} (${info?.title ?? target.type}) takes no input.` };
  const inputs = target.inputs ?? [];
  if (inputs.some((i) => same(i, ref))) return { steps: [...steps] };
  if (upstreamOf(steps, from.name).has(target.name.toLowerCase())) return { error: `${target.name} cannot read ${from.name}: ${from.name} already reads ${target.name}, that would make a cycle.` };
  if (max !== 1 && inputs.length >= max) return { error: `${target.name} (${info?.title ?? target.type}) takes at most ${max} inputs: remove one first.` };
  const next = max === 1 ? [ref] : [...inputs, ref];
  return { steps: steps.map((s) => (s === target ? { ...s, inputs: next } : s)) };
}

/** Removes the `index`-th input of `target`. */
export function disconnectInput(steps: readonly StepDoc[], target: string, index: number): StepDoc[] {
  return steps.map((s) => (same(s.name, target) && s.inputs ? { ...s, inputs: s.inputs.filter((_, i) => i !== index) } : s));
}

/** Moves the `index`-th input of `target` by `delta` places (a join's left and right swap). */
export function moveInput(steps: readonly StepDoc[], target: string, index: number, delta: number): StepDoc[] {
  return steps.map((s) => {
    if (!same(s.name, target) || !s.inputs) return s;
    const j = index + delta;
    if (j < 0 || j >= s.inputs.length) return s;
    const inputs = [...s.inputs];
    [inputs[index], inputs[j]] = [inputs[j] as string, inputs[index] as string];
    return { ...s, inputs };
  });
}

/** The step a problem's pointer names (`/properties/typeProperties/steps/2/condition` → step 2, field `/condition`). */
export function locateStep(pointer: string | undefined): { index: number; field: string } | undefined {
  const m = /^\/properties\/typeProperties\/steps\/(\d+)(\/.*)?$/.exec(pointer ?? '');
  return m ? { index: Number(m[1]), field: m[2] ?? '' } : undefined;
}

/**
 * The checks the editor can make without the data: names, types, input counts, inputs that name no
 * step or no output, required settings, cycles and a sink — each a `DATAFLOW_INVALID` problem with the
 * pointer the server would give. Columns and SQL are checked by the server (preview, run).
 */
export function checkDataFlow(doc: DataFlowDoc, types: readonly StepTypeInfo[]): Problem[] {
  if (doc.properties.type !== 'SluiceDataFlow') return [];
  const steps = stepsOf(doc);
  const problems: Problem[] = [];
  const add = (pointer: string, message: string): void => {
    problems.push({ code: 'DATAFLOW_INVALID', severity: 'error', pointer, message });
  };
  if (!steps.length) add(STEPS_POINTER, 'A data flow needs steps: add a source from the palette.');
  const seen = new Set<string>();
  steps.forEach((step, index) => {
    const at = `${STEPS_POINTER}/${index}`;
    if (!STEP_NAME.test(step.name)) add(`${at}/name`, `Step '${step.name}': a name holds letters, digits and _, and does not start with a digit.`);
    else if (seen.has(step.name.toLowerCase())) add(`${at}/name`, `Step '${step.name}': another step has this name (names are case-insensitive).`);
    seen.add(step.name.toLowerCase());
    const info = typeInfo(types, step.type);
    if (types.length && !info) add(`${at}/type`, `Step '${step.name}': unknown step type '${step.type}'.`);
    const inputs = step.inputs ?? [];
    const { min, max } = inputRange(info);
    if (inputs.length < min || inputs.length > max) {
      const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      add(`${at}/inputs`, `Step '${step.name}' (${step.type}) takes ${want} input(s), it has ${inputs.length}.`);
    }
    inputs.forEach((ref, i) => {
      const from = findStep(steps, refStep(ref));
      const output = refOutput(ref);
      if (!from) add(`${at}/inputs/${i}`, `Step '${step.name}': input '${ref}' names no step of this data flow.`);
      else if (!hasOutput(from)) add(`${at}/inputs/${i}`, `Step '${step.name}': input '${ref}' is a sink, which has no output.`);
      else if (output !== undefined && !stepOutputs(from, typeInfo(types, from.type)).includes(output)) add(`${at}/inputs/${i}`, `Step '${step.name}': step '${from.name}' has no output '${output}'.`);
    });
    for (const key of info?.settings.required ?? []) {
      if (step[key] === undefined || step[key] === '') add(`${at}/${key}`, `Step '${step.name}' (${info?.title ?? step.type}) needs '${key}'.`);
    }
    if (upstreamOf(steps, step.name).has(step.name.toLowerCase())) add(`${at}/inputs`, `Step '${step.name}' reads its own output through its inputs: a cycle.`);
  });
  if (steps.length && !steps.some((s) => s.type === 'sink')) add(STEPS_POINTER, 'A data flow needs at least one sink step.');
  return problems;
}
