/**
 * A settings form rendered from a JSON Schema and its UI hints: the activity's declaration drives the
 * editor (n8n's lesson), so a plugin's activity gets a form without designer changes. Every scalar field
 * can switch to ADF dynamic content (`{value: '@…', type: 'Expression'}`); problems from the server are
 * shown under the field their pointer names.
 */
import { useId, useState, type ReactNode } from 'react';
import type { Problem, Schema, UiHint } from '../../model/types.js';
import { FieldProblems } from '../common/FieldProblems.js';
import { ReferenceOptions } from '../common/ReferenceOptions.js';
import type { CompletionSource } from './expression-completion.js';
import { ExpressionInput } from './ExpressionInput.js';
import { fieldKind, isExpressionObject, objectFields, type FieldSpec } from './schema-fields.js';

/** Names of the factory's resources, for reference selects. */
export interface ReferenceNames {
  datasets: string[];
  linkedservices: string[];
  pipelines: string[];
  dataflows: string[];
}

/** Shared inputs of every field of a form. */
export interface FormContext {
  hints: Record<string, UiHint>;
  problems: Problem[];
  references: ReferenceNames;
  /** Prefix of field pointers in problem pointers (`/properties/activities/0/typeProperties`). */
  problemBase: string;
  /** Names offered by the expression editor's completion. */
  completion?: CompletionSource;
  /** False where ADF dynamic content does not apply (data-flow step settings are SQL): no `fx` toggle. */
  expressions?: boolean;
}

/** Props of {@link SchemaForm}. */
export interface SchemaFormProps extends FormContext {
  schema: Schema;
  value: Record<string, unknown>;
  onChange(value: Record<string, unknown>): void;
  /** A label for the whole form (screen readers). */
  label: string;
}

/** Renders the object schema's fields; changes produce a new object (unset fields are removed). */
export function SchemaForm(props: SchemaFormProps): ReactNode {
  const { schema, value, onChange, label, ...ctx } = props;
  return (
    <div role="group" aria-label={label} className="schema-form">
      <ObjectFields schema={schema} value={value} onChange={onChange} base="" ctx={ctx} />
    </div>
  );
}

function ObjectFields({ schema, value, onChange, base, ctx }: { schema: Schema; value: Record<string, unknown>; onChange(v: Record<string, unknown>): void; base: string; ctx: FormContext }): ReactNode {
  const fields = objectFields(schema, ctx.hints, base);
  if (fields.length === 0) return <p className="muted">This activity has no settings.</p>;
  return (
    <>
      {fields.map((f) => (
        <Field
          key={f.key}
          field={f}
          value={value[f.key]}
          ctx={ctx}
          onChange={(v) => {
            const next = { ...value };
            if (v === undefined) delete next[f.key];
            else next[f.key] = v;
            onChange(next);
          }}
        />
      ))}
    </>
  );
}

function problemsAt(ctx: FormContext, pointer: string): Problem[] {
  const full = `${ctx.problemBase}${pointer}`;
  return ctx.problems.filter((p) => p.pointer === full || (p.pointer ?? '').startsWith(`${full}/`));
}

function Field({ field, value, onChange, ctx }: { field: FieldSpec; value: unknown; onChange(v: unknown): void; ctx: FormContext }): ReactNode {
  const id = useId();
  const kind = field.kind;
  const expressionCapable = kind.kind !== 'object' && kind.kind !== 'array' && kind.kind !== 'json' && ctx.expressions !== false;
  const [forced, setForced] = useState(false);
  const asExpression = kind.kind === 'expression' || isExpressionObject(value) || forced;
  const problems = problemsAt(ctx, field.pointer);
  const help = field.hint.help ?? field.schema.description;
  const describedBy = [help ? `${id}-help` : '', problems.length ? `${id}-problems` : ''].filter(Boolean).join(' ') || undefined;

  let input: ReactNode;
  if (asExpression) {
    const text = isExpressionObject(value) ? value.value : typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
    input = (
      <ExpressionInput
        id={id}
        value={text}
        describedBy={describedBy}
        invalid={problems.length > 0}
        completion={ctx.completion}
        onChange={(t) => onChange(t === '' && kind.kind !== 'expression' ? undefined : { value: t, type: 'Expression' })}
      />
    );
  } else {
    input = <PlainInput id={id} field={field} value={value} onChange={onChange} ctx={ctx} describedBy={describedBy} invalid={problems.length > 0} />;
  }
  return (
    <div className={`field${problems.length ? ' field-invalid' : ''}`} data-pointer={field.pointer}>
      <div className="field-head">
        <label htmlFor={id}>{field.label}</label>
        {field.required ? (
          <span className="required" aria-hidden="true" title="Required">
            *
          </span>
        ) : null}
        {expressionCapable && kind.kind !== 'expression' ? (
          <button
            type="button"
            className="fx-toggle"
            aria-pressed={asExpression}
            aria-label={`${field.label}: use dynamic content`}
            title="Add dynamic content (expression)"
            onClick={() => {
              if (asExpression) {
                setForced(false);
                onChange(undefined);
              } else {
                setForced(true);
                const seed = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
                onChange({ value: seed.startsWith('@') || seed === '' ? seed : `@${JSON.stringify(seed)}`.replace(/^@"(.*)"$/, "@'$1'"), type: 'Expression' });
              }
            }}
          >
            fx
          </button>
        ) : null}
      </div>
      {input}
      {help ? <p id={`${id}-help`} className="help">{help}</p> : null}
      <FieldProblems id={`${id}-problems`} problems={problems} />
    </div>
  );
}

