import { describe, expect, it } from 'vitest';
import { isSluiceError } from '../errors/index.js';
import { builtinLinkedServiceTypes } from '../model/builtin-types.js';
import type { JsonSchema } from '../schema/json-schema.js';
import { pipelineSchema } from '../model/pipeline.js';
import { checkActivityEnvelope, checkResourceSchema, checkTypeProperties, checkValue, compileSchema, createAjv, sharedAjv } from './schema-check.js';

const postgres = builtinLinkedServiceTypes.find((t) => t.type === 'PostgreSqlV2')?.typeProperties as JsonSchema;
const messages = (problems: Array<{ message: string }>) => problems.map((p) => p.message);

describe('ajv setup', () => {
  it('is strict: a schema with an unknown keyword does not compile', () => {
    expect(() => createAjv().compile({ type: 'string', widget: 'text' } as unknown as JsonSchema)).toThrow(/strict mode/);
  });

  it('shares one instance and compiles each schema once', () => {
    expect(sharedAjv()).toBe(sharedAjv());
    const schema: JsonSchema = { type: 'integer' };
    expect(compileSchema(schema)).toBe(compileSchema(schema));
  });

  it('reports a schema that does not compile as TYPE_DEFINITION_INVALID', () => {
    try {
      checkTypeProperties({ type: 'object', title: 'Broken', properties: { x: { type: 'strng' } } } as unknown as JsonSchema, {}, '');
      expect.unreachable();
    } catch (error) {
      expect(isSluiceError(error) && error.code).toBe('TYPE_DEFINITION_INVALID');
      expect((error as Error).message).toContain("'Broken'");
    }
  });

  it('a compile that runs out of stack deep in recursion throws the RangeError, and the next compile at the top works', () => {
    const valid = { name: 'P', properties: { activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }] } };
    const invalid = { name: 'P', properties: { activities: [{ name: 'W' }] } };
    let failure: unknown;
    let schema = structuredClone(pipelineSchema) as JsonSchema;
    // Recurse deeper and deeper, each time with a never-compiled copy, until the compile itself (reached at the
    // bottom of the recursion) fails for lack of stack.
    for (let depth = 1000; failure === undefined && depth < 100_000; depth += 250) {
      schema = structuredClone(pipelineSchema) as JsonSchema;
      let reached = false;
      const deep = (n: number): void => {
        if (n > 0) return deep(n - 1);
        reached = true;
        compileSchema(schema);
      };
      try {
        deep(depth);
      } catch (error) {
        if (!reached) break; // the recursion ran out before reaching the compile: no failing depth on this stack
        failure = error;
      }
    }
    expect(failure).toBeInstanceOf(RangeError);
    expect(isSluiceError(failure)).toBe(false);
    const validate = compileSchema(schema);
    expect(validate(valid)).toBe(true);
    expect(validate(invalid)).toBe(false);
    expect(checkValue(schema, invalid, '', 'SCHEMA_VIOLATION')).toEqual(checkValue(pipelineSchema, invalid, '', 'SCHEMA_VIOLATION'));
  });
});

