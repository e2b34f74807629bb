// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReferenceNames } from '../forms/SchemaForm.js';
import { describeSchedule, ScheduleGrid, toggled, type Schedule } from './ScheduleGrid.js';
import { TriggerEditor } from './TriggerEditor.js';
import { TriggerForm } from './TriggerForm.js';
import { changeType, formSchema, freshTrigger, locateProblems, parameterText, parameterValue, pipelineRefs, withPipelineRefs, type TriggerDoc } from './trigger-model.js';
import { TriggerPipelines } from './TriggerPipelines.js';
import { firePreview, firstRunParameters } from './trigger-preview.js';

afterEach(cleanup);

const NOW = Date.parse('2024-03-30T12:00:00Z');
const references: ReferenceNames = { datasets: [], linkedservices: ['Landing'], pipelines: ['Daily', 'Window'], dataflows: [] };

function schedule(recurrence: Record<string, unknown>, parameters: Record<string, unknown> = {}): TriggerDoc {
  return { name: 'Nightly', properties: { type: 'ScheduleTrigger', typeProperties: { recurrence }, pipelines: [{ pipelineReference: { referenceName: 'Daily', type: 'PipelineReference' }, parameters }] } };
}

describe('trigger documents', () => {
  it('creates each type with its defaults and the pipeline it was added from', () => {
    const doc = freshTrigger('T', 'ScheduleTrigger', NOW, 'Daily');
    expect(doc.properties).toEqual({
      type: 'ScheduleTrigger',
      typeProperties: { recurrence: { frequency: 'Day', interval: 1, startTime: '2024-03-30T12:00:00Z', timeZone: 'UTC' } },
      pipelines: [{ pipelineReference: { referenceName: 'Daily', type: 'PipelineReference' }, parameters: {} }],
    });
    expect(freshTrigger('T', 'WebhookTrigger', NOW).properties.pipelines).toEqual([]);
  });

  it('keeps the pipelines across a type change: one `pipeline` for a tumbling window, a `pipelines` list otherwise', () => {
    const two = withPipelineRefs(freshTrigger('T', 'ScheduleTrigger', NOW, 'Daily'), [...pipelineRefs(freshTrigger('T', 'ScheduleTrigger', NOW, 'Daily')), ...pipelineRefs(freshTrigger('T', 'ScheduleTrigger', NOW, 'Window'))]);
    const tumbling = changeType(two, 'TumblingWindowTrigger', NOW);
    expect(tumbling.properties.pipelines).toBeUndefined();
    expect(tumbling.properties.pipeline?.pipelineReference.referenceName).toBe('Daily');
    expect(tumbling.properties.typeProperties).toEqual({ frequency: 'Hour', interval: 1, startTime: '2024-03-30T12:00:00Z', maxConcurrency: 1 });
    const back = changeType(tumbling, 'BlobEventsTrigger', NOW);
    expect(back.properties.pipeline).toBeUndefined();
    expect(pipelineRefs(back).map((r) => r.pipelineReference.referenceName)).toEqual(['Daily']);
  });

  it("renders forms from the engine's schemas, case-insensitive enums as selects, hand-drawn parts left out", () => {
    const recurrence = formSchema('ScheduleTrigger').properties!.recurrence!;
    expect(recurrence.properties!.frequency!.enum).toEqual(['Minute', 'Hour', 'Day', 'Week', 'Month']);
    expect(recurrence.properties!.schedule).toBeUndefined();
    expect(Object.keys(formSchema('BlobEventsTrigger').properties!)).toEqual(['blobPathBeginsWith', 'blobPathEndsWith', 'ignoreEmptyBlobs']);
    expect(Object.keys(formSchema('TumblingWindowTrigger').properties!)).not.toContain('dependsOn');
    expect(formSchema('WebhookTrigger').properties!.authenticationType!.enum).toEqual(['Anonymous', 'ApiKey', 'Bearer', 'HmacSignature']);
  });

  it.each([
    ['@trigger().scheduledTime', 'Int', '@trigger().scheduledTime'],
    ['5', 'Int', 5],
    ['five', 'Int', 'five'],
    ['true', 'Bool', true],
    ['[1,2]', 'Array', [1, 2]],
    ['5', 'String', '5'],
    ['', 'String', undefined],
  ])('reads parameter text %j for a %s parameter as %j', (text, type, value) => {
    expect(parameterValue(text, type)).toEqual(value);
  });

  it('moves a missing required property onto its own pointer, so its field shows it', () => {
    expect(locateProblems([
      { code: 'SCHEMA_VIOLATION', message: "'typeProperties' is missing the required property 'events'", pointer: '/properties/typeProperties' },
      { code: 'SCHEMA_VIOLATION', message: "'interval' must be >= 1 (got 0)", pointer: '/properties/typeProperties/recurrence/interval' },
    ]).map((p) => p.pointer)).toEqual(['/properties/typeProperties/events', '/properties/typeProperties/recurrence/interval']);
  });

  it('edits non-string parameter values as JSON text', () => {
    expect(parameterText([1, 2])).toBe('[1,2]');
    expect(parameterText('@x')).toBe('@x');
    expect(parameterText(undefined)).toBe('');
  });
});

