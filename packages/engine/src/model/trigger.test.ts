import { describe, expect, it } from 'vitest';
import { checkResourceSchema } from '../validation/schema-check.js';
import { findTriggerType } from './trigger.js';

const run = (name: string, parameters?: Record<string, unknown>) => ({
  pipelineReference: { referenceName: name, type: 'PipelineReference' },
  ...(parameters ? { parameters } : {}),
});
const trigger = (type: string, typeProperties: unknown, more: Record<string, unknown> = { pipelines: [run('P')] }) => ({
  name: 'T',
  properties: { annotations: [], runtimeState: 'Started', type, typeProperties, ...more },
  type: 'Microsoft.DataFactory/factories/triggers',
});
const problems = (doc: unknown) => checkResourceSchema('trigger', doc).map((p) => [p.code, p.pointer]);

describe('ScheduleTrigger', () => {
  it('accepts a recurrence with an advanced schedule, as ADF Studio writes it', () => {
    expect(problems(trigger('ScheduleTrigger', {
      recurrence: {
        frequency: 'Week', interval: 1, startTime: '2024-01-01T02:00:00', endTime: '2025-01-01T00:00:00Z', timeZone: 'W. Europe Standard Time',
        schedule: { minutes: [0, 30], hours: [2], weekDays: ['Monday', 'Friday'] },
      },
    }, { pipelines: [run('P', { day: '@formatDateTime(trigger().scheduledTime, \'yyyy-MM-dd\')' })] }))).toEqual([]);
    expect(problems(trigger('ScheduleTrigger', {
      recurrence: { frequency: 'Month', interval: 1, startTime: '2024-01-01T06:00:00Z', schedule: { monthDays: [1, -1], monthlyOccurrences: [{ day: 'Friday', occurrence: -1 }] } },
    }))).toEqual([]);
  });

  it.each([
    ['an unknown frequency', { recurrence: { frequency: 'Second', interval: 1, startTime: '2024-01-01T00:00:00Z' } }, '/properties/typeProperties/recurrence/frequency'],
    ['interval 0', { recurrence: { frequency: 'Hour', interval: 0, startTime: '2024-01-01T00:00:00Z' } }, '/properties/typeProperties/recurrence/interval'],
    ['a date without time', { recurrence: { frequency: 'Hour', interval: 1, startTime: '2024-01-01' } }, '/properties/typeProperties/recurrence/startTime'],
    ['hour 24', { recurrence: { frequency: 'Day', interval: 1, startTime: '2024-01-01T00:00:00Z', schedule: { hours: [24] } } }, '/properties/typeProperties/recurrence/schedule/hours/0'],
    ['month day 0', { recurrence: { frequency: 'Month', interval: 1, startTime: '2024-01-01T00:00:00Z', schedule: { monthDays: [0] } } }, '/properties/typeProperties/recurrence/schedule/monthDays/0'],
    ['a missing recurrence', {}, '/properties/typeProperties'],
  ])('rejects %s', (_label, typeProperties, pointer) => {
    expect(problems(trigger('ScheduleTrigger', typeProperties))).toEqual([['SCHEMA_VIOLATION', pointer]]);
  });

  it('rejects a pipeline entry without its reference', () => {
    expect(problems(trigger('ScheduleTrigger', { recurrence: { frequency: 'Day', interval: 1, startTime: '2024-01-01T00:00:00Z' } }, { pipelines: [{ parameters: {} }] })))
      .toEqual([['SCHEMA_VIOLATION', '/properties/pipelines/0']]);
  });
});

describe('TumblingWindowTrigger', () => {
  const window = {
    frequency: 'Hour', interval: 1, startTime: '2024-01-01T00:00:00Z', delay: '00:10:00', maxConcurrency: 10,
    retryPolicy: { count: 2, intervalInSeconds: 60 },
    dependsOn: [
      { type: 'TumblingWindowTriggerDependencyReference', referenceTrigger: { referenceName: 'Upstream', type: 'TriggerReference' }, offset: '-01:00:00', size: '01:00:00' },
      { type: 'SelfDependencyTumblingWindowTriggerReference', offset: '-01:00:00' },
    ],
  };
  const pipeline = { pipeline: run('P', { start: '@trigger().outputs.windowStartTime' }) };

  it('accepts ADF’s tumbling window trigger with its one pipeline', () => {
    expect(problems(trigger('TumblingWindowTrigger', window, pipeline))).toEqual([]);
  });

  it.each([
    ['maxConcurrency over 50', { ...window, maxConcurrency: 51 }, '/properties/typeProperties/maxConcurrency'],
    ['a Day frequency (ADF has Minute, Hour, Month)', { ...window, frequency: 'Day' }, '/properties/typeProperties/frequency'],
    ['a self dependency without offset', { ...window, dependsOn: [{ type: 'SelfDependencyTumblingWindowTriggerReference' }] }, '/properties/typeProperties/dependsOn/0'],
    ['a trigger dependency without its trigger', { ...window, dependsOn: [{ type: 'TumblingWindowTriggerDependencyReference' }] }, '/properties/typeProperties/dependsOn/0'],
  ])('rejects %s', (_label, typeProperties, pointer) => {
    expect(problems(trigger('TumblingWindowTrigger', typeProperties, pipeline))).toEqual([['SCHEMA_VIOLATION', pointer]]);
  });

  it('requires `pipeline` and refuses `pipelines`', () => {
    expect(problems(trigger('TumblingWindowTrigger', window))).toEqual([
      ['SCHEMA_VIOLATION', '/properties'],
      ['SCHEMA_VIOLATION', '/properties/pipelines'],
    ]);
  });
});

