import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../schema/json-schema.js';
import { createAjv } from '../validation/schema-check.js';
import {
  ALLOW_EXPRESSIONS_MARK,
  allowExpressions,
  expressionSchema,
  expressionStringSchema,
  orExpression,
  secretValueSchema,
} from './values.js';

const accepts = (schema: JsonSchema, value: unknown): boolean => createAjv().validate(schema, value);
const expr = (value: string) => ({ value, type: 'Expression' });

describe('expressionStringSchema', () => {
  it.each([
    ['@pipeline().parameters.x', true],
    ["@concat('a', 'b')", true],
    ['folder/@{item().name}', true],
    ['@{item().name}', true],
    ['@@escaped', false],
    ['a @@{escaped} b', false],
    ['user@example.com', false],
    ['plain', false],
    ['', false],
  ])('%s → %s', (text, expected) => expect(accepts(expressionStringSchema, text)).toBe(expected));
});

describe('expressionSchema', () => {
  it('accepts ADF’s {value, type: Expression}, the type in any casing', () => {
    expect(accepts(expressionSchema, expr('@x'))).toBe(true);
    expect(accepts(expressionSchema, { value: '@x', type: 'expression' })).toBe(true);
    expect(accepts(expressionSchema, { value: '@x', type: 'String' })).toBe(false);
    expect(accepts(expressionSchema, { value: 1, type: 'Expression' })).toBe(false);
    expect(accepts(expressionSchema, { value: '@x' })).toBe(false);
  });
});

describe('allowExpressions', () => {
  const strict = {
    type: 'object',
    properties: {
      count: { type: 'integer', minimum: 1 },
      mode: { type: 'string', enum: ['a', 'b'] },
      tags: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' } },
      nested: { type: 'object', properties: { flag: { type: 'boolean' } }, required: ['flag'], additionalProperties: false },
      map: { type: 'object', additionalProperties: { type: 'number' } },
      choice: { oneOf: [{ type: 'integer' }, { type: 'boolean' }] },
      any: {},
    },
    required: ['count'],
    additionalProperties: false,
  } as const satisfies JsonSchema;
  const authoring = allowExpressions(strict);

  it('accepts an expression string or object at every value position', () => {
    expect(accepts(authoring, { count: '@pipeline().parameters.n' })).toBe(true);
    expect(accepts(authoring, { count: expr('@int(1)'), mode: '@x', tags: ['@item()', 'ok'], nested: { flag: '@true' } })).toBe(true);
    expect(accepts(authoring, { count: 1, tags: expr('@createArray()'), nested: expr('@json(x)'), map: { a: '@x' } })).toBe(true);
    expect(accepts(authoring, '@activity(\'A\').output')).toBe(true);
  });

  it('does not make oneOf ambiguous: an expression matches once', () => {
    expect(accepts(authoring, { count: 1, choice: '@x' })).toBe(true);
    expect(accepts(authoring, { count: 1, choice: true })).toBe(true);
  });

  it('still rejects literals of the wrong kind, and keeps required', () => {
    expect(accepts(authoring, { count: 'five' })).toBe(false);
    expect(accepts(authoring, { count: 0 })).toBe(false);
    expect(accepts(authoring, { count: 1, mode: 'c' })).toBe(false);
    expect(accepts(authoring, { count: 1, tags: ['UPPER'] })).toBe(false);
    expect(accepts(authoring, { count: 1, nested: {} })).toBe(false);
    expect(accepts(authoring, { count: 1, extra: 1 })).toBe(false);
    expect(accepts(authoring, {})).toBe(false);
    expect(accepts(authoring, { count: 'user@example.com' })).toBe(false);
  });

  it('leaves the strict schema untouched', () => {
    expect(accepts(strict, { count: '@x' })).toBe(false);
    expect(strict.properties.count).toEqual({ type: 'integer', minimum: 1 });
  });

  it('is memoised per schema object, and shares widened sub-schemas', () => {
    expect(allowExpressions(strict)).toBe(authoring);
    const shared = { type: 'integer' } as const;
    const a = allowExpressions({ type: 'object', properties: { x: shared } });
    const b = allowExpressions({ type: 'object', properties: { y: shared } });
    expect((a as { anyOf: Array<{ properties: Record<string, unknown> }> }).anyOf[0]?.properties['x'])
      .toBe((b as { anyOf: Array<{ properties: Record<string, unknown> }> }).anyOf[0]?.properties['y']);
  });

  it('keeps $ref to definitions working', () => {
    const withRef = {
      type: 'object',
      definitions: { port: { type: 'integer', maximum: 65535 } },
      properties: { port: { $ref: '#/definitions/port' } },
    } as const satisfies JsonSchema;
    const widened = allowExpressions(withRef);
    expect(accepts(widened, { port: 80 })).toBe(true);
    expect(accepts(widened, { port: '@x' })).toBe(true);
    expect(accepts(widened, { port: 70000 })).toBe(false);
  });

  it('does not wrap unconstrained schemas, the expression schema itself, or orExpression wrappers again', () => {
    expect(allowExpressions({ title: 'Anything' })).toEqual({ title: 'Anything' });
    expect(allowExpressions(expressionSchema)).toBe(expressionSchema);
    const once = orExpression({ type: 'integer' } as const);
    const widened = allowExpressions(once as JsonSchema) as { anyOf: unknown[]; $comment: string };
    expect(widened.anyOf).toHaveLength(3);
    expect(widened.$comment).toBe(ALLOW_EXPRESSIONS_MARK);
  });
});

describe('secretValueSchema', () => {
  it.each([
    ['a plain string', 'hunter2'],
    ['an environment variable (Sluice)', { type: 'EnvironmentVariable', name: 'PG_PASSWORD' }],
    ['a SecureString', { type: 'SecureString', value: '**********' }],
    ['a Key Vault reference', { type: 'AzureKeyVaultSecret', store: { referenceName: 'Vault', type: 'LinkedServiceReference' }, secretName: 'pg' }],
  ])('accepts %s', (_label, value) => expect(accepts(secretValueSchema, value)).toBe(true));

  it('rejects a malformed reference', () => {
    expect(accepts(secretValueSchema, { type: 'EnvironmentVariable', name: 'has space' })).toBe(false);
    expect(accepts(secretValueSchema, { type: 'SecureString' })).toBe(false);
  });
});
