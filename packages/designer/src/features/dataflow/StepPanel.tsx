/**
 * The panel under the data-flow canvas. With a step selected: General (name, description, inputs in
 * order — reorder, remove, or add one with the keyboard), Settings (a form rendered from the step type's
 * JSON Schema) and Data preview. With nothing selected: the data flow's parameters and description.
 * Problems whose pointer falls in the step are listed on top and under the field they name.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { Problem, TypedValueSpec } from '../../model/types.js';
import { SchemaForm, type ReferenceNames } from '../forms/SchemaForm.js';
import { Tabs } from '../pipeline/Tabs.js';
import { TypedValuesEditor } from '../pipeline/TypedValuesEditor.js';
import { DataPreview, type DataPreviewProps } from './DataPreview.js';
import { findStep, hasOutput, inputRange, refStep, stepOutputs, STEPS_POINTER, typeInfo, upstreamOf } from './model.js';
import { PARAMETER_TYPES, type DataFlowDoc, type StepDoc, type StepTypeInfo } from './types.js';

const OWN_KEYS = ['name', 'type', 'description', 'inputs'];

/** A step's settings: every key but name, type, description and inputs. */
export function settingsOf(step: StepDoc): Record<string, unknown> {
  return Object.fromEntries(Object.entries(step).filter(([k]) => !OWN_KEYS.includes(k)));
}

/** The step with `settings` in place of its settings (name, type, description and inputs kept first). */
export function withSettings(step: StepDoc, settings: Record<string, unknown>): StepDoc {
  const own = Object.fromEntries(OWN_KEYS.filter((k) => step[k] !== undefined).map((k) => [k, step[k]]));
  return { ...own, ...settings } as StepDoc;
}

/** Props of {@link StepPanel}. */
export interface StepPanelProps {
  doc: DataFlowDoc;
  steps: StepDoc[];
  step: StepDoc | null;
  /** The step's index in the document, for problem pointers. */
  index: number;
  types: StepTypeInfo[];
  problems: Problem[];
  references: ReferenceNames;
  tab: string;
  onTab(tab: string): void;
  onStepChange(step: StepDoc): void;
  /** Renames; answers why not, or undefined when done. */
  onRename(from: string, to: string): string | undefined;
  onConnect(fromRef: string, to: string): void;
  onDisconnect(to: string, index: number): void;
  onMoveInput(to: string, index: number, delta: number): void;
  onDocChange(doc: DataFlowDoc): void;
  preview: Omit<DataPreviewProps, 'step'>;
}

