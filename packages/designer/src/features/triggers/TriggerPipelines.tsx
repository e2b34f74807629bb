/**
 * The pipelines a trigger starts, each with its parameter values. The pipeline's declared parameters are
 * read from the API, so every one gets a row (with its type); a value is text or dynamic content such as
 * `@trigger().scheduledTime`, edited in the forms' expression input (completion, the engine parser's syntax
 * check, a preview against the trigger's next firing). A tumbling-window trigger starts exactly one pipeline.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useApi } from '../../api/context.js';
import type { Problem } from '../../model/types.js';
import { FieldProblems } from '../common/FieldProblems.js';
import { ReferenceOptions } from '../common/ReferenceOptions.js';
import type { CompletionSource } from '../forms/expression-completion.js';
import { ExpressionInput } from '../forms/ExpressionInput.js';
import { parameterText, parameterValue, TRIGGER_VALUES, type TriggerPipelineRef } from './trigger-model.js';
import type { TriggerType } from '@sluice/engine';

/** Props of {@link TriggerPipelines}. */
export interface TriggerPipelinesProps {
  type: TriggerType | undefined;
  refs: TriggerPipelineRef[];
  onChange(refs: TriggerPipelineRef[]): void;
  /** The factory's pipelines. */
  pipelines: string[];
  /** Every problem of the document; each row shows those under its own pointer. */
  problems: Problem[];
  /** `@trigger()` and `@triggerBody()` of the next firing, for the expression preview. */
  sampleContext: Record<string, unknown>;
}

type Declared = Record<string, { type?: string; defaultValue?: unknown }>;

/** Declared parameters of each named pipeline, read once per name (empty without a signed-in client). */
function useDeclaredParameters(names: string[]): Record<string, Declared> {
  const api = useApi();
  const [known, setKnown] = useState<Record<string, Declared>>({});
  const key = [...new Set(names)].filter(Boolean).sort().join('\n');
  useEffect(() => {
    if (!api || !key) return;
    let live = true;
    for (const name of key.split('\n')) {
      api.read<{ properties?: { parameters?: Declared } }>('pipelines', name).then(
        (r) => live && setKnown((k) => ({ ...k, [name]: r.doc.properties?.parameters ?? {} })),
        () => live && setKnown((k) => ({ ...k, [name]: {} })),
      );
    }
    return () => {
      live = false;
    };
  }, [api, key]);
  return known;
}

function under(problems: Problem[], pointer: string, exact = false): Problem[] {
  return problems.filter((p) => p.pointer === pointer || (!exact && (p.pointer ?? '').startsWith(`${pointer}/`)));
}

/** The pipelines editor. */
export function TriggerPipelines({ type, refs, onChange, pipelines, problems, sampleContext }: TriggerPipelinesProps): ReactNode {
  const single = type === 'TumblingWindowTrigger';
  const declared = useDeclaredParameters(refs.map((r) => r.pipelineReference?.referenceName ?? ''));
  const completion: CompletionSource = { parameters: [], variables: [], activities: [], inForEach: false, sampleContext };
  const set = (i: number, ref: TriggerPipelineRef): void => onChange(refs.map((r, j) => (j === i ? ref : r)));
  return (
    <section className="trigger-pipelines" aria-label="Pipelines started">
      <h3>{single ? 'Pipeline' : 'Pipelines'}</h3>
      {refs.length === 0 ? <p className="muted">No pipeline yet: a trigger starts at least one.</p> : null}
      {refs.map((ref, i) => (
        <PipelineRow
          key={i}
          index={i}
          base={single ? '/properties/pipeline' : `/properties/pipelines/${i}`}
          ref_={ref}
          type={type}
          pipelines={pipelines}
          declared={declared[ref.pipelineReference?.referenceName ?? ''] ?? {}}
          problems={problems}
          completion={completion}
          onChange={(r) => set(i, r)}
          onRemove={() => onChange(refs.filter((_, j) => j !== i))}
        />
      ))}
      {!single || refs.length === 0 ? (
        <button type="button" onClick={() => onChange([...refs, { pipelineReference: { referenceName: '', type: 'PipelineReference' }, parameters: {} }])}>
          + Add pipeline
        </button>
      ) : null}
      {under(problems, single ? '/properties/pipeline' : '/properties/pipelines', true).map((p, i) => (
        <p key={i} className="field-problems">
          <span className="badge badge-error">{p.code}</span> {p.message}
        </p>
      ))}
    </section>
  );
}

