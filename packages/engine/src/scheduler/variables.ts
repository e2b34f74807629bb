import { isPlainObject, isInteger, typeName, type JsonValue } from '../expressions/values.js';
import { userError } from './activity-errors.js';
import { hasSecureInput, typeProperties, type FrameActivity } from './document.js';
import { contextFor, resolveFor, type Resolved } from './expression-context.js';
import type { ExpressionContext } from '../expressions/context.js';
import type { RunState } from './types.js';
import { addRecord, type Working } from './working.js';

/**
 * Set Variable and Append Variable. Variables are pipeline-scoped (parallel ForEach iterations share
 * them, as in ADF); names match the declaration case-insensitively and values must fit the declared
 * type. Set Variable with `setSystemVariable: true` on `pipelineReturnValue` sets the run's return value
 * from ADF's `[{key, value: {type, content}}]` form instead.
 *
 * Each record keeps what it did in `container` (`variableOp`, `variable`, `value`) so a rerun can replay
 * the effects of the activities it reuses.
 */

/** The declared variable a name refers to (case-insensitive): its declared name and type. */
export function declaredVariable(state: RunState, name: string): { name: string; type: string } | undefined {
  const vars = state.pipeline.properties.variables;
  if (!isPlainObject(vars)) return undefined;
  const lower = name.toLowerCase();
  for (const [declared, spec] of Object.entries(vars)) {
    if (declared.toLowerCase() !== lower) continue;
    const type = isPlainObject(spec) && typeof spec.type === 'string' ? spec.type : '';
    return { name: declared, type };
  }
  return undefined;
}

/** True when `value` fits a declared variable type (String, Bool/Boolean, Array, Integer; null always fits). */
export function fitsVariableType(type: string, value: JsonValue): boolean {
  if (value === null) return true;
  switch (type.toLowerCase()) {
    case 'string': return typeof value === 'string';
    case 'bool':
    case 'boolean': return typeof value === 'boolean';
    case 'array': return Array.isArray(value);
    case 'integer': return isInteger(value);
    default: return true;
  }
}

function variableTarget(w: Working, fa: FrameActivity, raw: unknown): Resolved<{ name: string; type: string }> {
  const name = typeof raw === 'string' ? raw : '';
  const declared = declaredVariable(w.state, name);
  if (declared) return { ok: true, value: declared };
  return {
    ok: false,
    error: userError('VARIABLE_NOT_FOUND', `${String(fa.def.type)} '${fa.name}' sets the variable '${name}', which is not declared in the pipeline's variables.`, fa.name, { pointer: `${fa.pointer}/typeProperties/variableName` }),
  };
}

function typedContent(ctx: ExpressionContext, entry: unknown, target: string, pointer: string): Resolved {
  if (!isPlainObject(entry) || typeof entry.type !== 'string') return resolveFor(ctx, entry, target, pointer);
  const content = entry.content;
  switch (entry.type.toLowerCase()) {
    case 'expression': return resolveFor(ctx, content, target, `${pointer}/content`);
    case 'string': return { ok: true, value: typeof content === 'string' ? content : JSON.stringify(content ?? null) };
    case 'int':
    case 'float': return { ok: true, value: typeof content === 'number' ? content : Number(content) };
    case 'boolean':
    case 'bool': return { ok: true, value: content === true || (typeof content === 'string' && content.toLowerCase() === 'true') };
    case 'null': return { ok: true, value: null };
    case 'array': {
      const items = Array.isArray(content) ? content : [];
      const out: JsonValue[] = [];
      for (const [i, item] of items.entries()) {
        const r = typedContent(ctx, item, target, `${pointer}/content/${i}`);
        if (!r.ok) return r;
        out.push(r.value);
      }
      return { ok: true, value: out };
    }
    case 'object':
      if (typeof content === 'string') {
        try {
          return { ok: true, value: JSON.parse(content) as JsonValue };
        } catch {
          return { ok: false, error: userError('EXPRESSION_TYPE', `The return value at ${pointer} is not a JSON object.`, target, { pointer }) };
        }
      }
      return resolveFor(ctx, content, target, `${pointer}/content`);
    default: return resolveFor(ctx, content, target, `${pointer}/content`);
  }
}