describe('messages a user can act on', () => {
  it('says which required property is missing, at the object that lacks it', () => {
    expect(checkResourceSchema('pipeline', { properties: { activities: [] } })).toEqual([
      { code: 'SCHEMA_VIOLATION', severity: 'error', pointer: '', message: "The document is missing the required property 'name'" },
    ]);
  });

  it('points at an unexpected property, suggests the close name and lists the allowed ones', () => {
    const [problem] = checkResourceSchema('pipeline', { name: 'P', properties: { activities: [{ name: 'A', type: 'Wait', dependOn: [] }] } });
    expect(problem?.pointer).toBe('/properties/activities/0/dependOn');
    expect(problem?.message).toMatch(/^Item 0 of 'activities' has an unexpected property 'dependOn' \(did you mean 'dependsOn'\?\)\. Allowed properties: name, type, description, dependsOn/);
  });

  it('lists the allowed values of an enumeration, case-insensitive ones included', () => {
    expect(messages(checkResourceSchema('dataflow', { name: 'F', properties: { type: 'Wrangling', typeProperties: {} } })))
      .toEqual(["'type' must be one of: 'MappingDataFlow', 'SluiceDataFlow' (got 'Wrangling')"]);
    expect(messages(checkActivityEnvelope({ name: 'A', type: 'Wait', dependsOn: [{ activity: 'B', dependencyConditions: ['Succeded'] }] }, '/a')))
      .toEqual(["Item 0 of 'dependencyConditions' must be one of: Succeeded, Failed, Skipped, Completed (any casing) (got 'Succeded')"]);
  });

  it('explains the name, timespan and date-time rules instead of showing a regex', () => {
    expect(messages(checkActivityEnvelope({ name: 'Copy/Orders', type: 'Copy', policy: { timeout: '1 day' } }, ''))).toEqual([
      "'name' must not contain any of . + ? / < > * % & : \\ (got 'Copy/Orders')",
      "'timeout' must be a timespan d.hh:mm:ss or hh:mm:ss (for example 0.12:00:00) or an expression (got '1 day')",
    ]);
    expect(messages(checkActivityEnvelope({ name: 'x'.repeat(60), type: 'Copy' }, ''))).toEqual(["'name' must be at most 55 characters long (it has 60)"]);
  });

  it('says "or an expression" where an expression is allowed, with one message per mistake', () => {
    const problems = checkTypeProperties(postgres, { server: 'pg', database: 'db', port: 'default' }, '/properties/typeProperties');
    expect(problems).toEqual([{
      code: 'TYPE_PROPERTIES_INVALID', severity: 'error', pointer: '/properties/typeProperties/port',
      message: "'port' must be an integer or an expression (got 'default')",
    }]);
  });

  it('reports the mistake inside an expression object when the value is meant as one', () => {
    expect(messages(checkTypeProperties(postgres, { server: { value: 42, type: 'Expression' }, database: 'db' }, '/tp')))
      .toEqual(["'value' must be a string (got 42)"]);
    expect(messages(checkTypeProperties(postgres, { server: { value: '@x', type: 'Expresion' }, database: 'db' }, '/tp')))
      .toEqual(["'server' must be a string or an expression (got an object)"]);
    expect(checkTypeProperties(postgres, { server: { value: '@x', type: 'expression' }, database: 'db' }, '/tp')).toEqual([]);
  });

  it('collapses alternatives: the branch the user meant, or one summary', () => {
    // The secret's `type` decides the branch: the choices are listed once.
    expect(messages(checkTypeProperties(postgres, { server: 'pg', database: 'db', password: { type: 'EnvVar', name: 'X' } }, '/tp')))
      .toEqual(["'type' must be one of: 'EnvironmentVariable', 'SecureString', 'AzureKeyVaultSecret' (got 'EnvVar')"]);
    // The right branch, missing a property.
    expect(checkTypeProperties(postgres, { server: 'pg', database: 'db', password: { type: 'EnvironmentVariable' } }, '/tp'))
      .toEqual([expect.objectContaining({ pointer: '/tp/password', message: "'password' is missing the required property 'name'" })]);
    // No branch has the right type.
    expect(messages(checkValue({ anyOf: [{ type: 'string' }, { type: 'integer' }] }, true, '/v'))).toEqual(["'v' must be a string or an integer (got true)"]);
    // Alternative sets of required properties.
    expect(messages(checkTypeProperties(postgres, { port: 5432 }, '/properties/typeProperties')))
      .toEqual(["'typeProperties' needs 'connectionString', or 'server' and 'database'"]);
  });

  it('uses the given code and base pointer, and deduplicates', () => {
    const problems = checkValue({ type: 'object', properties: { n: { type: 'integer' } } }, { n: 'x' }, '/runs/0/output', 'PARAMETER_TYPE_MISMATCH');
    expect(problems).toEqual([{ code: 'PARAMETER_TYPE_MISMATCH', severity: 'error', pointer: '/runs/0/output/n', message: "'n' must be an integer (got 'x')" }]);
  });

  it('escapes pointer tokens', () => {
    const problems = checkValue({ type: 'object', additionalProperties: false }, { 'a/b': 1 }, '');
    expect(problems[0]?.pointer).toBe('/a~1b');
  });
});

describe('checkActivityEnvelope', () => {
  it('checks a nested activity at its own pointer', () => {
    const pointer = '/properties/activities/1/typeProperties/activities/0';
    expect(checkActivityEnvelope({ name: 'Inner', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }, pointer)).toEqual([]);
    expect(checkActivityEnvelope({ name: 'Inner', type: 'Wait', state: 'Off' }, pointer).map((p) => p.pointer)).toEqual([`${pointer}/state`]);
  });
});
