import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from './harness.js';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.close());

const echo = (name: string, value: unknown, dependsOn: unknown[] = []): object => ({ name, type: 'TestEcho', typeProperties: { value }, dependsOn });
const pipelineBody = (value: string): object => ({ properties: { activities: [echo('A', value)] } });

describe('factory resources', () => {
  it('creates, reads with an ETag, replaces with If-Match and refuses a stale one with 412', async () => {
    const created = await api.call('PUT', '/api/pipelines/Etags', { key: api.keys.editor, body: pipelineBody('one'), headers: { 'if-none-match': '*' } });
    expect(created.status).toBe(201);
    const etag = created.headers.get('etag');
    expect(etag).toMatch(/^"1-[0-9a-f]{16}"$/);
    const got = await api.call('GET', '/api/pipelines/etags', { key: api.keys.viewer });
    expect(got.headers.get('etag')).toBe(etag);
    expect(got.body).toMatchObject({ name: 'Etags', properties: { activities: [{ name: 'A' }] } });
    expect((await api.call('PUT', '/api/pipelines/Etags', { body: pipelineBody('again'), headers: { 'if-none-match': '*' } })).body.code).toBe('PRECONDITION_FAILED');

    const replaced = await api.call('PUT', '/api/pipelines/Etags', { body: pipelineBody('two'), headers: { 'if-match': etag as string } });
    expect(replaced.status).toBe(200);
    expect(replaced.headers.get('etag')).not.toBe(etag);
    const stale = await api.call('PUT', '/api/pipelines/Etags', { body: pipelineBody('three'), headers: { 'if-match': etag as string } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'PRECONDITION_FAILED', details: { etag: replaced.headers.get('etag')?.replace(/"/g, '') } });

    const list = await api.call('GET', '/api/pipelines', { key: api.keys.viewer });
    expect(list.body.value).toContainEqual(expect.objectContaining({ name: 'Etags', etag: replaced.headers.get('etag')?.replace(/"/g, ''), activities: 1 }));
  });

  it('lets only one of two concurrent saves with the same If-Match win', async () => {
    const first = await api.call('PUT', '/api/pipelines/Race', { body: pipelineBody('start') });
    const etag = first.headers.get('etag') as string;
    for (let round = 0; round < 5; round++) {
      const current = round === 0 ? etag : ((await api.call('GET', '/api/pipelines/Race')).headers.get('etag') as string);
      const results = await Promise.all(['left', 'right', 'middle'].map((v) => api.call('PUT', '/api/pipelines/Race', { body: pipelineBody(`${v}${round}`), headers: { 'if-match': current } })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412]);
    }
  });

  it('validates before saving: problems point at the field', async () => {
    const bad = await api.call('PUT', '/api/pipelines/Broken', { body: { properties: { activities: [echo('A', 1, [{ activity: 'Nope', dependencyConditions: ['Succeeded'] }])] } } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ statusCode: 400, code: 'DEPENDENCY_NOT_FOUND', details: { pointer: '/properties/activities/0/dependsOn/0/activity' } });
    expect(bad.body.details.problems[0]).toMatchObject({ code: 'DEPENDENCY_NOT_FOUND', severity: 'error' });
    expect((await api.call('GET', '/api/pipelines/Broken')).body.code).toBe('PIPELINE_NOT_FOUND');

    const schema = await api.call('PUT', '/api/pipelines/NoProps', { body: { name: 'NoProps' } });
    expect(schema.body).toMatchObject({ statusCode: 400, code: 'SCHEMA_VIOLATION', details: { in: 'body', pointer: '/properties' } });
    const mismatch = await api.call('PUT', '/api/pipelines/One', { body: { name: 'Other', properties: { activities: [] } } });
    expect(mismatch.body).toMatchObject({ code: 'RESOURCE_NAME_MISMATCH', details: { pointer: '/name' } });

    const unsaved = await api.call('POST', '/api/validate', { key: api.keys.viewer, body: { kind: 'pipelines', document: { name: 'X', properties: { activities: [{ name: 'W', type: 'NoSuchType' }] } } } });
    expect(unsaved.body.problems).toContainEqual(expect.objectContaining({ code: 'UNSUPPORTED_ACTIVITY_TYPE', pointer: '/properties/activities/0/type' }));
    await api.call('PUT', '/api/pipelines/Fine', { body: pipelineBody('x') });
    expect((await api.call('POST', '/api/pipelines/Fine/validate', { key: api.keys.viewer, body: {} })).body).toEqual({ problems: [] });
  });

  it("validates with scope 'dependents': the problems a change would cause in other resources, not those they had", async () => {
    const child = { properties: { activities: [echo('A', 'x')], parameters: { day: { type: 'String', defaultValue: 'mon' } } } };
    expect((await api.call('PUT', '/api/pipelines/Child', { body: child })).body).toMatchObject({ name: 'Child' });
    const run = (parameters: object): object => ({ name: 'RunChild', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: 'Child', type: 'PipelineReference' }, parameters } });
    expect((await api.call('PUT', '/api/pipelines/Parent', { body: { properties: { activities: [run({})] } } })).body).toMatchObject({ name: 'Parent' });
    const trigger = { properties: { type: 'ScheduleTrigger', typeProperties: { recurrence: { frequency: 'Day', interval: 1, startTime: '2026-01-01T00:00:00Z', timeZone: 'UTC' } }, pipelines: [{ pipelineReference: { referenceName: 'Child', type: 'PipelineReference' }, parameters: {} }] } };
    const savedTrigger = await api.call('PUT', '/api/triggers/Nightly', { body: trigger });
    expect(savedTrigger.body).toMatchObject({ name: 'Nightly' });
    // A required parameter (no default) that neither the parent nor the trigger passes.
    const required = { name: 'Child', properties: { ...child.properties, parameters: { region: { type: 'String' } } } };
    const own = await api.call('POST', '/api/validate', { key: api.keys.viewer, body: { kind: 'pipelines', document: required } });
    expect(own.body).toEqual({ problems: [] });
    const wide = await api.call('POST', '/api/validate', { key: api.keys.viewer, body: { kind: 'pipelines', document: required, scope: 'dependents' } });
    const caused = (wide.body.problems as Array<{ code: string; severity: string; resource?: { kind: string; name: string } }>).filter((p) => p.severity === 'error');
    expect(caused).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'REQUIRED_PARAMETER_MISSING', resource: { kind: 'pipelines', name: 'Parent' } }),
      expect.objectContaining({ code: 'REQUIRED_PARAMETER_MISSING', resource: { kind: 'triggers', name: 'Nightly' } }),
    ]));
    expect(caused).toHaveLength(2);
    // Unchanged, it causes nothing: the stored factory's own problems are not reported as the change's.
    const same = await api.call('POST', '/api/validate', { key: api.keys.viewer, body: { kind: 'pipelines', document: { name: 'Child', ...child }, scope: 'dependents' } });
    expect(same.body).toEqual({ problems: [] });
  });

  it('deletes with If-Match honoured', async () => {
    const created = await api.call('PUT', '/api/datasets/Gone', { body: { properties: { type: 'Json', linkedServiceName: { referenceName: 'Missing', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'LocalFileSystemLocation', fileName: 'a.json' } } } } });
    expect(created.body).toMatchObject({ statusCode: 400, code: 'LINKED_SERVICE_NOT_FOUND', details: { pointer: '/properties/linkedServiceName/referenceName' } }); // references are checked too
    const ls = await api.call('PUT', '/api/linkedservices/Files', { body: { properties: { type: 'LocalFileSystem', typeProperties: { rootPath: '/tmp' } } } });
    expect(ls.status).toBe(201);
    const ds = await api.call('PUT', '/api/datasets/Gone', { body: { properties: { type: 'Json', linkedServiceName: { referenceName: 'Files', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'LocalFileSystemLocation', fileName: 'a.json' } } } } });
    expect(ds.status).toBe(201);
    expect((await api.call('DELETE', '/api/datasets/Gone', { headers: { 'if-match': '"9-0000000000000000"' } })).status).toBe(412);
    expect((await api.call('DELETE', '/api/datasets/Gone', { headers: { 'if-match': ds.headers.get('etag') as string } })).status).toBe(204);
    expect((await api.call('GET', '/api/datasets/Gone')).body).toMatchObject({ statusCode: 404, code: 'DATASET_NOT_FOUND' });
    expect((await api.call('DELETE', '/api/datasets/Gone')).status).toBe(404);
  });

  it('keeps every save as a version: list, show, diff, restore', async () => {
    await api.call('PUT', '/api/pipelines/History', { body: pipelineBody('v1') });
    await api.call('PUT', '/api/pipelines/History', { body: { properties: { description: 'second', activities: [echo('A', 'v2')] } } });
    const versions = await api.call('GET', '/api/pipelines/History/versions', { key: api.keys.viewer });
    expect(versions.body.value.map((v: { version: number; operation: string }) => [v.version, v.operation])).toEqual([[1, 'save'], [2, 'save']]);
    const one = await api.call('GET', '/api/pipelines/History/versions/1');
    expect(one.body.document.properties.activities[0].typeProperties.value).toBe('v1');
    const diff = await api.call('GET', '/api/pipelines/History/versions/1/diff?to=2');
    expect(diff.body).toEqual({
      from: 1, to: 2,
      changes: [
        { op: 'replace', path: '/properties/activities/0/typeProperties/value', from: 'v1', value: 'v2' },
        { op: 'add', path: '/properties/description', value: 'second' },
      ],
    });
    const restored = await api.call('POST', '/api/pipelines/History/versions/1/restore', { key: api.keys.editor, body: {} });
    expect(restored.status).toBe(200);
    expect(restored.headers.get('etag')).toMatch(/^"3-/);
    expect((await api.call('GET', '/api/pipelines/History')).body.properties.activities[0].typeProperties.value).toBe('v1');
    const after = await api.call('GET', '/api/pipelines/History/versions');
    expect(after.body.value.at(-1)).toMatchObject({ version: 3, operation: 'restore', restoredFrom: 1 });
    expect((await api.call('GET', '/api/pipelines/History/versions/3/diff?to=1')).body.changes).toEqual([]);
    expect((await api.call('GET', '/api/pipelines/History/versions/99')).body.code).toBe('VERSION_NOT_FOUND');
    expect((await api.call('GET', '/api/pipelines/History/versions/0')).body.code).toBe('SCHEMA_VIOLATION');
  });

  it('serves the type catalogs', async () => {
    const activities = await api.call('GET', '/api/activity-types', { key: api.keys.viewer });
    const echoType = activities.body.value.find((t: { type: string }) => t.type === 'TestEcho');
    expect(echoType).toMatchObject({ version: 1, kind: 'work', category: 'Test', typeProperties: { type: 'object' } });
    expect(activities.body.value.find((t: { type: string }) => t.type === 'ForEach')).toMatchObject({ kind: 'control' });
    const ls = await api.call('GET', '/api/linkedservice-types', { key: api.keys.viewer });
    expect(ls.body.value.find((t: { type: string }) => t.type === 'PostgreSqlV2')).toMatchObject({ category: 'Database', uiHints: { '/password': { widget: 'password' } } });
    expect((await api.call('GET', '/api/dataset-types', { key: api.keys.viewer })).body.value.length).toBeGreaterThan(0);
  });
});