describe('fire preview', () => {
  it("lists a schedule's next times in its zone, and the first run's parameters", () => {
    const doc = schedule(
      { frequency: 'Day', interval: 1, startTime: '2024-03-01T00:00:00', timeZone: 'W. Europe Standard Time', schedule: { hours: [8], minutes: [30] } },
      { day: "@formatDateTime(trigger().scheduledTime, 'yyyy-MM-dd')", fixed: 3 },
    );
    const p = firePreview(doc, NOW, 3);
    expect(p.problem).toBeUndefined();
    // Clocks go forward on 31 March: 08:30 stays 08:30 local, one hour less in UTC.
    expect(p.times.map((t) => t.local)).toEqual(['2024-03-31 08:30', '2024-04-01 08:30', '2024-04-02 08:30']);
    expect(p.times.map((t) => new Date(t.at).toISOString())).toEqual(['2024-03-31T06:30:00.000Z', '2024-04-01T06:30:00.000Z', '2024-04-02T06:30:00.000Z']);
    expect(firstRunParameters(doc, p.sample, NOW)).toEqual([{ pipeline: 'Daily', parameters: { day: '2024-03-31', fixed: 3 } }]);
  });

  it('names the field of what stops the preview', () => {
    const p = firePreview(schedule({ frequency: 'Day', interval: 1, startTime: '2024-03-01T00:00:00', timeZone: 'Mars/Olympus' }), NOW);
    expect(p.problem).toMatchObject({ code: 'TRIGGER_INVALID', pointer: '/properties/typeProperties/recurrence/timeZone' });
    expect(p.times).toEqual([]);
    const bad = firstRunParameters(schedule({}, { x: '@triggerBody().nothing' }), firePreview(schedule({}), NOW).sample, NOW);
    expect(bad[0]!.problem?.code).toMatch(/^EXPRESSION_/);
  });

  it('counts the past windows a tumbling-window trigger backfills, then lists the next ones', () => {
    const doc: TriggerDoc = {
      name: 'Hourly',
      properties: { type: 'TumblingWindowTrigger', typeProperties: { frequency: 'Hour', interval: 1, startTime: '2024-03-30T09:00:00Z', delay: '00:10:00', maxConcurrency: 2 }, pipeline: { pipelineReference: { referenceName: 'Window', type: 'PipelineReference' }, parameters: { from: '@trigger().outputs.windowStartTime' } } },
    };
    const p = firePreview(doc, NOW, 2);
    expect(p.backfill).toBe(2); // 09–10 and 10–11; 11–12 ended, but its 10-minute delay has not passed
    expect(p.times.map((t) => [new Date(t.window!.start).toISOString(), new Date(t.at).toISOString()])).toEqual([
      ['2024-03-30T11:00:00.000Z', '2024-03-30T12:10:00.000Z'],
      ['2024-03-30T12:00:00.000Z', '2024-03-30T13:10:00.000Z'],
    ]);
    expect(firstRunParameters(doc, p.sample, NOW)[0]!.parameters).toEqual({ from: '2024-03-30T09:00:00.000Z' });
  });
});