function PlainInput({ id, field, value, onChange, ctx, describedBy, invalid }: { id: string; field: FieldSpec; value: unknown; onChange(v: unknown): void; ctx: FormContext; describedBy: string | undefined; invalid: boolean }): ReactNode {
  const kind = field.kind;
  const common = { id, 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined, 'aria-required': field.required || undefined } as const;
  switch (kind.kind) {
    case 'string':
      return kind.multiline ? (
        <textarea {...common} rows={3} value={typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)} placeholder={field.hint.placeholder} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} />
      ) : (
        <input {...common} type={kind.secret ? 'password' : 'text'} value={typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)} placeholder={field.hint.placeholder} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} />
      );
    case 'number':
      return (
        <input
          {...common}
          type="number"
          step={kind.integer ? 1 : 'any'}
          value={typeof value === 'number' ? value : ''}
          placeholder={field.hint.placeholder}
          onChange={(e) => onChange(e.target.value === '' ? undefined : kind.integer ? Math.trunc(Number(e.target.value)) : Number(e.target.value))}
        />
      );
    case 'boolean':
      return <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
    case 'enum':
      return (
        <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
          <option value="">(not set)</option>
          {kind.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'reference': {
      const names = {
        DatasetReference: ctx.references.datasets,
        LinkedServiceReference: ctx.references.linkedservices,
        PipelineReference: ctx.references.pipelines,
        DataFlowReference: ctx.references.dataflows,
      }[kind.referenceType];
      const current = (value as { referenceName?: string } | undefined)?.referenceName ?? '';
      return (
        <select {...common} value={current} onChange={(e) => onChange(e.target.value ? { ...((value as object) ?? {}), referenceName: e.target.value, type: kind.referenceType } : undefined)}>
          <ReferenceOptions current={current} names={names} />
        </select>
      );
    }
    case 'object':
      return (
        <fieldset className="nested" id={id}>
          <ObjectFields schema={kind.schema} value={(value as Record<string, unknown>) ?? {}} base={field.pointer} ctx={ctx} onChange={(v) => onChange(Object.keys(v).length ? v : undefined)} />
        </fieldset>
      );
    case 'array':
      return <ArrayInput {...{ id, field, value, onChange, describedBy, invalid }} items={kind.items} />;
    default:
      return <JsonInput id={id} value={value} onChange={onChange} describedBy={describedBy} />;
  }
}

function ArrayInput({ id, field, value, onChange, items }: { id: string; field: FieldSpec; value: unknown; onChange(v: unknown): void; items: Schema }): ReactNode {
  const kind = fieldKind(items);
  if (kind.kind !== 'string' && kind.kind !== 'number') return <JsonInput id={id} value={value} onChange={onChange} describedBy={undefined} />;
  const list = Array.isArray(value) ? (value as unknown[]) : [];
  return (
    <div id={id} className="array-input">
      {list.map((item, i) => (
        <div key={i} className="array-row">
          <input aria-label={`${field.label} item ${i + 1}`} type={kind.kind === 'number' ? 'number' : 'text'} value={String(item ?? '')} onChange={(e) => onChange(list.map((x, j) => (j === i ? (kind.kind === 'number' ? Number(e.target.value) : e.target.value) : x)))} />
          <button type="button" aria-label={`Remove ${field.label} item ${i + 1}`} onClick={() => onChange(list.filter((_, j) => j !== i))}>
            ✕
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...list, kind.kind === 'number' ? 0 : ''])}>
        + Add {field.label}
      </button>
    </div>
  );
}

/** A JSON text field: keeps the text while it does not parse, and says so. */
export function JsonInput({ id, value, onChange, describedBy }: { id: string; value: unknown; onChange(v: unknown): void; describedBy: string | undefined }): ReactNode {
  const [text, setText] = useState(() => (value === undefined ? '' : JSON.stringify(value, null, 2)));
  const [error, setError] = useState<string | undefined>();
  return (
    <>
      <textarea
        id={id}
        className="code"
        rows={4}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') {
            setError(undefined);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(e.target.value));
            setError(undefined);
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      />
      {error ? <p className="field-problems" role="alert">JSON: {error}</p> : null}
    </>
  );
}
