/**
 * The form of a trigger document, one per type: the type's `typeProperties` rendered from the engine's
 * JSON Schema through the forms' SchemaForm (so a field added to the schema appears here by itself), the
 * parts a schema draws badly by hand (the schedule grid, window dependencies, storage store and events,
 * webhook methods), and the pipelines it starts. Problems from the server appear under the field their
 * JSON pointer names.
 */
import { BLOB_EVENTS, type TriggerType } from '@sluice/engine';
import { useId, type ReactNode } from 'react';
import type { Problem } from '../../model/types.js';
import { SchemaForm, type ReferenceNames } from '../forms/SchemaForm.js';
import { CheckList, StorageSource, WebhookEndpoint } from './EventParts.js';
import { ScheduleGrid, type Schedule } from './ScheduleGrid.js';
import { changeType, formSchema, pipelineRefs, TRIGGER_HINTS, TRIGGER_KINDS, triggerKind, withPipelineRefs, type TriggerDoc } from './trigger-model.js';
import { TriggerPipelines } from './TriggerPipelines.js';
import { WindowDependencies, type WindowDependency } from './WindowDependencies.js';

/** Props of {@link TriggerForm}. */
export interface TriggerFormProps {
  doc: TriggerDoc;
  onChange(doc: TriggerDoc): void;
  problems: Problem[];
  references: ReferenceNames;
  /** The factory's triggers (tumbling-window dependencies). */
  triggers: string[];
  /** Whether the document has been saved (the webhook secret exists only then). */
  saved: boolean;
  /** `@trigger()` / `@triggerBody()` of the next firing, for expression previews. */
  sampleContext: Record<string, unknown>;
  /** The clock, for the defaults of a type change. */
  now(): number;
}

const TP = '/properties/typeProperties';
const under = (problems: Problem[], pointer: string): Problem[] => problems.filter((p) => p.pointer === pointer || (p.pointer ?? '').startsWith(`${pointer}/`));

/** The trigger form. */
export function TriggerForm({ doc, onChange, problems, references, triggers, saved, sampleContext, now }: TriggerFormProps): ReactNode {
  const id = useId();
  const kind = triggerKind(doc.properties.type);
  const type: TriggerType | undefined = kind?.type;
  const tp = doc.properties.typeProperties ?? {};
  const setTp = (next: Record<string, unknown>): void => onChange({ ...doc, properties: { ...doc.properties, typeProperties: next } });
  const setKey = (key: string, v: unknown): void => {
    const next = { ...tp };
    if (v === undefined) delete next[key];
    else next[key] = v;
    setTp(next);
  };
  const typeProblems = under(problems, '/properties/type');
  return (
    <div className="trigger-form">
      <div className={`field${typeProblems.length ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-type`}>Trigger type</label>
        <select id={`${id}-type`} value={type ?? String(doc.properties.type ?? '')} aria-describedby={`${id}-type-help`} onChange={(e) => onChange(changeType(doc, e.target.value as TriggerType, now()))}>
          {!type ? <option value={String(doc.properties.type ?? '')}>{String(doc.properties.type || '(choose)')}</option> : null}
          {TRIGGER_KINDS.map((k) => (
            <option key={k.type} value={k.type}>
              {k.title} ({k.type})
            </option>
          ))}
        </select>
        <p id={`${id}-type-help`} className="help">
          {kind?.description ?? 'Sluice does not know this trigger type: edit it as JSON.'}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>Description</label>
        <input
          id={`${id}-description`}
          value={doc.properties.description ?? ''}
          onChange={(e) => {
            const { description: _d, ...rest } = doc.properties;
            onChange({ ...doc, properties: e.target.value ? { ...rest, description: e.target.value } : rest });
          }}
        />
      </div>
      {type ? (
        <section aria-label="Settings" className="trigger-settings">
          <h3>Settings</h3>
          {type === 'BlobEventsTrigger' ? (
            <>
              <StorageSource value={tp.linkedServiceName as { referenceName?: string } | undefined} onChange={(v) => setKey('linkedServiceName', v)} names={references.linkedservices} problems={under(problems, `${TP}/linkedServiceName`)} />
              <CheckList
                label="Events"
                required
                options={BLOB_EVENTS.map((e) => ({ value: e, label: e === 'Microsoft.Storage.BlobCreated' ? 'File created (BlobCreated)' : 'File deleted (BlobDeleted)' }))}
                value={tp.events as string[] | undefined}
                onChange={(v) => setKey('events', v)}
                problems={under(problems, `${TP}/events`)}
              />
            </>
          ) : null}
          <SchemaForm
            label={`${kind?.title ?? type} settings`}
            schema={formSchema(type)}
            hints={TRIGGER_HINTS[type]}
            value={tp}
            problems={problems}
            problemBase={TP}
            references={references}
            onChange={setTp}
          />
          {type === 'ScheduleTrigger' ? (
            <ScheduleGrid
              frequency={String((tp.recurrence as { frequency?: unknown } | undefined)?.frequency ?? 'Day')}
              value={(tp.recurrence as { schedule?: Schedule } | undefined)?.schedule}
              problems={under(problems, `${TP}/recurrence/schedule`)}
              onChange={(schedule) => {
                const { schedule: _s, ...recurrence } = (tp.recurrence as Record<string, unknown> | undefined) ?? {};
                setTp({ ...tp, recurrence: schedule ? { ...recurrence, schedule } : recurrence });
              }}
            />
          ) : null}
          {type === 'TumblingWindowTrigger' ? (
            <WindowDependencies value={tp.dependsOn as WindowDependency[] | undefined} onChange={(v) => setKey('dependsOn', v)} triggers={triggers.filter((t) => t !== doc.name)} problems={problems} />
          ) : null}
          {type === 'WebhookTrigger' ? (
            <>
              <CheckList
                label="Methods"
                options={['GET', 'POST', 'PUT'].map((m) => ({ value: m, label: m }))}
                value={tp.methods as string[] | undefined}
                onChange={(v) => setKey('methods', v)}
                problems={under(problems, `${TP}/methods`)}
              />
              <WebhookEndpoint name={doc.name} saved={saved} />
            </>
          ) : null}
        </section>
      ) : null}
      <TriggerPipelines
        type={type}
        refs={pipelineRefs(doc)}
        onChange={(refs) => onChange(withPipelineRefs(doc, refs))}
        pipelines={references.pipelines}
        problems={problems}
        sampleContext={sampleContext}
      />
    </div>
  );
}