describe('schedule grid', () => {
  function Harness({ frequency, initial }: { frequency: string; initial?: Schedule }) {
    const [value, setValue] = useState<Schedule | undefined>(initial);
    return (
      <>
        <ScheduleGrid frequency={frequency} value={value} onChange={setValue} problems={[]} />
        <output data-testid="value">{JSON.stringify(value ?? null)}</output>
      </>
    );
  }
  const value = (): unknown => JSON.parse(screen.getByTestId('value').textContent!);

  it('toggles hours and minutes with named buttons and says what it selects', () => {
    render(<Harness frequency="Day" />);
    fireEvent.click(screen.getByRole('button', { name: 'Hours: 17:00' }));
    fireEvent.click(screen.getByRole('button', { name: 'Hours: 8:00' }));
    fireEvent.click(screen.getByRole('button', { name: 'Minutes: minute 30' }));
    expect(value()).toEqual({ hours: [8, 17], minutes: [30] });
    expect(screen.getByRole('button', { name: 'Hours: 8:00' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText('At 08:30, 17:30.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Hours: 8:00' }));
    fireEvent.click(screen.getByRole('button', { name: 'Hours: 17:00' }));
    fireEvent.click(screen.getByRole('button', { name: 'Minutes: minute 30' }));
    expect(value()).toBeNull();
    expect(screen.queryByRole('group', { name: 'Week days' })).toBeNull();
  });

  it('shows week days for a weekly and month days and occurrences for a monthly recurrence', () => {
    const { unmount } = render(<Harness frequency="week" />);
    fireEvent.click(within(screen.getByRole('group', { name: 'Week days' })).getByLabelText('Friday'));
    fireEvent.click(within(screen.getByRole('group', { name: 'Week days' })).getByLabelText('Monday'));
    expect(value()).toEqual({ weekDays: ['Monday', 'Friday'] });
    unmount();
    render(<Harness frequency="Month" />);
    fireEvent.click(screen.getByRole('button', { name: 'Month days: last day' }));
    fireEvent.click(screen.getByRole('button', { name: 'Month days: day 1' }));
    fireEvent.click(screen.getByRole('button', { name: /Add occurrence/ }));
    fireEvent.change(screen.getByLabelText('Occurrence 1'), { target: { value: '-1' } });
    fireEvent.change(screen.getByLabelText('Occurrence 1 day'), { target: { value: 'Friday' } });
    expect(value()).toEqual({ monthDays: [1, -1], monthlyOccurrences: [{ day: 'Friday', occurrence: -1 }] });
    expect(describeSchedule('Month', value() as Schedule)).toBe("At minute 0 of the start time's hour on day 1, last and the last Friday.");
    expect(screen.queryByRole('group', { name: 'Hours' })).toBeTruthy();
  });

  it('has no grid for minute recurrences, and only minutes for hourly ones', () => {
    const { unmount } = render(<Harness frequency="Minute" />);
    expect(screen.queryByRole('group', { name: 'Minutes' })).toBeNull();
    unmount();
    render(<Harness frequency="Hour" />);
    expect(screen.queryByRole('group', { name: 'Hours' })).toBeNull();
    expect(screen.getByRole('group', { name: 'Minutes' })).toBeTruthy();
    expect(toggled([5, -1], 3)).toEqual([3, 5, -1]);
  });
});

describe('trigger form', () => {
  function FormHarness({ initial, problems = [] }: { initial: TriggerDoc; problems?: Array<{ code: string; message: string; pointer: string }> }) {
    const [doc, setDoc] = useState(initial);
    return (
      <>
        <TriggerForm doc={doc} onChange={setDoc} problems={problems} references={references} triggers={['Other', 'Hourly']} saved={false} sampleContext={{}} now={() => NOW} />
        <output data-testid="doc">{JSON.stringify(doc)}</output>
      </>
    );
  }
  const doc = (): TriggerDoc => JSON.parse(screen.getByTestId('doc').textContent!) as TriggerDoc;

  it('edits a schedule from the schema form and the grid, keeping the schedule when the recurrence changes', () => {
    render(<FormHarness initial={freshTrigger('Nightly', 'ScheduleTrigger', NOW, 'Daily')} />);
    fireEvent.change(screen.getByLabelText('Frequency'), { target: { value: 'Week' } });
    fireEvent.click(screen.getByRole('button', { name: 'Hours: 6:00' }));
    fireEvent.change(screen.getByLabelText('Every'), { target: { value: '2' } });
    fireEvent.click(within(screen.getByRole('group', { name: 'Week days' })).getByLabelText('Sunday'));
    expect(doc().properties.typeProperties).toEqual({
      recurrence: { frequency: 'Week', interval: 2, startTime: '2024-03-30T12:00:00Z', timeZone: 'UTC', schedule: { hours: [6], weekDays: ['Sunday'] } },
    });
    expect((screen.getByLabelText('Pipeline 1 name') as HTMLSelectElement).value).toBe('Daily');
  });

  it('shows server problems on their fields', () => {
    render(
      <FormHarness
        initial={freshTrigger('Nightly', 'ScheduleTrigger', NOW, 'Daily')}
        problems={[
          { code: 'SCHEMA_VIOLATION', message: 'must be >= 1', pointer: '/properties/typeProperties/recurrence/interval' },
          { code: 'PIPELINE_NOT_FOUND', message: "No pipeline 'Daily'", pointer: '/properties/pipelines/0/pipelineReference/referenceName' },
        ]}
      />,
    );
    const every = screen.getByLabelText('Every');
    expect(every.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(every.getAttribute('aria-describedby')!)!.textContent).toContain('must be >= 1');
    expect(screen.getByLabelText('Pipeline 1 name').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/No pipeline 'Daily'/)).toBeTruthy();
  });

  it('switches type and draws the type’s own parts: window dependencies, storage events, webhook methods', () => {
    render(<FormHarness initial={freshTrigger('T', 'ScheduleTrigger', NOW, 'Window')} />);
    fireEvent.change(screen.getByLabelText('Trigger type'), { target: { value: 'TumblingWindowTrigger' } });
    fireEvent.change(screen.getByLabelText('Max concurrency'), { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: '+ Add dependency' }));
    fireEvent.change(within(screen.getByRole('group', { name: 'Dependency 1' })).getByLabelText('Trigger'), { target: { value: 'Hourly' } });
    fireEvent.change(within(screen.getByRole('group', { name: 'Dependency 1' })).getByLabelText('Offset'), { target: { value: '-01:00:00' } });
    expect(doc().properties.typeProperties).toMatchObject({
      frequency: 'Hour', maxConcurrency: 4,
      dependsOn: [{ type: 'TumblingWindowTriggerDependencyReference', referenceTrigger: { referenceName: 'Hourly', type: 'TriggerReference' }, offset: '-01:00:00' }],
    });
    expect(doc().properties.pipeline?.pipelineReference.referenceName).toBe('Window');
    expect(screen.queryByRole('button', { name: '+ Add pipeline' })).toBeNull(); // one pipeline per tumbling window

    fireEvent.change(screen.getByLabelText('Trigger type'), { target: { value: 'BlobEventsTrigger' } });
    fireEvent.change(screen.getByLabelText('Store (linked service)'), { target: { value: 'Landing' } });
    fireEvent.click(screen.getByLabelText('File deleted (BlobDeleted)'));
    fireEvent.change(screen.getByLabelText('Path begins with'), { target: { value: 'in/' } });
    expect(doc().properties.typeProperties).toEqual({
      events: ['Microsoft.Storage.BlobCreated', 'Microsoft.Storage.BlobDeleted'], ignoreEmptyBlobs: true,
      linkedServiceName: { referenceName: 'Landing', type: 'LinkedServiceReference' }, blobPathBeginsWith: 'in/',
    });

    fireEvent.change(screen.getByLabelText('Trigger type'), { target: { value: 'QueueMessageTrigger' } });
    fireEvent.change(screen.getByLabelText('Broker'), { target: { value: 'redisStream' } });
    fireEvent.change(screen.getByLabelText('Queue'), { target: { value: 'readings' } });
    fireEvent.change(screen.getByLabelText('Connection'), { target: { value: '{"url": "redis://127.0.0.1:6379"}' } });
    fireEvent.change(screen.getByLabelText('Filters'), { target: { value: '[{"path": "/kind", "operator": "equals", "value": "thermo"}]' } });
    expect(doc().properties.typeProperties).toEqual({
      broker: 'redisStream', queue: 'readings', connection: { url: 'redis://127.0.0.1:6379' }, filters: [{ path: '/kind', operator: 'equals', value: 'thermo' }],
    });
    expect(doc().properties.pipelines?.map((r) => r.pipelineReference.referenceName)).toEqual(['Window']);

    fireEvent.change(screen.getByLabelText('Trigger type'), { target: { value: 'WebhookTrigger' } });
    fireEvent.click(screen.getByLabelText('POST'));
    expect(doc().properties.typeProperties).toEqual({ authenticationType: 'ApiKey', methods: ['POST'] });
    expect(screen.getByRole('region', { name: 'Webhook endpoint' }).textContent).toContain('/api/hooks/T');
  });
});

