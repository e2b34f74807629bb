import type { JsonValue } from '../expressions/values.js';
import { errorFromThrown } from './activity-errors.js';
import { typeProperties, type FrameActivity } from './document.js';
import { contextFor, resolveFor } from './expression-context.js';
import { parsePolicy } from './policy.js';
import type { ActivityPolicy, RunCommand } from './types.js';
import { addRecord, type Working } from './working.js';

/**
 * Starting a work activity (Copy, Lookup, Web … anything the scheduler does not decide): its properties
 * are resolved with the expression context of its frame and handed to the runtime as a `RunActivity`
 * command. Retries and the timeout are the runtime's (it reports the end after the last attempt); the
 * scheduler only parses the policy. An expression error fails the activity at once, without a command.
 */
export function startWorkActivity(w: Working, frameId: string, fa: FrameActivity): void {
  const ctx = contextFor(w.state, frameId, w.env.now);
  const fail = (error: ReturnType<typeof errorFromThrown>): void => {
    addRecord(w, frameId, fa, { status: 'Failed', error });
  };

  const tp = resolveFor(ctx, typeProperties(fa.def), fa.name, `${fa.pointer}/typeProperties`);
  if (!tp.ok) return fail(tp.error);
  const datasets = (field: 'inputs' | 'outputs'): JsonValue[] | ReturnType<typeof errorFromThrown> => {
    const raw = fa.def[field];
    if (!Array.isArray(raw)) return [];
    const r = resolveFor(ctx, raw, fa.name, `${fa.pointer}/${field}`);
    if (!r.ok) return r.error;
    return Array.isArray(r.value) ? r.value : [];
  };
  const inputs = datasets('inputs');
  if (!Array.isArray(inputs)) return fail(inputs);
  const outputs = datasets('outputs');
  if (!Array.isArray(outputs)) return fail(outputs);
  let linkedServiceName: JsonValue | undefined;
  if (fa.def.linkedServiceName !== undefined) {
    const r = resolveFor(ctx, fa.def.linkedServiceName, fa.name, `${fa.pointer}/linkedServiceName`);
    if (!r.ok) return fail(r.error);
    linkedServiceName = r.value;
  }
  const rawPolicy = resolveFor(ctx, fa.def.policy ?? {}, fa.name, `${fa.pointer}/policy`);
  if (!rawPolicy.ok) return fail(rawPolicy.error);
  let policy: ActivityPolicy;
  try {
    policy = parsePolicy(rawPolicy.value, `${fa.pointer}/policy`);
  } catch (thrown) {
    return fail(errorFromThrown(thrown, fa.name, `${fa.pointer}/policy`));
  }

  const record = addRecord(w, frameId, fa, policy.secureInput ? { status: 'Queued' } : { status: 'Queued', input: tp.value });
  const command: Extract<RunCommand, { type: 'RunActivity' }> = {
    type: 'RunActivity',
    key: record.key,
    activityRunId: record.activityRunId,
    activityName: record.activityName,
    activityType: record.activityType,
    input: tp.value,
    inputs,
    outputs,
    policy,
  };
  if (linkedServiceName !== undefined) command.linkedServiceName = linkedServiceName;
  if (typeof fa.def.typeVersion === 'number') command.typeVersion = fa.def.typeVersion;
  w.commands.push(command);
}
