import { describe, expect, it } from 'vitest';
import { SluiceError } from '@sluice/engine';
import { problemsError, toErrorBody } from './errors.js';

describe('toErrorBody', () => {
  it('keeps a coded error: its status, code, message, location and details', () => {
    expect(toErrorBody(new SluiceError('RUN_NOT_FOUND', 'No run x.', { pointer: '/x' }, { id: 'x' }))).toEqual({
      statusCode: 404, code: 'RUN_NOT_FOUND', message: 'No run x.', details: { pointer: '/x', id: 'x' },
    });
  });

  it('turns a schema error into SCHEMA_VIOLATION with the field pointer', () => {
    const error = Object.assign(new Error('body/role must be equal to one of the allowed values'), {
      statusCode: 400, validationContext: 'body',
      validation: [{ instancePath: '', keyword: 'required', message: "must have required property 'properties'", params: { missingProperty: 'properties' } }],
    });
    expect(toErrorBody(error)).toMatchObject({ statusCode: 400, code: 'SCHEMA_VIOLATION', details: { in: 'body', pointer: '/properties' } });
  });

  it('answers INTERNAL without the message or stack of an unknown error', () => {
    const body = toErrorBody(new Error('password=hunter2 at line 3'));
    expect(body).toMatchObject({ statusCode: 500, code: 'INTERNAL', details: {} });
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });

  it('answers a document with problems 400, with the first problem first', () => {
    const e = problemsError("The dataset 'D'", [
      { code: 'LINKED_SERVICE_NOT_FOUND', severity: 'error', pointer: '/properties/linkedServiceName/referenceName', message: 'missing' },
    ]);
    expect(toErrorBody(e)).toMatchObject({ statusCode: 400, code: 'LINKED_SERVICE_NOT_FOUND', details: { pointer: '/properties/linkedServiceName/referenceName' } });
  });
});
