/**
 * The `typeProperties` of each trigger type: ADF's schedule, tumbling-window and storage-event
 * triggers, and Sluice's queue-message and webhook triggers.
 */
import type { JsonSchema } from '../schema/json-schema.js';
import { DATE_TIME_PATTERN, SIGNED_TIMESPAN_PATTERN, TIMESPAN_PATTERN, caseInsensitiveEnum, requireProperties } from './common.js';
import type { StringSchema } from './common.js';
import { linkedServiceReferenceSchema, triggerReferenceSchema } from './references.js';
import type { LinkedServiceReference, TriggerReference } from './references.js';
import { secretValueSchema } from './values.js';
import type { SecretValue } from './values.js';

const dateTime = (title: string, description: string): StringSchema => ({ type: 'string', title, description, pattern: DATE_TIME_PATTERN });

/** Recurrence units of a schedule trigger (matched case-insensitively). */
export const SCHEDULE_FREQUENCIES = ['Minute', 'Hour', 'Day', 'Week', 'Month'] as const;
/** Window units of a tumbling-window trigger (matched case-insensitively). */
export const TUMBLING_WINDOW_FREQUENCIES = ['Minute', 'Hour', 'Month'] as const;
/** Day names used by `weekDays` and `monthlyOccurrences`. */
export const WEEK_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
/** Blob events a storage-event trigger listens to. */
export const BLOB_EVENTS = ['Microsoft.Storage.BlobCreated', 'Microsoft.Storage.BlobDeleted'] as const;
/** Brokers a queue-message trigger can consume from (Sluice). */
export const QUEUE_BROKERS = ['bullmq', 'redisStream', 'rabbitmq', 'mqtt', 'nats'] as const;

/** ADF's schedule trigger: runs its pipelines on a recurrence. */
export interface ScheduleTriggerTypeProperties {
  recurrence: {
    frequency: string;
    interval: number;
    startTime: string;
    endTime?: string;
    /** Windows time-zone name (`W. Europe Standard Time`) or `UTC`. */
    timeZone?: string;
    schedule?: {
      minutes?: number[];
      hours?: number[];
      weekDays?: string[];
      monthDays?: number[];
      monthlyOccurrences?: Array<{ day: string; occurrence?: number }>;
    };
  };
}

/** ADF's tumbling-window trigger: one run per fixed window, with backfill, retries and dependencies. */
export interface TumblingWindowTriggerTypeProperties {
  frequency: string;
  interval: number;
  startTime: string;
  endTime?: string;
  /** Wait after the window ends before starting its run (timespan). */
  delay?: string;
  /** 1–50 windows run at once. */
  maxConcurrency: number;
  retryPolicy?: { count?: number; intervalInSeconds?: number };
  dependsOn?: Array<
    | { type: 'TumblingWindowTriggerDependencyReference'; referenceTrigger: TriggerReference; offset?: string; size?: string }
    | { type: 'SelfDependencyTumblingWindowTriggerReference'; offset: string; size?: string }
  >;
}

/** ADF's storage event trigger: runs when a file is created or deleted under a path. */
export interface BlobEventsTriggerTypeProperties {
  blobPathBeginsWith?: string;
  blobPathEndsWith?: string;
  ignoreEmptyBlobs?: boolean;
  events: string[];
  /** ADF: the storage account's Azure resource id; accepted and ignored by Sluice. */
  scope?: string;
  /** Sluice: the linked service whose store is watched (ADF uses `scope`). */
  linkedServiceName?: LinkedServiceReference;
}

/** Sluice's queue-message trigger: runs its pipelines for each message (or batch) from a broker. */
export interface QueueMessageTriggerTypeProperties {
  broker: (typeof QUEUE_BROKERS)[number];
  connection?: LinkedServiceReference | { url: SecretValue; [key: string]: unknown };
  queue?: string;
  subject?: string;
  topic?: string;
  batch?: { size?: number; seconds?: number };
  /** ADF custom-events style: the topic/subject/routing key must begin / end with these. */
  subjectBeginsWith?: string;
  subjectEndsWith?: string;
  /** ADF custom-events style: accepted event types (the AMQP `type`, a stream's `type` field, or the body's `type` / `eventType`). */
  events?: string[];
  filters?: Array<{ path: string; operator: string; value?: unknown }>;
  maxDeliveries?: number;
  /** How long a message id is remembered for de-duplication (default 7 days). */
  dedupeSeconds?: number;
  deadLetter?: { queue?: string; subject?: string; topic?: string };
  /** MQTT: sessions sharing the subscription (1–16, default 1, which keeps the topic's order). */
  connections?: number;
}