function setReturnValue(w: Working, frameId: string, fa: FrameActivity, raw: unknown): void {
  const ctx = contextFor(w.state, frameId, w.env.now);
  const pointer = `${fa.pointer}/typeProperties/value`;
  const out: Record<string, JsonValue> = {};
  if (Array.isArray(raw)) {
    for (const [i, entry] of raw.entries()) {
      if (!isPlainObject(entry) || typeof entry.key !== 'string') continue;
      const r = typedContent(ctx, entry.value, fa.name, `${pointer}/${i}/value`);
      if (!r.ok) return void addRecord(w, frameId, fa, { status: 'Failed', error: r.error });
      out[entry.key] = r.value;
    }
  } else {
    const r = resolveFor(ctx, raw, fa.name, pointer);
    if (!r.ok) return void addRecord(w, frameId, fa, { status: 'Failed', error: r.error });
    if (isPlainObject(r.value)) Object.assign(out, r.value);
  }
  w.state.returnValue = out;
  const input = hasSecureInput(fa.def) ? {} : { input: { variableName: 'pipelineReturnValue', value: out } };
  addRecord(w, frameId, fa, { status: 'Succeeded', ...input, output: { name: 'pipelineReturnValue', value: out }, container: { variableOp: 'return', value: out } });
}

/** Runs a Set Variable activity (synchronously: it ends in the step that starts it). */
export function runSetVariable(w: Working, frameId: string, fa: FrameActivity): void {
  const tp = typeProperties(fa.def);
  const isSystem = tp.setSystemVariable === true || (typeof tp.setSystemVariable === 'string' && tp.setSystemVariable.toLowerCase() === 'true');
  if (isSystem && typeof tp.variableName === 'string' && tp.variableName.toLowerCase() === 'pipelinereturnvalue') {
    return setReturnValue(w, frameId, fa, tp.value);
  }
  const target = variableTarget(w, fa, tp.variableName);
  if (!target.ok) return void addRecord(w, frameId, fa, { status: 'Failed', error: target.error });
  const ctx = contextFor(w.state, frameId, w.env.now);
  const value = resolveFor(ctx, tp.value ?? null, fa.name, `${fa.pointer}/typeProperties/value`);
  if (!value.ok) return void addRecord(w, frameId, fa, { status: 'Failed', error: value.error });
  const { name, type } = target.value;
  if (!fitsVariableType(type, value.value)) {
    const error = userError(
      'VARIABLE_TYPE_MISMATCH',
      `The variable '${name}' of type '${type}' cannot be initialized or updated with value of type '${typeName(value.value)}'. The variable '${name}' only supports values of types '${type}'.`,
      fa.name,
      { pointer: `${fa.pointer}/typeProperties/value` },
    );
    return void addRecord(w, frameId, fa, { status: 'Failed', error });
  }
  w.state.variables[name] = value.value;
  const input = hasSecureInput(fa.def) ? {} : { input: { variableName: name, value: value.value } };
  addRecord(w, frameId, fa, { status: 'Succeeded', ...input, output: { name, value: value.value }, container: { variableOp: 'set', variable: name, value: value.value } });
}

/** Runs an Append Variable activity: the variable must be declared as an Array (null counts as empty). */
export function runAppendVariable(w: Working, frameId: string, fa: FrameActivity): void {
  const tp = typeProperties(fa.def);
  const target = variableTarget(w, fa, tp.variableName);
  if (!target.ok) return void addRecord(w, frameId, fa, { status: 'Failed', error: target.error });
  const { name, type } = target.value;
  if (type.toLowerCase() !== 'array') {
    const error = userError('VARIABLE_TYPE_MISMATCH', `Append Variable '${fa.name}' appends to '${name}', which is of type '${type}'; only Array variables can be appended to.`, fa.name, { pointer: `${fa.pointer}/typeProperties/variableName` });
    return void addRecord(w, frameId, fa, { status: 'Failed', error });
  }
  const ctx = contextFor(w.state, frameId, w.env.now);
  const value = resolveFor(ctx, tp.value ?? null, fa.name, `${fa.pointer}/typeProperties/value`);
  if (!value.ok) return void addRecord(w, frameId, fa, { status: 'Failed', error: value.error });
  const current = w.state.variables[name];
  w.state.variables[name] = [...(Array.isArray(current) ? current : []), value.value];
  const input = hasSecureInput(fa.def) ? {} : { input: { variableName: name, value: value.value } };
  addRecord(w, frameId, fa, { status: 'Succeeded', ...input, output: {}, container: { variableOp: 'append', variable: name, value: value.value } });
}

/** Re-applies what a reused Set/Append Variable record did (reruns). */
export function replayVariableOp(state: RunState, container: Record<string, JsonValue> | undefined): void {
  if (!container) return;
  const op = container.variableOp;
  const value = container.value ?? null;
  if (op === 'return' && isPlainObject(value)) state.returnValue = value as Record<string, JsonValue>;
  if (typeof container.variable !== 'string') return;
  if (op === 'set') state.variables[container.variable] = value;
  if (op === 'append') {
    const current = state.variables[container.variable];
    state.variables[container.variable] = [...(Array.isArray(current) ? current : []), value];
  }
}