describe('trigger pipelines', () => {
  it('edits parameter values as dynamic content, inserts trigger values and shows problems under the parameter', () => {
    const changes: unknown[] = [];
    render(
      <TriggerPipelines
        type="ScheduleTrigger"
        refs={[{ pipelineReference: { referenceName: 'Daily', type: 'PipelineReference' }, parameters: { day: '@trigger().startTime', count: 2 } }]}
        onChange={(r) => changes.push(r)}
        pipelines={references.pipelines}
        problems={[{ code: 'EXPRESSION_SYNTAX', message: 'bad', pointer: '/properties/pipelines/0/parameters/day' }]}
        sampleContext={{}}
      />,
    );
    expect((screen.getByLabelText('day') as HTMLTextAreaElement).value).toBe('@trigger().startTime');
    expect((screen.getByLabelText('count') as HTMLTextAreaElement).value).toBe('2');
    expect(screen.getByLabelText('day').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(screen.getByLabelText('Insert a trigger value into day'), { target: { value: '@trigger().scheduledTime' } });
    expect(changes.at(-1)).toEqual([{ pipelineReference: { referenceName: 'Daily', type: 'PipelineReference' }, parameters: { day: '@trigger().scheduledTime', count: 2 } }]);
    fireEvent.click(screen.getByRole('button', { name: 'Remove parameter count' }));
    expect(changes.at(-1)).toEqual([{ pipelineReference: { referenceName: 'Daily', type: 'PipelineReference' }, parameters: { day: '@trigger().startTime' } }]);
    fireEvent.click(screen.getByRole('button', { name: '+ Add pipeline' }));
    expect((changes.at(-1) as unknown[]).length).toBe(2);
  });
});

describe('trigger editor', () => {
  it('opens a new trigger as a schedule for its pipeline, with the next fire times, and keeps form and JSON in step', () => {
    render(<TriggerEditor name="Nightly" isNew references={references} triggers={[]} onSaved={() => undefined} onDirtyChange={() => undefined} forPipeline="Daily" />);
    expect((screen.getByLabelText('Trigger type') as HTMLSelectElement).value).toBe('ScheduleTrigger');
    expect(screen.getByRole('list', { name: 'Next fire times' }).querySelectorAll('li')).toHaveLength(5);
    fireEvent.click(screen.getByRole('button', { name: 'Hours: 8:00' }));
    const json = JSON.parse((screen.getByLabelText('JSON') as HTMLTextAreaElement).value) as TriggerDoc;
    expect((json.properties.typeProperties.recurrence as { schedule: unknown }).schedule).toEqual({ hours: [8] });
    expect(json.properties.pipelines?.[0]?.pipelineReference.referenceName).toBe('Daily');
    for (const li of screen.getByRole('list', { name: 'Next fire times' }).querySelectorAll('li')) expect(li.textContent).toMatch(/ 08:\d\d /);
    // An unknown time zone is reported on its field at once, by the preview.
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Nowhere Standard Time' } });
    expect(screen.getByLabelText('Time zone').getAttribute('aria-invalid')).toBe('true');
    // JSON edits flow back into the form.
    const edited = { ...json, properties: { ...json.properties, typeProperties: { recurrence: { frequency: 'Hour', interval: 3, startTime: '2024-01-01T00:00:00Z' } } } };
    fireEvent.change(screen.getByLabelText('JSON'), { target: { value: JSON.stringify(edited) } });
    expect((screen.getByLabelText('Frequency') as HTMLSelectElement).value).toBe('Hour');
    expect((screen.getByLabelText('Every') as HTMLInputElement).value).toBe('3');
    expect(screen.getByText('▶ Start').closest('button')!.disabled).toBe(true); // never saved
  });
});