/** Sluice's webhook trigger: runs its pipelines for each accepted HTTP request. */
export interface WebhookTriggerTypeProperties {
  path?: string;
  methods?: string[];
  authenticationType?: string;
  secret?: SecretValue;
  headerName?: string;
}

/** Schema of a schedule trigger's typeProperties. */
export const scheduleTriggerTypeProperties = {
  type: 'object',
  properties: {
    recurrence: {
      type: 'object',
      title: 'Recurrence',
      properties: {
        frequency: caseInsensitiveEnum(SCHEDULE_FREQUENCIES, { title: 'Frequency' }),
        interval: { type: 'integer', title: 'Every', minimum: 1 },
        startTime: dateTime('Start', 'First run (ISO 8601; without offset it is read in timeZone).'),
        endTime: dateTime('End', 'No run after this time.'),
        timeZone: { type: 'string', title: 'Time zone', description: 'Windows time-zone name or UTC (default UTC).' },
        schedule: {
          type: 'object',
          title: 'Advanced schedule',
          properties: {
            minutes: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 59 } },
            hours: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 23 } },
            weekDays: { type: 'array', items: caseInsensitiveEnum(WEEK_DAYS) },
            monthDays: { type: 'array', items: { type: 'integer', minimum: -31, maximum: 31, not: { const: 0 } } },
            monthlyOccurrences: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  day: caseInsensitiveEnum(WEEK_DAYS),
                  occurrence: { type: 'integer', minimum: -5, maximum: 5, not: { const: 0 } },
                },
                required: ['day'],
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
      },
      required: ['frequency', 'interval', 'startTime'],
      additionalProperties: false,
    },
  },
  required: ['recurrence'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Schema of a tumbling-window trigger's typeProperties. */
export const tumblingWindowTriggerTypeProperties = {
  type: 'object',
  properties: {
    frequency: caseInsensitiveEnum(TUMBLING_WINDOW_FREQUENCIES, { title: 'Frequency' }),
    interval: { type: 'integer', title: 'Every', minimum: 1 },
    startTime: dateTime('Start', 'Start of the first window (UTC).'),
    endTime: dateTime('End', 'End of the last window (UTC).'),
    delay: { type: 'string', title: 'Delay', description: 'Wait after a window ends (d.hh:mm:ss).', pattern: TIMESPAN_PATTERN },
    maxConcurrency: { type: 'integer', title: 'Max concurrency', minimum: 1, maximum: 50 },
    retryPolicy: {
      type: 'object',
      title: 'Retry policy',
      properties: {
        count: { type: 'integer', minimum: 0 },
        intervalInSeconds: { type: 'integer', minimum: 0, description: 'ADF allows 30–86400.' },
      },
      additionalProperties: false,
    },
    dependsOn: {
      type: 'array',
      title: 'Dependencies',
      items: {
        type: 'object',
        properties: {
          type: { type: 'string', enum: ['TumblingWindowTriggerDependencyReference', 'SelfDependencyTumblingWindowTriggerReference'] },
          referenceTrigger: triggerReferenceSchema,
          offset: { type: 'string', pattern: SIGNED_TIMESPAN_PATTERN },
          size: { type: 'string', pattern: TIMESPAN_PATTERN },
        },
        required: ['type'],
        additionalProperties: false,
        allOf: [
          {
            if: { properties: { type: { const: 'TumblingWindowTriggerDependencyReference' } } },
            then: requireProperties('referenceTrigger'),
            else: requireProperties('offset'),
          },
        ],
      },
    },
  },
  required: ['frequency', 'interval', 'startTime', 'maxConcurrency'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Schema of a storage event trigger's typeProperties. */
export const blobEventsTriggerTypeProperties = {
  type: 'object',
  properties: {
    blobPathBeginsWith: { type: 'string', title: 'Path begins with', description: 'ADF form: /container/blobs/folder/' },
    blobPathEndsWith: { type: 'string', title: 'Path ends with' },
    ignoreEmptyBlobs: { type: 'boolean', title: 'Ignore empty files' },
    events: { type: 'array', title: 'Events', items: { type: 'string', enum: [...BLOB_EVENTS] }, minItems: 1 },
    scope: { type: 'string', description: "ADF: the storage account's Azure resource id; ignored by Sluice." },
    linkedServiceName: { ...linkedServiceReferenceSchema, description: 'Sluice: the linked service whose store is watched.' },
  },
  required: ['events'],
  additionalProperties: false,
} as const satisfies JsonSchema;

const destination = { type: 'string', minLength: 1 } as const;

/** Schema of a queue-message trigger's typeProperties (Sluice). */
export const queueMessageTriggerTypeProperties = {
  type: 'object',
  properties: {
    broker: { type: 'string', title: 'Broker', enum: [...QUEUE_BROKERS] },
    connection: {
      title: 'Connection',
      description: "A linked service, or an inline {url}. Default for bullmq: Sluice's own Redis.",
      anyOf: [
        linkedServiceReferenceSchema,
        { type: 'object', properties: { url: secretValueSchema }, required: ['url'] },
      ],
    },
    queue: { ...destination, title: 'Queue', description: 'bullmq, redisStream, rabbitmq: the queue or stream.' },
    subject: { ...destination, title: 'Subject', description: 'nats: the subject (wildcards allowed).' },
    topic: { ...destination, title: 'Topic', description: 'mqtt: the topic filter.' },
    batch: {
      type: 'object',
      title: 'Batch',
      description: 'Start one run per batch of up to size messages, or after seconds, whichever comes first.',
      properties: { size: { type: 'integer', minimum: 1 }, seconds: { type: 'number', minimum: 0 } },
      additionalProperties: false,
    },
    subjectBeginsWith: { type: 'string', title: 'Subject begins with', description: 'The topic, subject, routing key or job name must begin with this.' },
    subjectEndsWith: { type: 'string', title: 'Subject ends with' },
    events: { type: 'array', title: 'Event types', items: { type: 'string', minLength: 1 }, description: "Accepted event types (the message's type property or the body's type / eventType)." },
    dedupeSeconds: { type: 'integer', title: 'Remember message ids (s)', minimum: 1, description: 'How long a message id is remembered to drop duplicates (default 7 days).' },
    filters: {
      type: 'array',
      title: 'Filters',
      description: 'A message starts a run only when every filter holds.',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string', title: 'Path', description: 'Dotted path (a.b.0.c) or JSON pointer (/a/b/0/c) into the message body.' },
          operator: { type: 'string', enum: ['equals', 'notEquals', 'in', 'notIn', 'exists', 'startsWith', 'endsWith', 'contains'] },
          value: { title: 'Value' },
        },
        required: ['path', 'operator'],
        additionalProperties: false,
      },
    },
    maxDeliveries: { type: 'integer', title: 'Max deliveries', minimum: 1, description: 'Then the message is dead-lettered.' },
    connections: {
      type: 'integer', title: 'Connections', minimum: 1, maximum: 16,
      description: 'mqtt: sessions sharing the subscription ($share/…). More messages staged at once; above 1, no order across them. Default 1.',
    },
    deadLetter: {
      type: 'object',
      title: 'Dead letter',
      properties: { queue: destination, subject: destination, topic: destination },
      additionalProperties: false,
    },
  },
  required: ['broker'],
  additionalProperties: false,
  allOf: [
    { if: { properties: { broker: { enum: ['bullmq', 'redisStream', 'rabbitmq'] } } }, then: requireProperties('queue') },
    { if: { properties: { broker: { const: 'mqtt' } } }, then: requireProperties('topic') },
    { if: { properties: { broker: { const: 'nats' } } }, then: requireProperties('subject') },
  ],
} as const satisfies JsonSchema;

/** Schema of a webhook trigger's typeProperties (Sluice). */
export const webhookTriggerTypeProperties = {
  type: 'object',
  properties: {
    path: {
      type: 'string',
      title: 'Path',
      description: 'URL path under /hooks/ (default: the trigger name).',
      pattern: '^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$',
    },
    methods: { type: 'array', title: 'Methods', items: { type: 'string', enum: ['GET', 'POST', 'PUT'] }, minItems: 1 },
    authenticationType: caseInsensitiveEnum(['Anonymous', 'ApiKey', 'Bearer', 'HmacSignature'], {
      title: 'Authentication',
      description: 'ApiKey: the secret in headerName; Bearer: Authorization header; HmacSignature: HMAC-SHA256 of the body in headerName.',
    }),
    secret: secretValueSchema,
    headerName: { type: 'string', title: 'Header name' },
  },
  additionalProperties: false,
} as const satisfies JsonSchema;
