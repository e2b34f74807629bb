/**
 * Reads a JSON Schema the way the settings form needs it: which widget a property gets. Pure, so the
 * rules (ADF's expression wrappers, references, enums) are unit-tested without rendering.
 */
import type { Schema, UiHint } from '../../model/types.js';

/** The widget a schema maps to. */
export type FieldKind =
  | { kind: 'expression' }
  | { kind: 'string'; multiline: boolean; secret: boolean }
  | { kind: 'number'; integer: boolean }
  | { kind: 'boolean' }
  | { kind: 'enum'; options: string[] }
  | { kind: 'reference'; referenceType: 'DatasetReference' | 'LinkedServiceReference' | 'PipelineReference' | 'DataFlowReference' }
  | { kind: 'object'; schema: Schema }
  | { kind: 'array'; items: Schema }
  | { kind: 'json' };

/** ADF's dynamic-content object. */
export interface ExpressionObject {
  value: string;
  type: 'Expression';
}

/** True for `{value: string, type: 'Expression'}` (type in any casing, as the engine reads it). */
export function isExpressionObject(value: unknown): value is ExpressionObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && typeof (value as { value?: unknown }).value === 'string'
    && String((value as { type?: unknown }).type).toLowerCase() === 'expression';
}

/** True for a schema that is ADF's expression object itself. */
export function isExpressionSchema(schema: Schema): boolean {
  const props = schema.properties;
  return schema.type === 'object' && !!props && Object.keys(props).sort().join(',') === 'type,value' && JSON.stringify(props.type ?? {}).toLowerCase().includes('expression');
}

function isExpressionString(schema: Schema): boolean {
  return schema.type === 'string' && typeof schema.pattern === 'string' && schema.pattern.startsWith('^@');
}

/** Strips the expression alternatives `orExpression` adds (`anyOf: [base, exprString, exprObject]`), keeping the titles. */
export function baseSchema(schema: Schema): Schema {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (!alternatives) return schema;
  const rest = alternatives.filter((s) => !isExpressionSchema(s) && !isExpressionString(s));
  if (rest.length === 1 && rest[0]) {
    const { anyOf: _a, oneOf: _o, ...annotations } = schema;
    return { ...rest[0], ...(annotations.title ? { title: annotations.title } : {}), ...(annotations.description ? { description: annotations.description } : {}) };
  }
  return schema;
}

const REFERENCE_TYPES = ['DatasetReference', 'LinkedServiceReference', 'PipelineReference', 'DataFlowReference'] as const;

/** Decides the widget of a property from its schema and UI hint. */
export function fieldKind(raw: Schema, hint: UiHint = {}): FieldKind {
  if (isExpressionSchema(raw)) return { kind: 'expression' };
  const schema = baseSchema(raw);
  if (isExpressionSchema(schema)) return { kind: 'expression' };
  const refConst = schema.properties?.type?.const;
  if (typeof refConst === 'string' && (REFERENCE_TYPES as readonly string[]).includes(refConst) && schema.properties?.referenceName) {
    return { kind: 'reference', referenceType: refConst as (typeof REFERENCE_TYPES)[number] };
  }
  if (typeof schema.$ref === 'string') {
    const name = REFERENCE_TYPES.find((r) => schema.$ref!.endsWith(r));
    if (name) return { kind: 'reference', referenceType: name };
  }
  if (hint.widget === 'dataset') return { kind: 'reference', referenceType: 'DatasetReference' };
  if (hint.widget === 'linkedService') return { kind: 'reference', referenceType: 'LinkedServiceReference' };
  if (hint.widget === 'pipeline') return { kind: 'reference', referenceType: 'PipelineReference' };
  if (hint.widget === 'dataflow') return { kind: 'reference', referenceType: 'DataFlowReference' };
  if (hint.widget === 'json' || hint.widget === 'keyValue') return { kind: 'json' };
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string')) return { kind: 'enum', options: schema.enum as string[] };
  const anyOfConsts = schema.anyOf?.map((s) => s.const ?? s.enum);
  if (anyOfConsts && anyOfConsts.length && anyOfConsts.every((c) => typeof c === 'string')) return { kind: 'enum', options: anyOfConsts as string[] };
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return { kind: 'string', multiline: ['textarea', 'code', 'sql'].includes(hint.widget ?? ''), secret: hint.widget === 'password' };
    case 'integer':
      return { kind: 'number', integer: true };
    case 'number':
      return { kind: 'number', integer: false };
    case 'boolean':
      return { kind: 'boolean' };
    case 'object':
      return schema.properties ? { kind: 'object', schema } : { kind: 'json' };
    case 'array':
      return { kind: 'array', items: schema.items ?? {} };
    default:
      // No type (a value of any type, like Set Variable's value): text, switchable to an expression.
      return type === undefined && !schema.properties ? { kind: 'string', multiline: ['textarea', 'code', 'sql'].includes(hint.widget ?? ''), secret: false } : { kind: 'json' };
  }
}

/** A property of an object schema, ready to render in order. */
export interface FieldSpec {
  key: string;
  pointer: string;
  schema: Schema;
  hint: UiHint;
  label: string;
  required: boolean;
  kind: FieldKind;
}

/**
 * The fields of an object schema in display order: by `uiHints[pointer].order`, then as declared.
 * Inner activity lists of containers are left out (the canvas edits them).
 */
export function objectFields(schema: Schema, hints: Record<string, UiHint> = {}, base = ''): FieldSpec[] {
  const props = baseSchema(schema).properties ?? {};
  const required = new Set(baseSchema(schema).required ?? []);
  const fields = Object.entries(props)
    .filter(([key, s]) => !(/activities$/i.test(key) && s.type === 'array') && !(key === 'cases' && s.type === 'array'))
    .map(([key, s], index): FieldSpec & { index: number } => {
      const pointer = `${base}/${key}`;
      const hint = hints[pointer] ?? {};
      return { key, pointer, schema: s, hint, label: baseSchema(s).title ?? s.title ?? key, required: required.has(key), kind: fieldKind(s, hint), index };
    });
  return fields.sort((a, b) => (a.hint.order ?? 1000) - (b.hint.order ?? 1000) || a.index - b.index).map(({ index: _i, ...f }) => f);
}