function NameField({ step, onRename }: { step: StepDoc; onRename: StepPanelProps['onRename'] }): ReactNode {
  const id = useId();
  const [draft, setDraft] = useState(step.name);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setDraft(step.name);
    setError(undefined);
  }, [step.name]);
  const commit = (): void => {
    const to = draft.trim();
    if (to === step.name) return setError(undefined);
    setError(onRename(step.name, to));
  };
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>Step name</label>
      <input
        id={id}
        value={draft}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(step.name);
        }}
      />
      {error ? (
        <p id={`${id}-error`} role="alert" className="field-problems">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function InputsField(props: { step: StepDoc; steps: StepDoc[]; info: StepTypeInfo | undefined; types: StepTypeInfo[]; onConnect: StepPanelProps['onConnect']; onDisconnect: StepPanelProps['onDisconnect']; onMoveInput: StepPanelProps['onMoveInput'] }): ReactNode {
  const { step, steps, info, types } = props;
  const id = useId();
  const { min, max } = inputRange(info);
  if (max === 0) return <p className="muted">A {info?.title.toLowerCase() ?? step.type} step reads no other step.</p>;
  const inputs = step.inputs ?? [];
  const downstream = new Set(steps.filter((s) => upstreamOf(steps, s.name).has(step.name.toLowerCase())).map((s) => s.name.toLowerCase()));
  const candidates = steps
    .filter((s) => s.name !== step.name && hasOutput(s) && !downstream.has(s.name.toLowerCase()))
    .flatMap((s) => [s.name, ...stepOutputs(s, typeInfo(types, s.type)).map((o) => `${s.name}.${o}`)])
    .filter((ref) => !inputs.includes(ref));
  const sideOf = (i: number): string => (min === 2 && max === 2 ? (i === 0 ? 'left' : 'right') : `${i + 1}`);
  return (
    <fieldset className="step-inputs">
      <legend>
        Inputs <span className="muted">({min === max ? min : max === Infinity ? `${min} or more` : `${min} to ${max}`})</span>
      </legend>
      {inputs.length ? (
        <ol>
          {inputs.map((ref, i) => (
            <li key={`${ref}-${i}`}>
              <span className="input-side">{sideOf(i)}</span> <code className={findStep(steps, refStep(ref)) ? undefined : 'error-text'}>{ref}</code>
              {max > 1 ? (
                <>
                  <button type="button" aria-label={`Move input ${ref} up`} disabled={i === 0} onClick={() => props.onMoveInput(step.name, i, -1)}>
                    ↑
                  </button>
                  <button type="button" aria-label={`Move input ${ref} down`} disabled={i === inputs.length - 1} onClick={() => props.onMoveInput(step.name, i, 1)}>
                    ↓
                  </button>
                </>
              ) : null}
              <button type="button" aria-label={`Remove input ${ref}`} onClick={() => props.onDisconnect(step.name, i)}>
                ✕
              </button>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">No input yet: drag from another step's output handle onto this step, or choose one below.</p>
      )}
      {candidates.length ? (
        <div className="field field-inline">
          <label htmlFor={`${id}-add`}>{max === 1 && inputs.length ? 'Read instead' : 'Add input'}</label>
          <select
            id={`${id}-add`}
            value=""
            onChange={(e) => {
              if (e.target.value) props.onConnect(e.target.value, step.name);
            }}
          >
            <option value="">(choose a step)</option>
            {candidates.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </fieldset>
  );
}

function StepTabs(props: StepPanelProps & { step: StepDoc }): ReactNode {
  const { step, steps, types, problems, index } = props;
  const info = typeInfo(types, step.type);
  const base = `${STEPS_POINTER}/${index}`;
  const mine = problems.filter((p) => p.pointer === base || (p.pointer ?? '').startsWith(`${base}/`));
  return (
    <>
      <h2 className="panel-title">
        {step.name} <span className="muted">— {info?.title ?? step.type}</span>
      </h2>
      {mine.length ? (
        <ul className="field-problems step-problems" aria-label={`Problems of ${step.name}`}>
          {mine.map((p, i) => (
            <li key={i}>
              <span className="badge badge-error">{p.code}</span> <code>{(p.pointer ?? '').slice(base.length) || '/'}</code> {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      <Tabs
        label={`Step ${step.name}`}
        active={props.tab}
        onChange={props.onTab}
        tabs={[
          {
            id: 'general',
            label: 'General',
            render: () => (
              <div className="form-grid">
                <NameField step={step} onRename={props.onRename} />
                <p className="help">{info?.description ?? `Type ${step.type} is not in the server's step catalog.`}</p>
                <div className="field">
                  <label htmlFor="step-description">Description</label>
                  <textarea
                    id="step-description"
                    rows={2}
                    value={step.description ?? ''}
                    onChange={(e) => {
                      const { description: _d, ...rest } = step;
                      props.onStepChange(e.target.value ? withSettings({ ...rest, description: e.target.value }, settingsOf(step)) : (rest as StepDoc));
                    }}
                  />
                </div>
                <InputsField step={step} steps={steps} info={info} types={types} onConnect={props.onConnect} onDisconnect={props.onDisconnect} onMoveInput={props.onMoveInput} />
              </div>
            ),
          },
          {
            id: 'settings',
            label: 'Settings',
            render: () =>
              info ? (
                <SchemaForm
                  label={`${info.title} settings`}
                  schema={info.settings}
                  hints={info.uiHints ?? {}}
                  value={settingsOf(step)}
                  problems={problems}
                  problemBase={base}
                  references={props.references}
                  expressions={false}
                  onChange={(settings) => props.onStepChange(withSettings(step, settings))}
                />
              ) : (
                <p className="muted">No form for the step type {step.type}: edit it in the JSON view.</p>
              ),
          },
          { id: 'preview', label: 'Data preview', render: () => <DataPreview step={step.name} {...props.preview} /> },
        ]}
      />
    </>
  );
}

function FlowTabs(props: StepPanelProps): ReactNode {
  const { doc } = props;
  const parameters = (doc.properties.typeProperties.parameters ?? {}) as Record<string, TypedValueSpec>;
  return (
    <>
      <h2 className="panel-title">
        {doc.name} <span className="muted">— data flow</span>
      </h2>
      <Tabs
        label="Data flow"
        active={props.tab === 'general' ? 'general' : 'parameters'}
        onChange={props.onTab}
        tabs={[
          {
            id: 'parameters',
            label: 'Parameters',
            render: () => (
              <>
                <p className="help">Steps read a parameter as <code>$name</code> in their SQL; it is bound as a value, never pasted.</p>
                <TypedValuesEditor
                  what="Parameter"
                  types={PARAMETER_TYPES}
                  value={parameters}
                  onChange={(next) => {
                    const { parameters: _p, ...rest } = doc.properties.typeProperties;
                    props.onDocChange({ ...doc, properties: { ...doc.properties, typeProperties: Object.keys(next).length ? { parameters: next, ...rest } : rest } });
                  }}
                />
              </>
            ),
          },
          {
            id: 'general',
            label: 'General',
            render: () => (
              <div className="field">
                <label htmlFor="dataflow-description">Description</label>
                <textarea
                  id="dataflow-description"
                  rows={3}
                  value={doc.properties.description ?? ''}
                  onChange={(e) => {
                    const { description: _d, ...rest } = doc.properties;
                    props.onDocChange({ ...doc, properties: e.target.value ? { ...rest, description: e.target.value } : (rest as DataFlowDoc['properties']) });
                  }}
                />
              </div>
            ),
          },
        ]}
      />
    </>
  );
}

/** The panel. */
export function StepPanel(props: StepPanelProps): ReactNode {
  return (
    <section className="properties step-panel" aria-label={props.step ? `Step ${props.step.name}` : 'Data flow properties'}>
      {props.step ? <StepTabs {...props} step={props.step} /> : <FlowTabs {...props} />}
    </section>
  );
}
