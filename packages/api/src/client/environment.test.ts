import { describe, expect, it } from 'vitest';
import type { FactoryDocument } from '@sluice/engine';
import { applyEnvironment } from './environment.js';

const factory = (): FactoryDocument[] => [
  { kind: 'linkedService', doc: { name: 'Warehouse', properties: { type: 'PostgreSqlV2', typeProperties: { server: 'dev', database: 'd' } } } },
  { kind: 'pipeline', doc: { name: 'Load', properties: { parameters: { Day: { type: 'String', defaultValue: 'x' } }, activities: [] } } },
];

describe('applyEnvironment', () => {
  it('sets linked-service values at dot paths, secrets from the environment, and parameter defaults, on copies', () => {
    const docs = factory();
    const { documents, problems } = applyEnvironment(docs, {
      linkedServices: { warehouse: { server: 'prod', 'options.ssl.mode': 'require', password: { fromEnvironment: 'PW' } } },
      parameters: { Load: { day: '2024-03-01' } },
    }, 'prod.json', { PW: 's3cret' });
    expect(problems).toEqual([]);
    expect(documents[0]?.doc).toEqual({ name: 'Warehouse', properties: { type: 'PostgreSqlV2', typeProperties: { server: 'prod', database: 'd', options: { ssl: { mode: 'require' } }, password: { type: 'SecureString', value: 's3cret' } } } });
    expect((documents[1]?.doc as { properties: { parameters: { Day: { defaultValue: unknown } } } }).properties.parameters.Day.defaultValue).toBe('2024-03-01');
    expect((docs[0]?.doc as { properties: { typeProperties: { server: string } } }).properties.typeProperties.server).toBe('dev');
  });

  it.each([
    [{ linkedServices: { Warehouse: [] } }, '/linkedServices/Warehouse'],
    [{ linkedServices: { Warehouse: { 'a..b': 1 } } }, '/linkedServices/Warehouse/a..b'],
    [{ unknown: 1 }, '/unknown'],
    [{ linkedServices: { Nope: { a: 1 } } }, '/linkedServices/Nope'],
    [{ linkedServices: { Warehouse: { password: { fromEnvironment: 'UNSET_VAR' } } } }, '/linkedServices/Warehouse/password'],
    [{ parameters: { Load: { Month: 1 } } }, '/parameters/Load/Month'],
    [{ parameters: { Other: { a: 1 } } }, '/parameters/Other'],
    [{ globalParameters: { env: 'prod' } }, '/globalParameters/env'],
    [{ globalParameters: { env: { type: 'Date', value: 'x' } } }, '/globalParameters/env/type'],
  ])('reports %j at %s in the file', (environment, pointer) => {
    const { problems } = applyEnvironment(factory(), environment, 'env.json', {});
    expect(problems.map((p) => [p.file, p.pointer])).toContainEqual(['env.json', pointer]);
  });

  it('sets the values of declared global parameters, keeping their types, and adds typed new ones', () => {
    const globals = { Env: { type: 'string', value: 'dev' }, batch: { type: 'Int', value: 10 } };
    const { problems, globalParameters } = applyEnvironment(factory(), { globalParameters: { env: 'prod', region: { type: 'String', value: 'eu' } } }, 'env.json', {}, globals);
    expect(problems).toEqual([]);
    expect(globalParameters).toEqual({ Env: { type: 'string', value: 'prod' }, batch: { type: 'Int', value: 10 }, region: { type: 'String', value: 'eu' } });
    expect(globals.Env.value).toBe('dev'); // the loaded folder is not changed
  });
});
