import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../api/harness.js';
import { sluice } from '../helpers/cli.js';

let api: Api;
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'sluice-remote-'));
  dirs.push(d);
  return d;
};
const write = (root: string, kind: string, name: string, doc: unknown): void => {
  mkdirSync(join(root, kind), { recursive: true });
  writeFileSync(join(root, kind, `${name}.json`), JSON.stringify(doc, null, 2));
};

/** A small factory in ADF's git layout: two linked services, a dataset, two pipelines (one executes the other). */
function factory(): string {
  const root = tempDir();
  write(root, 'linkedService', 'Files', { name: 'Files', properties: { type: 'LocalFileSystem', typeProperties: { rootPath: '/tmp/dev' } } });
  write(root, 'linkedService', 'Warehouse', { name: 'Warehouse', properties: { type: 'PostgreSqlV2', typeProperties: { server: 'dev-db', database: 'sales', username: 'etl' } } });
  write(root, 'dataset', 'Orders', { name: 'Orders', properties: { type: 'Json', linkedServiceName: { referenceName: 'Files', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'LocalFileSystemLocation', fileName: 'orders.json' } } } });
  // 'Child' sorts before 'Parent' by name on purpose only by chance: the order must come from the reference.
  write(root, 'pipeline', 'AParent', {
    name: 'AParent',
    properties: { activities: [{ name: 'CallChild', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: 'ZChild', type: 'PipelineReference' }, waitOnCompletion: true } }] },
  });
  write(root, 'pipeline', 'ZChild', {
    name: 'ZChild',
    properties: {
      parameters: { greeting: { type: 'String', defaultValue: 'hello dev' } },
      activities: [{ name: 'Echo', type: 'TestEcho', typeProperties: { value: '@pipeline().parameters.greeting' } }],
    },
  });
  return root;
}

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const remote = (...argv: string[]): Promise<{ code: number; out: string; err: string }> => sluice(...argv, '--server', api.base, '--key', api.keys.admin);

