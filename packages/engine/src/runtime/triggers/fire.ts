/**
 * Starting a trigger's pipelines for one firing, and recording the trigger run. Run ids are derived from
 * the trigger run id, so firing the same thing twice (a retry after a crash) finds the runs already
 * started instead of starting new ones.
 */
import { createHash } from 'node:crypto';
import { SluiceError } from '../../errors/index.js';
import type { JsonValue } from '../../expressions/values.js';
import type { TriggerPipelineReference } from '../../model/trigger.js';
import { triggerParameters, triggerSystemFields, type TriggerFiring } from '../../triggers/trigger-context.js';
import type { Engine } from '../engine.js';
import type { StoredResource } from '../factory-store.js';
import type { TriggerRun, TriggerStore } from './trigger-store.js';

/** A UUID-shaped id derived from `text` (stable across processes). */
export function stableId(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The pipelines a trigger document starts (`pipelines`, or a tumbling-window trigger's `pipeline`). */
export function triggerPipelines(doc: StoredResource): TriggerPipelineReference[] {
  const p = doc.properties as { pipelines?: TriggerPipelineReference[]; pipeline?: TriggerPipelineReference };
  return p.pipelines ?? (p.pipeline ? [p.pipeline] : []);
}

/** The trigger type of a stored trigger document. */
export function triggerType(doc: StoredResource): string {
  return String(doc.properties.type);
}

/** What {@link firePipelines} needs. */
export interface FireInput {
  engine: Engine;
  store: TriggerStore;
  doc: StoredResource;
  firing: TriggerFiring;
  triggerRunId: string;
  now: number;
  properties: Record<string, JsonValue>;
  messageIds?: string[];
}

/**
 * Starts each pipeline of the trigger with its parameters evaluated against `@trigger()` / `@triggerBody()`,
 * then records the trigger run. A pipeline that cannot start (missing, bad parameters) makes the trigger run
 * `Failed` with the reason; the others still start.
 */
export async function firePipelines(input: FireInput): Promise<TriggerRun> {
  const { engine, doc, firing, triggerRunId, now } = input;
  const triggered: Record<string, string> = {};
  const problems: string[] = [];
  const refs = triggerPipelines(doc);
  for (const [i, ref] of refs.entries()) {
    const pipelineName = ref.pipelineReference.referenceName;
    try {
      const parameters = triggerParameters(ref.parameters, firing, now);
      const run = await engine.startRun(pipelineName, {
        runId: stableId(`${engine.keys.prefix}/${triggerRunId}/${i}`),
        parameters,
        invokedBy: { type: triggerType(doc), name: doc.name, id: triggerRunId },
        system: triggerSystemFields(firing),
        trigger: firing.trigger,
        ...(firing.triggerBody !== undefined ? { triggerBody: firing.triggerBody } : {}),
      });
      triggered[pipelineName] = run.runId;
    } catch (e) {
      problems.push(`${pipelineName}: ${e instanceof SluiceError ? `${e.code} ${e.message}` : String(e)}`);
    }
  }
  if (refs.length === 0) problems.push(`trigger '${doc.name}' names no pipeline`);
  const run: TriggerRun = {
    triggerRunId,
    triggerName: doc.name,
    triggerType: triggerType(doc),
    triggerRunTimestamp: new Date(now).toISOString(),
    status: problems.length ? 'Failed' : 'Succeeded',
    ...(problems.length ? { message: problems.join('; ') } : {}),
    triggeredPipelines: triggered,
    properties: input.properties,
    ...(input.messageIds ? { messageIds: input.messageIds } : {}),
  };
  await input.store.recordRun(run);
  return run;
}
