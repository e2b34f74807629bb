/**
 * The trigger document as the trigger editor edits it: a fresh document per type, a type change that keeps
 * the pipelines, the pipelines of any type (`pipelines`, or a tumbling-window trigger's one `pipeline`), and
 * the form schema of each type, taken from the engine's own JSON Schemas (the ones the server validates
 * with), minus the properties the editor draws by hand. Pure, so it is tested without rendering.
 */
import {
  blobEventsTriggerTypeProperties,
  queueMessageTriggerTypeProperties,
  scheduleTriggerTypeProperties,
  tumblingWindowTriggerTypeProperties,
  webhookTriggerTypeProperties,
  type TriggerType,
} from '@sluice/engine';
import type { Problem, Schema, UiHint } from '../../model/types.js';

/** One `{pipelineReference, parameters}` of a trigger. */
export interface TriggerPipelineRef {
  pipelineReference: { referenceName: string; type: 'PipelineReference'; [key: string]: unknown };
  parameters?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A trigger document (loose: keys the editor does not know survive a load → edit → save). */
export interface TriggerDoc {
  name: string;
  properties: {
    type: string;
    description?: string;
    typeProperties: Record<string, unknown>;
    pipelines?: TriggerPipelineRef[];
    pipeline?: TriggerPipelineRef;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** A trigger type as the type select offers it. */
export interface TriggerKind {
  type: TriggerType;
  title: string;
  description: string;
}

/** The five trigger types, in the order the type select lists them. */
export const TRIGGER_KINDS: readonly TriggerKind[] = [
  { type: 'ScheduleTrigger', title: 'Schedule', description: 'Starts its pipelines on a calendar recurrence (every day at 08:00, every 15 minutes …).' },
  { type: 'TumblingWindowTrigger', title: 'Tumbling window', description: 'One run per fixed, back-to-back time window, with backfill of past windows, retries and dependencies.' },
  { type: 'BlobEventsTrigger', title: 'Storage events', description: 'Starts its pipelines when a file is created or deleted in a local folder or under an S3 prefix.' },
  { type: 'QueueMessageTrigger', title: 'Queue message (Sluice)', description: 'Starts its pipelines per message, or per batch, from BullMQ, Redis Streams, RabbitMQ, MQTT or NATS.' },
  { type: 'WebhookTrigger', title: 'Webhook (Sluice)', description: "Starts its pipelines when POST /api/hooks/{trigger} is called with the trigger's secret." },
];

/** The canonical type name of a document's `properties.type` (case-insensitive), or undefined. */
export function triggerKind(type: unknown): TriggerKind | undefined {
  const lower = String(type ?? '').toLowerCase();
  return TRIGGER_KINDS.find((k) => k.type.toLowerCase() === lower);
}

/** `2024-03-01T08:00:00Z` for an instant, rounded down to `unit`. */
export function isoFloor(ms: number, unit: 'minute' | 'hour'): string {
  const step = unit === 'minute' ? 60_000 : 3_600_000;
  return new Date(Math.floor(ms / step) * step).toISOString().replace('.000Z', 'Z');
}

/** The `typeProperties` a new trigger of `type` starts with (valid where the type allows, so the form is usable at once). */
export function defaultTypeProperties(type: TriggerType, now: number): Record<string, unknown> {
  switch (type) {
    case 'ScheduleTrigger':
      return { recurrence: { frequency: 'Day', interval: 1, startTime: isoFloor(now, 'hour'), timeZone: 'UTC' } };
    case 'TumblingWindowTrigger':
      return { frequency: 'Hour', interval: 1, startTime: isoFloor(now, 'hour'), maxConcurrency: 1 };
    case 'BlobEventsTrigger':
      return { events: ['Microsoft.Storage.BlobCreated'], ignoreEmptyBlobs: true };
    case 'QueueMessageTrigger':
      return { broker: 'bullmq' };
    case 'WebhookTrigger':
      return { authenticationType: 'ApiKey' };
  }
}

const pipelineRef = (name: string): TriggerPipelineRef => ({ pipelineReference: { referenceName: name, type: 'PipelineReference' }, parameters: {} });

/** A new trigger document; `pipeline` (Add trigger in the pipeline editor) becomes its first pipeline. */
export function freshTrigger(name: string, type: TriggerType, now: number, pipeline?: string): TriggerDoc {
  return withPipelineRefs({ name, properties: { type, typeProperties: defaultTypeProperties(type, now) } }, pipeline ? [pipelineRef(pipeline)] : []);
}

/** The pipelines a trigger starts, whatever its type. */
export function pipelineRefs(doc: TriggerDoc): TriggerPipelineRef[] {
  const p = doc.properties;
  if (Array.isArray(p.pipelines)) return p.pipelines;
  return p.pipeline ? [p.pipeline] : [];
}

/**
 * The document with these pipelines: a tumbling-window trigger keeps the first as its one `pipeline` (ADF's
 * shape), every other type a `pipelines` list.
 */
export function withPipelineRefs(doc: TriggerDoc, refs: readonly TriggerPipelineRef[]): TriggerDoc {
  const { pipeline: _one, pipelines: _many, ...rest } = doc.properties;
  if (triggerKind(doc.properties.type)?.type === 'TumblingWindowTrigger') {
    return { ...doc, properties: { ...rest, ...(refs[0] ? { pipeline: refs[0] } : {}) } };
  }
  return { ...doc, properties: { ...rest, pipelines: [...refs] } };
}

/** The document as another type: new type properties, the same pipelines (a tumbling window keeps the first). */
export function changeType(doc: TriggerDoc, type: TriggerType, now: number): TriggerDoc {
  const refs = pipelineRefs(doc);
  return withPipelineRefs({ ...doc, properties: { ...doc.properties, type, typeProperties: defaultTypeProperties(type, now) } }, refs);
}

/** What a type's form draws by hand (the schema cannot say it well), by type. */
const HAND_WRITTEN: Record<TriggerType, string[]> = {
  ScheduleTrigger: ['/recurrence/schedule'],
  TumblingWindowTrigger: ['/dependsOn'],
  BlobEventsTrigger: ['/events', '/linkedServiceName', '/scope'],
  QueueMessageTrigger: [],
  WebhookTrigger: ['/methods'],
};

const ENGINE_SCHEMAS: Record<TriggerType, unknown> = {
  ScheduleTrigger: scheduleTriggerTypeProperties,
  TumblingWindowTrigger: tumblingWindowTriggerTypeProperties,
  BlobEventsTrigger: blobEventsTriggerTypeProperties,
  QueueMessageTrigger: queueMessageTriggerTypeProperties,
  WebhookTrigger: webhookTriggerTypeProperties,
};

/**
 * A case-insensitive enum (the engine writes it as a `pattern` with the spellings in `examples`, because ADF
 * accepts `day` and `Day`) becomes a plain `enum`, so the form shows a select.
 */
function formReady(schema: Schema, omit: readonly string[], at: string): Schema {
  const { pattern, examples, ...rest } = schema;
  let out: Schema = Array.isArray(examples) && examples.every((e) => typeof e === 'string') && typeof pattern === 'string' && rest.type === 'string'
    ? { ...rest, enum: examples }
    : schema;
  if (out.properties) {
    const properties = Object.fromEntries(
      Object.entries(out.properties).filter(([k]) => !omit.includes(`${at}/${k}`)).map(([k, s]) => [k, formReady(s, omit, `${at}/${k}`)]),
    );
    out = { ...out, properties };
  }
  if (out.items && !Array.isArray(out.items)) out = { ...out, items: formReady(out.items, omit, `${at}/items`) };
  return out;
}

/** The form schema of a type's `typeProperties`: the engine's schema, enums as selects, hand-drawn parts left out. */
export function formSchema(type: TriggerType): Schema {
  return formReady(ENGINE_SCHEMAS[type] as Schema, HAND_WRITTEN[type], '');
}

/** UI hints of each type's form, by JSON pointer into `typeProperties` (as activities declare theirs). */
export const TRIGGER_HINTS: Record<TriggerType, Record<string, UiHint>> = {
  ScheduleTrigger: {
    '/recurrence/startTime': { placeholder: '2024-01-01T08:00:00' },
    '/recurrence/timeZone': { placeholder: 'UTC, W. Europe Standard Time or Europe/Paris' },
  },
  TumblingWindowTrigger: {
    '/startTime': { placeholder: '2024-01-01T00:00:00Z' },
    '/endTime': { placeholder: '2024-12-31T00:00:00Z' },
    '/delay': { placeholder: '00:10:00' },
    '/retryPolicy': { help: 'A failed window is started again after intervalInSeconds (default 30), up to count times.' },
  },
  BlobEventsTrigger: {
    '/blobPathBeginsWith': { placeholder: 'landing/' },
    '/blobPathEndsWith': { placeholder: '.csv' },
  },
  QueueMessageTrigger: {
    '/connection': { widget: 'json', help: 'A linked service {"referenceName": "…", "type": "LinkedServiceReference"}, or {"url": "amqp://…"}. Empty: the local broker (REDIS_URL, AMQP_URL, MQTT_URL, NATS_URL).' },
    '/filters': { widget: 'json', help: 'A list of {"path": "/device/kind", "operator": "equals", "value": "thermo"}: a message starts a run only when every filter holds.' },
  },
  WebhookTrigger: {
    '/secret': { widget: 'password', help: 'Leave empty and Sluice generates one (an admin reads it with Show secret).' },
  },
};

/** Values a triggered run can pass its pipeline, by type (docs/triggers.md, "What a triggered run sees"). */
export const TRIGGER_VALUES: Record<TriggerType, string[]> = {
  ScheduleTrigger: ['@trigger().scheduledTime', "@formatDateTime(trigger().scheduledTime, 'yyyy-MM-dd')", '@trigger().startTime', '@trigger().name'],
  TumblingWindowTrigger: ['@trigger().outputs.windowStartTime', '@trigger().outputs.windowEndTime', '@trigger().scheduledTime', '@trigger().name'],
  BlobEventsTrigger: ['@triggerBody().folderPath', '@triggerBody().fileName', '@triggerBody().eventType', '@triggerBody().url'],
  QueueMessageTrigger: ['@triggerBody()', '@triggerBody().messages', '@trigger().startTime'],
  WebhookTrigger: ['@triggerBody()', '@trigger().startTime', '@trigger().triggerRunId'],
};

/** The text a parameter value is edited as (strings as they are, anything else as JSON). */
export function parameterText(value: unknown): string {
  return value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * A parameter value from its text and the pipeline's declared type: expressions (`@…`) and strings stay
 * text; numbers, booleans, arrays and objects are read as JSON when they parse, so `5` for an Int is 5.
 * Empty text means "not set" (undefined: the pipeline's default applies).
 */
export function parameterValue(text: string, declaredType: string | undefined): unknown {
  if (text === '') return undefined;
  if (text.startsWith('@')) return text;
  const t = (declaredType ?? 'String').toLowerCase();
  if (t === 'string' || t === 'securestring') return text;
  try {
    const parsed: unknown = JSON.parse(text);
    if ((t === 'int' || t === 'float') && typeof parsed === 'number') return parsed;
    if (t === 'bool' && typeof parsed === 'boolean') return parsed;
    if ((t === 'array' && Array.isArray(parsed)) || (t === 'object' && parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))) return parsed;
  } catch {
    // Not JSON: kept as typed; the server's validation says what is wrong with it.
  }
  return text;
}

/**
 * Problems as the form places them: a missing required property is reported by the server on its parent
 * (`/properties/typeProperties`, "… is missing the required property 'events'"); it is moved onto the missing
 * property's own pointer, so the field that needs a value shows it.
 */
export function locateProblems(problems: readonly Problem[]): Problem[] {
  return problems.map((p) => {
    const missing = /missing the required property '([^']+)'/.exec(p.message)?.[1];
    return missing && typeof p.pointer === 'string' ? { ...p, pointer: `${p.pointer}/${missing}` } : p;
  });
}