describe('sluice deploy and export', () => {
  it('deploys in dependency order with an environment file, reports created/updated/unchanged, and exports the layout back', async () => {
    const root = factory();
    const envFile = join(tempDir(), 'prod.json');
    writeFileSync(envFile, JSON.stringify({
      linkedServices: { Files: { rootPath: '/tmp/prod' }, Warehouse: { server: 'prod-db', password: { fromEnvironment: 'SLUICE_TEST_PROD_PASSWORD' } } },
      parameters: { ZChild: { greeting: 'hello prod' } },
    }));
    process.env.SLUICE_TEST_PROD_PASSWORD = 'pr0d-secret-value';
    try {
      const first = await remote('deploy', root, '--environment', envFile, '--json');
      expect(first.err).toBe('');
      expect(first.code).toBe(0);
      const report = JSON.parse(first.out) as { resources: Array<{ kind: string; name: string; action: string }> };
      expect(report.resources.map((r) => `${r.action} ${r.kind} ${r.name}`)).toEqual([
        'created linkedService Files', 'created linkedService Warehouse', 'created dataset Orders', 'created pipeline ZChild', 'created pipeline AParent',
      ]);
      const files = await api.call('GET', '/api/linkedservices/Files');
      expect(files.body.properties.typeProperties.rootPath).toBe('/tmp/prod');
      const warehouse = await api.call('GET', '/api/linkedservices/Warehouse');
      expect(warehouse.body.properties.typeProperties).toMatchObject({ server: 'prod-db', password: { type: 'SecureString', value: '**********' } });
      expect(warehouse.text).not.toContain('pr0d-secret-value');

      // Again, with one parameter changed: what did not change is not saved again (a secret in clear cannot be
      // compared with the server's masked copy, so its linked service is always saved).
      const envNoSecret = join(tempDir(), 'prod2.json');
      writeFileSync(envNoSecret, JSON.stringify({
        linkedServices: { Files: { rootPath: '/tmp/prod' }, Warehouse: { server: 'prod-db', password: { fromEnvironment: 'SLUICE_TEST_PROD_PASSWORD' } } },
        parameters: { ZChild: { greeting: 'hello prod 2' } },
      }));
      const second = await remote('deploy', root, '--environment', envNoSecret);
      expect(second.code).toBe(0);
      expect(second.out).toMatch(/unchanged\s+linkedService\s+Files/);
      expect(second.out).toMatch(/updated\s+linkedService\s+Warehouse/);
      expect(second.out).toMatch(/unchanged\s+dataset\s+Orders/);
      expect(second.out).toMatch(/updated\s+pipeline\s+ZChild/);
      expect(second.out).toMatch(/unchanged\s+pipeline\s+AParent/);
      expect(second.err).toContain('0 created, 2 updated, 3 unchanged');
      const versions = await api.call('GET', '/api/datasets/Orders/versions');
      expect(versions.body.value).toHaveLength(1);

      const out = tempDir();
      const exported = await remote('export', out, '--json');
      expect(exported.code).toBe(0);
      expect(readdirSync(out).sort()).toEqual(['dataset', 'linkedService', 'pipeline']);
      expect(readdirSync(join(out, 'pipeline')).sort()).toEqual(['AParent.json', 'ZChild.json']);
      const child = JSON.parse(readFileSync(join(out, 'pipeline', 'ZChild.json'), 'utf8')) as { properties: { parameters: { greeting: { defaultValue: string } } } };
      expect(child.properties.parameters.greeting.defaultValue).toBe('hello prod 2');
      const exportedWarehouse = readFileSync(join(out, 'linkedService', 'Warehouse.json'), 'utf8');
      expect(exportedWarehouse).toContain('**********');
      expect(exportedWarehouse).not.toContain('pr0d-secret-value');

      // The export deploys back as it is: nothing changes (the masked secret keeps the stored one).
      const roundTrip = await remote('deploy', out, '--json');
      expect(roundTrip.code).toBe(0);
      expect((JSON.parse(roundTrip.out) as { resources: Array<{ action: string }> }).resources.every((r) => r.action === 'unchanged')).toBe(true);
    } finally {
      delete process.env.SLUICE_TEST_PROD_PASSWORD;
    }
  });

  it('deploys the global parameters of the factory/ document with environment overrides; runs read them; export writes them back', async () => {
    const root = tempDir();
    write(root, 'factory', 'MyFactory', { name: 'MyFactory', properties: { globalParameters: { env: { type: 'string', value: 'dev' }, batch: { type: 'int', value: 10 } } } });
    write(root, 'pipeline', 'UsesGlobals', {
      name: 'UsesGlobals',
      properties: { activities: [{ name: 'Echo', type: 'TestEcho', typeProperties: { value: '@{pipeline().globalParameters.env}/@{add(pipeline().globalParameters.batch, 1)}/@{pipeline().globalParameters.region}' } }] },
    });
    const envFile = join(tempDir(), 'prod.json');
    writeFileSync(envFile, JSON.stringify({ globalParameters: { env: 'prod', batch: '20', region: { type: 'String', value: 'eu' } } }));
    const deployed = await remote('deploy', root, '--environment', envFile, '--json');
    expect(deployed.err).toBe('');
    expect(JSON.parse(deployed.out)).toMatchObject({ deployed: true, globalParameters: 'updated' });
    const stored = await api.call('GET', '/api/globalparameters', { key: api.keys.viewer });
    expect(stored.body.globalParameters).toEqual({ env: { type: 'string', value: 'prod' }, batch: { type: 'int', value: '20' }, region: { type: 'String', value: 'eu' } });

    const { runId } = (await api.call('POST', '/api/pipelines/UsesGlobals/runs', { key: api.keys.operator, body: {} })).body as { runId: string };
    expect((await api.engine.waitForRun(runId, { timeoutMs: 20_000 })).status).toBe('Succeeded');
    expect((await api.engine.queries.listActivityRuns(runId))[0]?.output).toMatchObject({ value: 'prod/21/eu' });

    expect(JSON.parse((await remote('deploy', root, '--environment', envFile, '--json')).out)).toMatchObject({ globalParameters: 'unchanged' });
    const out = tempDir();
    expect((await remote('export', out)).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'factory', 'Sluice.json'), 'utf8'))).toEqual({ name: 'Sluice', properties: { globalParameters: stored.body.globalParameters } });

    writeFileSync(envFile, JSON.stringify({ globalParameters: { nope: 1, batch: 'many' } }));
    const bad = await remote('deploy', root, '--environment', envFile);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("/globalParameters/nope: SCHEMA_VIOLATION The factory declares no global parameter 'nope'");
    expect(bad.err).toContain('/globalParameters/batch/value: PARAMETER_TYPE_MISMATCH');
  });

  it('reads and replaces global parameters through the API: roles, If-Match, and coded errors with pointers', async () => {
    const read = await api.call('GET', '/api/globalparameters', { key: api.keys.viewer });
    const etag = read.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"\d+"$/);
    const body = { globalParameters: { ...read.body.globalParameters, owner: { type: 'String', value: 'data-team' } } };
    expect((await api.call('PUT', '/api/globalparameters', { key: api.keys.operator, body })).status).toBe(403);
    expect((await api.call('PUT', '/api/globalparameters', { key: null, body })).status).toBe(401);
    const saved = await api.call('PUT', '/api/globalparameters', { key: api.keys.editor, body, headers: { 'if-match': etag } });
    expect(saved.status).toBe(200);
    const stale = await api.call('PUT', '/api/globalparameters', { key: api.keys.editor, body, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    const wrong = await api.call('PUT', '/api/globalparameters', { key: api.keys.editor, body: { globalParameters: { n: { type: 'Int', value: 'x' } } } });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'PARAMETER_TYPE_MISMATCH', details: { pointer: '/globalParameters/n/value' } });
    const badType = await api.call('PUT', '/api/globalparameters', { key: api.keys.editor, body: { globalParameters: { n: { type: 'Date', value: 'x' } } } });
    expect(badType.body).toMatchObject({ code: 'SCHEMA_VIOLATION', details: { pointer: '/globalParameters/n/type' } });
  });

  it('stops with exit 1 and sends nothing when the folder or the environment file has problems', async () => {
    const root = factory();
    write(root, 'pipeline', 'Broken', { name: 'Broken', properties: { activities: [{ name: 'A', type: 'TestEcho', dependsOn: [{ activity: 'Nope', dependencyConditions: ['Succeeded'] }] }] } });
    const bad = await remote('deploy', root);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('DEPENDENCY_NOT_FOUND');
    expect(bad.err).toContain('nothing was deployed');
    expect((await api.call('GET', '/api/pipelines/Broken')).status).toBe(404);

    const envFile = join(tempDir(), 'env.json');
    writeFileSync(envFile, JSON.stringify({ linkedServices: { Missing: { url: 'x' } }, parameters: { ZChild: { nope: 1 } }, extra: true }));
    const badEnv = await remote('deploy', factory(), '--environment', envFile);
    expect(badEnv.code).toBe(1);
    expect(badEnv.err).toContain(`${envFile}: /extra: SCHEMA_VIOLATION`);

    writeFileSync(envFile, JSON.stringify({ linkedServices: { Missing: { url: 'x' } }, parameters: { ZChild: { nope: 1 } } }));
    const unknown = await remote('deploy', factory(), '--environment', envFile);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("/linkedServices/Missing: SCHEMA_VIOLATION The factory has no linked service 'Missing'");
    expect(unknown.err).toContain("/parameters/ZChild/nope: SCHEMA_VIOLATION The pipeline 'ZChild' declares no parameter 'nope'");
  });

  it('answers exit 3 for a refused key or an unreachable server, and 2 for a missing --server', async () => {
    const viewer = await sluice('deploy', factory(), '--server', api.base, '--key', api.keys.viewer);
    expect(viewer.code).toBe(3);
    expect(viewer.err).toContain('FORBIDDEN');
    const noKey = await sluice('runs', '--server', api.base);
    expect(noKey.code).toBe(3);
    expect(noKey.err).toContain('UNAUTHENTICATED');
    const down = await sluice('runs', '--server', 'http://127.0.0.1:1', '--key', api.keys.admin);
    expect(down.code).toBe(3);
    expect(down.err).toContain('NETWORK_ERROR');
    const saved = process.env.SLUICE_SERVER;
    delete process.env.SLUICE_SERVER;
    try {
      const none = await sluice('runs');
      expect(none.code).toBe(2);
      expect(none.err).toContain('--server');
    } finally {
      if (saved !== undefined) process.env.SLUICE_SERVER = saved;
    }
    expect((await sluice('runs', '--bogus')).code).toBe(2);
    expect((await sluice('run', 'X', '--server', api.base, '--local')).code).toBe(2);
    expect((await sluice('run', 'X', '--server', api.base, '--factory', '.')).code).toBe(2);
  });
});