interface RowProps {
  index: number;
  base: string;
  ref_: TriggerPipelineRef;
  type: TriggerType | undefined;
  pipelines: string[];
  declared: Declared;
  problems: Problem[];
  completion: CompletionSource;
  onChange(ref: TriggerPipelineRef): void;
  onRemove(): void;
}

function PipelineRow({ index, base, ref_, type, pipelines, declared, problems, completion, onChange, onRemove }: RowProps): ReactNode {
  const id = useId();
  const name = ref_.pipelineReference?.referenceName ?? '';
  const values = ref_.parameters ?? {};
  const names = [...new Set([...Object.keys(declared), ...Object.keys(values)])];
  const refProblems = [...under(problems, base, true), ...under(problems, `${base}/pipelineReference`)];
  const setParameter = (p: string, v: unknown): void => {
    const next = { ...values };
    if (v === undefined) delete next[p];
    else next[p] = v;
    onChange({ ...ref_, parameters: next });
  };
  return (
    <fieldset className="nested trigger-pipeline">
      <legend>Pipeline {index + 1}</legend>
      <div className={`field${refProblems.length ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-pipeline`}>Pipeline {index + 1} name</label>
        <div className="array-row">
          <select
            id={`${id}-pipeline`}
            value={name}
            aria-invalid={refProblems.length ? true : undefined}
            onChange={(e) => onChange({ ...ref_, pipelineReference: { ...ref_.pipelineReference, referenceName: e.target.value, type: 'PipelineReference' }, parameters: {} })}
          >
            <ReferenceOptions current={name} names={pipelines} />
          </select>
          <button type="button" className="danger" aria-label={`Remove pipeline ${index + 1}`} onClick={onRemove}>
            Remove
          </button>
        </div>
        {refProblems.map((p, i) => (
          <p key={i} className="field-problems">
            <span className="badge badge-error">{p.code}</span> {p.message}
          </p>
        ))}
      </div>
      {name && names.length === 0 ? <p className="muted">{name} declares no parameters.</p> : null}
      {names.map((p) => {
        const spec = declared[p];
        const pointer = `${base}/parameters/${p}`;
        const own = under(problems, pointer);
        const inputId = `${id}-p-${p}`;
        return (
          <div key={p} className={`field${own.length ? ' field-invalid' : ''}`} data-pointer={pointer}>
            <div className="field-head">
              <label htmlFor={inputId}>{p}</label>
              <span className="muted">
                {spec ? `${spec.type ?? 'String'}${spec.defaultValue !== undefined ? `, default ${JSON.stringify(spec.defaultValue)}` : ''}` : 'not declared by the pipeline'}
              </span>
              {type ? (
                <select
                  aria-label={`Insert a trigger value into ${p}`}
                  value=""
                  onChange={(e) => {
                    if (e.target.value) setParameter(p, e.target.value);
                  }}
                >
                  <option value="">Insert a trigger value…</option>
                  {TRIGGER_VALUES[type].map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              ) : null}
              {!spec ? (
                <button type="button" className="link" aria-label={`Remove parameter ${p}`} onClick={() => setParameter(p, undefined)}>
                  Remove
                </button>
              ) : null}
            </div>
            <ExpressionInput
              id={inputId}
              value={parameterText(values[p])}
              invalid={own.length > 0}
              describedBy={own.length ? `${inputId}-problems` : undefined}
              completion={completion}
              onChange={(text) => setParameter(p, parameterValue(text, spec?.type))}
            />
            <FieldProblems id={`${inputId}-problems`} problems={own} />
          </div>
        );
      })}
    </fieldset>
  );
}
