import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { testPrefix } from '../helpers/engine.js';
import { dropKeys, runSluice, startSluice } from '../helpers/process.js';

const examples = fileURLToPath(new URL('../../examples', import.meta.url));
let child: ChildProcess | undefined;
const prefix = testPrefix();
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await dropKeys(prefix);
});

describe('sluice start', () => {
  it('loads the examples, serves the API, runs a worker, serves runs, and stops cleanly on SIGTERM', async () => {
    child = await startSluice(['start', '--factory', examples], { SLUICE_PREFIX: prefix, PORT: '0', SLUICE_DATA_DIR: mkdtempSync(join(tmpdir(), 'sluice-start-')) }, 'Stop with Ctrl-C');
    const r = await runSluice(['run', 'HelloSluice', '--json'], { SLUICE_PREFIX: prefix });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { status: string }).status).toBe('Succeeded');
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