describe('sluice run --server, runs, logs, cancel', () => {
  const pipelines = async (): Promise<void> => {
    await api.call('PUT', '/api/pipelines/Remote', { body: { properties: { parameters: { v: { type: 'String' } }, activities: [{ name: 'Say', type: 'TestEcho', typeProperties: { value: '@pipeline().parameters.v' } }, { name: 'Then', type: 'TestEcho', dependsOn: [{ activity: 'Say', dependencyConditions: ['Succeeded'] }] }] } } });
    await api.call('PUT', '/api/pipelines/RemoteFail', { body: { properties: { activities: [{ name: 'Boom', type: 'TestFail', typeProperties: { code: 'ACTIVITY_FAILED', message: 'no luck' } }] } } });
    await api.call('PUT', '/api/pipelines/RemoteSlow', { body: { properties: { activities: [{ name: 'Nap', type: 'TestSleep', typeProperties: { ms: 60_000 } }] } } });
  };

  it('starts a run, follows its events with plain progress lines, and exits 0 with the final run as JSON', async () => {
    await pipelines();
    const plain = await remote('run', 'Remote', '-p', 'v=hi');
    expect(plain.code).toBe(0);
    expect(plain.err).toMatch(/Run [0-9a-f-]+ of 'Remote' started/);
    // Progress lines arrive in the order the engine published them.
    const lines = plain.err.split('\n');
    const say = lines.findIndex((l) => /Say \(TestEcho\) Succeeded/.test(l));
    const then = lines.findIndex((l) => /Then \(TestEcho\) Succeeded/.test(l));
    expect(say).toBeGreaterThan(-1);
    expect(then).toBeGreaterThan(say);
    expect(plain.out).toMatch(/^Remote [0-9a-f-]+: Succeeded/);

    const paramsFile = join(tempDir(), 'params.json');
    writeFileSync(paramsFile, JSON.stringify({ v: 'from a file' }));
    const json = await remote('run', 'Remote', '--parameters', paramsFile, '--json');
    expect(json.code).toBe(0);
    const run = JSON.parse(json.out) as { status: string; runId: string; activityRuns: Array<{ activityName: string; output: { value: unknown } }> };
    expect(run.status).toBe('Succeeded');
    expect(run.activityRuns.find((a) => a.activityName === 'Say')?.output.value).toBe('from a file');

    const logs = await remote('logs', run.runId, '--activity', 'say', '--json');
    expect(logs.code).toBe(0);
    const got = JSON.parse(logs.out) as { value: Array<{ activityName: string; lines: Array<{ message: string }> }> };
    expect(got.value.map((a) => a.activityName)).toEqual(['Say']);
    expect(got.value[0]?.lines.map((l) => l.message)).toContain('echo');
    const noSuch = await remote('logs', run.runId, '--activity', 'Nope');
    expect(noSuch.code).toBe(1);
    expect(noSuch.err).toContain("no activity named 'Nope'");
  });

  it('exits 1 when the run fails, and follows through SLUICE_SERVER / SLUICE_API_KEY', async () => {
    await pipelines();
    process.env.SLUICE_SERVER = api.base;
    process.env.SLUICE_API_KEY = api.keys.operator;
    try {
      const failed = await sluice('run', 'RemoteFail');
      expect(failed.code).toBe(1);
      expect(failed.out).toContain('RemoteFail');
      expect(failed.out).toContain('Failed');
      expect(failed.out).toContain('ACTIVITY_FAILED: no luck');
      const unknown = await sluice('run', 'NoSuchPipeline');
      expect(unknown.code).toBe(3);
      expect(unknown.err).toContain('PIPELINE_NOT_FOUND');
    } finally {
      delete process.env.SLUICE_SERVER;
      delete process.env.SLUICE_API_KEY;
    }
  });

  it('--no-wait prints the run id; cancel stops it; runs lists it by pipeline and status', async () => {
    await pipelines();
    const timedOut = await remote('run', 'RemoteSlow', '--timeout', '1');
    expect(timedOut.code).toBe(1);
    expect(timedOut.err).toContain('WAIT_TIMEOUT');
    const waitedId = /Run ([0-9a-f-]+) of/.exec(timedOut.err)?.[1] ?? '';
    expect((await api.call('GET', `/api/runs/${waitedId}`)).body.status).toBe('InProgress');
    await api.call('POST', `/api/runs/${waitedId}/cancel`);
    expect((await api.engine.waitForRun(waitedId, { timeoutMs: 20_000 })).status).toBe('Cancelled');
    const started = await remote('run', 'RemoteSlow', '--no-wait', '--json');
    expect(started.code).toBe(0);
    const { runId } = JSON.parse(started.out) as { runId: string };
    const cancelled = await remote('cancel', runId, '--json');
    expect(cancelled.code).toBe(0);
    expect(['InProgress', 'Cancelling', 'Cancelled']).toContain((JSON.parse(cancelled.out) as { status: string }).status);
    const final = await api.engine.waitForRun(runId, { timeoutMs: 20_000 });
    expect(final.status).toBe('Cancelled');

    const listed = await remote('runs', '--pipeline', 'RemoteSlow', '--status', 'Cancelled', '--json');
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.out) as { value: Array<{ runId: string }> }).value.map((r) => r.runId)).toEqual([runId, waitedId]);
    const table = await remote('runs', '--limit', '50');
    expect(table.out).toContain(runId);
    expect(table.out.split('\n')[0]).toMatch(/^RUN ID\s+PIPELINE\s+STATUS/);
    expect((await remote('runs', '--status', 'Done')).code).toBe(2);
  });
});

describe('sluice keys', () => {
  it('creates a key that works, lists it, and revokes it', async () => {
    const created = await remote('keys', 'create', '--role', 'viewer', '--name', 'ci reader', '--json');
    expect(created.code).toBe(0);
    const key = JSON.parse(created.out) as { key: string; id: string; role: string };
    expect(key.role).toBe('viewer');
    expect((await sluice('runs', '--server', api.base, '--key', key.key)).code).toBe(0);
    const list = await remote('keys', 'list');
    expect(list.out).toContain(key.id);
    expect(list.out).toContain('ci reader');
    expect(list.out).not.toContain(key.key);
    // A viewer may not create keys.
    expect((await sluice('keys', 'create', '--role', 'admin', '--server', api.base, '--key', key.key)).code).toBe(3);
    expect((await remote('keys', 'revoke', key.id)).code).toBe(0);
    const after = await sluice('runs', '--server', api.base, '--key', key.key);
    expect(after.code).toBe(3);
    expect(after.err).toContain('UNAUTHENTICATED');
    expect((await remote('keys', 'create', '--role', 'boss')).code).toBe(2);
  });
});