describe('secrets', () => {
  const SECRET = 'planted-Secret-4f9c2b';
  const lsBody = (password: string): object => ({
    properties: { type: 'PostgreSqlV2', typeProperties: { server: 'db.example', database: 'sales', username: 'etl', password: { type: 'SecureString', value: password } } },
  });

  it('encrypts SecureString values at rest, never answers them, and keeps them when the mask comes back', async () => {
    const created = await api.call('PUT', '/api/linkedservices/Warehouse', { key: api.keys.editor, body: lsBody(SECRET) });
    expect(created.status).toBe(201);
    expect(created.body.properties.typeProperties.password).toEqual({ type: 'SecureString', value: '**********' });
    const raw = await api.engine.redis.hget(api.engine.keys.factory('linkedService'), 'warehouse');
    expect(raw).not.toContain(SECRET);
    expect(raw).toContain('sluice:aes256gcm:v1:');
    expect((await api.engine.factory.resolveLinkedService({ referenceName: 'Warehouse' })).typeProperties.password).toBe(SECRET);

    const got = await api.call('GET', '/api/linkedservices/Warehouse');
    expect(got.body.properties.typeProperties.password.value).toBe('**********');
    // The designer sends the document back as it read it: the secret is kept.
    const resent = await api.call('PUT', '/api/linkedservices/Warehouse', { body: { ...got.body, properties: { ...got.body.properties, description: 'renamed' } } });
    expect(resent.status).toBe(200);
    expect((await api.engine.factory.resolveLinkedService({ referenceName: 'Warehouse' })).typeProperties.password).toBe(SECRET);
    // A new value replaces it.
    await api.call('PUT', '/api/linkedservices/Warehouse', { body: lsBody('another-one') });
    expect((await api.engine.factory.resolveLinkedService({ referenceName: 'Warehouse' })).typeProperties.password).toBe('another-one');
    // The mask where nothing is stored is refused, pointing at the field.
    const orphan = await api.call('PUT', '/api/linkedservices/Fresh', { body: lsBody('**********') });
    expect(orphan.body).toMatchObject({ statusCode: 400, code: 'SECRET_MASK_WITHOUT_VALUE', details: { pointer: '/properties/typeProperties/password/value' } });
    // Environment-variable references are not secrets: they stay as they are.
    const env = await api.call('PUT', '/api/linkedservices/FromEnv', { body: { properties: { type: 'PostgreSqlV2', typeProperties: { server: 'h', database: 'd', password: { type: 'EnvironmentVariable', name: 'PGPASSWORD' } } } } });
    expect(env.body.properties.typeProperties.password).toEqual({ type: 'EnvironmentVariable', name: 'PGPASSWORD' });

    // A plain-text password is a secret too: it is stored as a SecureString.
    const plain = await api.call('PUT', '/api/linkedservices/Plain', { body: { properties: { type: 'PostgreSqlV2', typeProperties: { server: 'h', database: 'd', password: `${SECRET}-plain`, username: 'me' } } } });
    expect(plain.body.properties.typeProperties).toEqual({ server: 'h', database: 'd', username: 'me', password: { type: 'SecureString', value: '**********' } });
    expect((await api.engine.factory.resolveLinkedService({ referenceName: 'Plain' })).typeProperties.password).toBe(`${SECRET}-plain`);

    // Versions, diffs and lists carry the mask only.
    await api.call('GET', '/api/linkedservices/Warehouse/versions');
    await api.call('GET', '/api/linkedservices/Warehouse/versions/1');
    await api.call('GET', '/api/linkedservices/Warehouse/versions/1/diff?to=3');
    await api.call('POST', '/api/linkedservices/Warehouse/versions/1/restore', { body: {} });
    expect((await api.engine.factory.resolveLinkedService({ referenceName: 'Warehouse' })).typeProperties.password).toBe(SECRET);
    await api.call('GET', '/api/linkedservices');
    await api.call('GET', '/api/audit');

    const leaked = [...api.responses, ...api.logs].filter((t) => t.includes(SECRET) || t.includes('another-one'));
    expect(leaked).toEqual([]);
    expect(api.logs.length).toBeGreaterThan(10); // the log was captured: the scan above had something to scan
  });
});
