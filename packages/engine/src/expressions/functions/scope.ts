import { stringArg } from './args.js';
import { fn, type ExpressionFunction } from './types.js';
import { fromJson, isPlainObject, type Value } from '../values.js';
import type { CallSite } from '../context.js';

function findCaseInsensitive<T>(record: Record<string, T> | undefined, name: string): { key: string; value: T } | undefined {
  if (!record) return undefined;
  if (Object.prototype.hasOwnProperty.call(record, name)) return { key: name, value: record[name] as T };
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(record)) if (k.toLowerCase() === lower) return { key: k, value: v };
  return undefined;
}

function available(record: Record<string, unknown> | undefined): string {
  const keys = record ? Object.keys(record) : [];
  return keys.length ? `available ones are '${keys.join(', ')}'` : 'none is available here';
}

function scopeObject(call: CallSite, value: unknown, what: string): Value {
  if (value === undefined) return call.fail(`The template language function '${call.name}' is not available here: ${what}.`, 'EXPRESSION_SCOPE');
  return fromJson(value);
}

/**
 * The functions that read the run's scope rather than compute: `pipeline()`, `variables()`,
 * `activity()`, `item()`, `dataset()`, `linkedService()`, `trigger()`, `triggerBody()`, `triggerOutputs()`.
 * They read the {@link ExpressionContext} the caller gives.
 */
export const scopeFunctions: readonly ExpressionFunction[] = [
  fn('pipeline', 'scope', [0, 0], 'pipeline(): object',
    'The running pipeline: parameters, globalParameters, DataFactory, Pipeline, RunId, TriggerType, TriggerId, TriggerName, TriggerTime, GroupId, TriggeredByPipelineName, TriggeredByPipelineRunId.',
    (_args, call) => {
      const p = call.context.pipeline ?? {};
      const v = fromJson(p);
      return isPlainObject(v) && !('parameters' in v) ? { ...v, parameters: {} } : v;
    }),
  fn('variables', 'scope', [1, 1], 'variables(variableName: string): any', "The current value of a pipeline variable.",
    (args, call) => {
      const name = stringArg(args, 0, call);
      const found = findCaseInsensitive(call.context.variables, name);
      if (!found) return call.fail(`The variable '${name}' is not declared in the pipeline: ${available(call.context.variables)}.`, 'EXPRESSION_SCOPE');
      return fromJson(found.value);
    }),
  fn('activity', 'scope', [1, 1], "activity(activityName: string): { output, Status, error }",
    "The result of an activity that ran before this one: its output, Status and error.",
    (args, call) => {
      const name = stringArg(args, 0, call);
      const found = findCaseInsensitive(call.context.activities, name);
      if (!found) {
        return call.fail(`The activity '${name}' has not run before this expression (or does not exist): ${available(call.context.activities)}.`, 'EXPRESSION_SCOPE');
      }
      return fromJson(found.value);
    }),
  fn('item', 'scope', [0, 0], 'item(): any', 'The current item of the enclosing ForEach.',
    (_args, call) => {
      if (!Object.prototype.hasOwnProperty.call(call.context, 'item')) {
        return call.fail("The template language function 'item' can only be used inside a ForEach activity.", 'EXPRESSION_SCOPE');
      }
      return fromJson(call.context.item);
    }),
  fn('dataset', 'scope', [0, 0], 'dataset(): object', "The parameters of the dataset being resolved (`@dataset().folder`).",
    (_args, call) => scopeObject(call, call.context.dataset, 'dataset() is only defined inside a dataset definition')),
  fn('linkedService', 'scope', [0, 0], 'linkedService(): object', 'The parameters of the linked service being resolved.',
    (_args, call) => scopeObject(call, call.context.linkedService, 'linkedService() is only defined inside a linked service definition')),
  fn('trigger', 'scope', [0, 0], 'trigger(): object', 'The trigger that started the run: name, startTime, scheduledTime, outputs (windowStartTime …).',
    (_args, call) => scopeObject(call, call.context.trigger, 'the run was not started by a trigger')),
  fn('triggerBody', 'scope', [0, 0], 'triggerBody(): any', 'The body of the event or message that started the run.',
    (_args, call) => scopeObject(call, call.context.triggerBody, 'the run was not started by an event or message')),
  fn('triggerOutputs', 'scope', [0, 0], 'triggerOutputs(): object', 'The outputs of the trigger (headers and body for a webhook).',
    (_args, call) => scopeObject(call, call.context.triggerOutputs, 'the run was not started by a trigger with outputs')),
];