describe('BlobEventsTrigger', () => {
  it('accepts ADF’s storage event trigger, and Sluice’s linked service instead of a scope', () => {
    expect(problems(trigger('BlobEventsTrigger', {
      blobPathBeginsWith: '/landing/blobs/incoming/', blobPathEndsWith: '.csv', ignoreEmptyBlobs: true,
      scope: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct',
      events: ['Microsoft.Storage.BlobCreated'],
    }))).toEqual([]);
    expect(problems(trigger('BlobEventsTrigger', { events: ['Microsoft.Storage.BlobCreated', 'Microsoft.Storage.BlobDeleted'], linkedServiceName: { referenceName: 'Lake', type: 'LinkedServiceReference' } }))).toEqual([]);
  });

  it('rejects an unknown event', () => {
    expect(problems(trigger('BlobEventsTrigger', { events: ['BlobCreated'] }))).toEqual([['SCHEMA_VIOLATION', '/properties/typeProperties/events/0']]);
  });
});

describe('QueueMessageTrigger (Sluice)', () => {
  it.each([
    ['bullmq', { broker: 'bullmq', queue: 'orders', batch: { size: 100, seconds: 5 }, maxDeliveries: 3, deadLetter: { queue: 'orders-dead' } }],
    ['redisStream', { broker: 'redisStream', queue: 'events', connection: { url: { type: 'EnvironmentVariable', name: 'REDIS_URL' } } }],
    ['rabbitmq', { broker: 'rabbitmq', queue: 'q', connection: { referenceName: 'Rabbit', type: 'LinkedServiceReference' } }],
    ['mqtt', { broker: 'mqtt', topic: 'sensors/+/temperature', filters: [{ path: 'kind', operator: 'equals', value: 'reading' }] }],
    ['nats', { broker: 'nats', subject: 'orders.*' }],
  ])('accepts a %s consumer', (_label, typeProperties) => {
    expect(problems(trigger('QueueMessageTrigger', typeProperties))).toEqual([]);
  });

  it.each([
    ['an unknown broker', { broker: 'kafka', queue: 'q' }, '/properties/typeProperties/broker'],
    ['a queue broker without queue', { broker: 'rabbitmq' }, '/properties/typeProperties'],
    ['nats without subject', { broker: 'nats', queue: 'q' }, '/properties/typeProperties'],
    ['a batch of 0', { broker: 'bullmq', queue: 'q', batch: { size: 0 } }, '/properties/typeProperties/batch/size'],
    ['an unknown filter operator', { broker: 'bullmq', queue: 'q', filters: [{ path: 'a', operator: 'like' }] }, '/properties/typeProperties/filters/0/operator'],
  ])('rejects %s', (_label, typeProperties, pointer) => {
    expect(problems(trigger('QueueMessageTrigger', typeProperties))).toEqual([['SCHEMA_VIOLATION', pointer]]);
  });
});

describe('WebhookTrigger (Sluice)', () => {
  it('accepts an HMAC-signed webhook', () => {
    expect(problems(trigger('WebhookTrigger', {
      path: 'github/push', methods: ['POST'], authenticationType: 'HmacSignature', headerName: 'X-Hub-Signature-256',
      secret: { type: 'EnvironmentVariable', name: 'GITHUB_WEBHOOK_SECRET' },
    }))).toEqual([]);
  });

  it('rejects a path with spaces', () => {
    expect(problems(trigger('WebhookTrigger', { path: 'my hook' }))).toEqual([['SCHEMA_VIOLATION', '/properties/typeProperties/path']]);
  });
});

describe('trigger types', () => {
  it('are matched case-insensitively', () => {
    expect(findTriggerType('scheduletrigger')).toBe('ScheduleTrigger');
    expect(problems(trigger('scheduleTrigger', { recurrence: { frequency: 'day', interval: 1, startTime: '2024-01-01T00:00:00Z' } }))).toEqual([]);
  });

  it('reports an unknown type and still checks the envelope', () => {
    expect(problems({ name: 'T', properties: { type: 'CustomEventsTrigger', typeProperties: {}, pipelines: [{}] } })).toEqual([
      ['UNSUPPORTED_TRIGGER_TYPE', '/properties/type'],
      ['SCHEMA_VIOLATION', '/properties/pipelines/0'],
    ]);
  });

  it('reports a missing type through the envelope', () => {
    expect(problems({ name: 'T', properties: { typeProperties: {} } })).toEqual([['SCHEMA_VIOLATION', '/properties']]);
  });
});
