import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CommandIO } from '@sluice/api';
import { testPrefix, until } from '../helpers/engine.js';
import { dropKeys } from '../helpers/process.js';

const examples = fileURLToPath(new URL('../../examples', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'sluice-data-'));
const prefix = testPrefix();

afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await dropKeys(prefix);
});

/** Runs `sluice …` in-process until it prints `ready`; `stop()` sends it SIGTERM and returns its exit code. */
async function launch(args: string[], ready: string): Promise<{ err: () => string; stop: () => Promise<number> }> {
  let err = '';
  const io: CommandIO = { out: () => undefined, err: (t) => { err += t; }, readFile: async () => '' };
  const done = main(args, io);
  await until(async () => (err.includes(ready) ? true : undefined), 30_000);
  return {
    err: () => err,
    stop: async () => {
      process.emit('SIGTERM');
      return done;
    },
  };
}

describe('sluice start / sluice server', () => {
  it('serves the API, docs and a worker in one process, with a first admin key written to the data folder', async () => {
    Object.assign(process.env, { PORT: '0', SLUICE_PREFIX: prefix, SLUICE_DATA_DIR: dataDir });
    delete process.env.SLUICE_SECRET_KEY;
    const started = await launch(['start', '--factory', examples, '--concurrency', '2'], 'Stop with Ctrl-C');
    const url = /API\s+(http:\/\/[^\s]+)\/api/.exec(started.err())?.[1] as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const printed = /\n\s+(sk_[A-Za-z0-9_-]+)\n/.exec(started.err())?.[1];
    const adminFile = join(dataDir, 'admin.key');
    expect(readFileSync(adminFile, 'utf8').trim()).toBe(printed);
    expect(statSync(adminFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

    const auth = { authorization: `Bearer ${printed}` };
    expect((await fetch(`${url}/docs/json`)).status).toBe(200);
    const docs = await fetch(`${url}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).not.toMatch(/(src|href)="(https?:)?\/\//); // the docs load nothing from the internet
    expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ status: 'ready' });
    expect((await fetch(`${url}/`)).headers.get('content-type')).toMatch(/^text\/html/);
    const pipelines = (await (await fetch(`${url}/api/pipelines`, { headers: auth })).json()) as { value: Array<{ name: string }> };
    expect(pipelines.value.map((p) => p.name)).toContain('HelloSluice');
    const { runId } = (await (await fetch(`${url}/api/pipelines/HelloSluice/runs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' })).json()) as { runId: string };
    const run = await until(async () => {
      const r = (await (await fetch(`${url}/api/runs/${runId}`, { headers: auth })).json()) as { status: string };
      return ['Succeeded', 'Failed', 'Cancelled'].includes(r.status) ? r : undefined;
    });
    expect(run.status).toBe('Succeeded');
    // The data-plane operations are wired: a connection test of a local folder answers ok.
    const json = { ...auth, 'content-type': 'application/json' };
    const ls = { properties: { type: 'LocalFileSystem', typeProperties: { rootPath: dataDir } } };
    expect((await fetch(`${url}/api/linkedservices/Here`, { method: 'PUT', headers: json, body: JSON.stringify(ls) })).status).toBe(201);
    expect(await (await fetch(`${url}/api/linkedservices/Here/test`, { method: 'POST', headers: json, body: '{}' })).json()).toMatchObject({ ok: true });
    expect(await started.stop()).toBe(0);

    // A second start finds the admin key and prints none; `sluice server` serves the API without a worker.
    const again = await launch(['server'], 'Stop with Ctrl-C');
    expect(again.err()).not.toContain('sk_');
    expect(again.err()).not.toContain('worker ');
    const url2 = /API\s+(http:\/\/[^\s]+)\/api/.exec(again.err())?.[1] as string;
    expect((await fetch(`${url2}/api/me`, { headers: auth })).status).toBe(200);
    expect(await again.stop()).toBe(0);
  });
});
