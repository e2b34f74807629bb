import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { bundleEntry } from './bundle.js';

/** `full` (the default: several hundred runs) or `short` (`SLUICE_CHAOS_SCALE=short`, for CI: about forty). */
export const SCALE: 'full' | 'short' = process.env.SLUICE_CHAOS_SCALE === 'short' ? 'short' : 'full';

/** A seeded PRNG (mulberry32), so a failing chaos run can be replayed with the seed it printed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: `SLUICE_CHAOS_SEED`, else a fixed default (a chaos run is replayable). */
export const SEED = Number(process.env.SLUICE_CHAOS_SEED ?? 20261124);

let workerFile: Promise<string> | undefined;

/** The bundled worker program (built once per test file). */
export function workerProgram(): Promise<string> {
  workerFile ??= bundleEntry(fileURLToPath(new URL('./worker-entry.ts', import.meta.url)), 'worker');
  return workerFile;
}

/** A worker in its own process. */
export interface WorkerProcess {
  child: ChildProcess;
  id: string;
}

/** Starts a worker process and resolves once it takes jobs. */
export async function startWorker(redisUrl: string, prefix: string, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const program = await workerProgram();
  const child = spawn(process.execPath, [program], {
    env: { ...process.env, REDIS_URL: redisUrl, SLUICE_PREFIX: prefix, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (err.length < 20_000) err += d.toString();
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
    lines.on('line', (l) => {
      if (l.startsWith('ready ')) resolve({ child, id: l.slice(6) });
    });
    child.once('exit', (code, signal) => reject(new Error(`worker exited before ready (${String(code ?? signal)}): ${err}`)));
  });
}

let triggersFile: Promise<string> | undefined;

/** The bundled trigger-service program, `sluice triggers` with an injectable clock (built once per test file). */
export function triggersProgram(): Promise<string> {
  triggersFile ??= bundleEntry(fileURLToPath(new URL('./triggers-entry.ts', import.meta.url)), 'triggers');
  return triggersFile;
}

/** A trigger service in its own process; `log` keeps its stderr lines (the service's log), at most 2,000. */
export interface TriggerProcess {
  child: ChildProcess;
  owner: string;
  log: string[];
}

/** Starts a trigger-service process and resolves once its started triggers run. */
export async function startTriggerProcess(redisUrl: string, prefix: string, env: Record<string, string> = {}): Promise<TriggerProcess> {
  const program = await triggersProgram();
  const child = spawn(process.execPath, [program], {
    env: { ...process.env, REDIS_URL: redisUrl, SLUICE_PREFIX: prefix, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  createInterface({ input: child.stderr as NonNullable<typeof child.stderr> }).on('line', (l) => {
    if (log.length < 2000) log.push(l);
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
    lines.on('line', (l) => {
      if (l.startsWith('ready ')) resolve({ child, owner: l.slice(6), log });
    });
    child.once('exit', (code, signal) => reject(new Error(`trigger service exited before ready (${String(code ?? signal)}): ${log.join('\n')}`)));
  });
}

/** Kills a process with SIGKILL and waits until it is gone. */
export async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await gone;
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A private redis-server (own port, own folder): the only kind of Redis a chaos test may stop. */
export interface OwnRedis {
  url: string;
  port: number;
  dir: string;
  child: ChildProcess;
  start: () => Promise<void>;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/** Starts a private redis-server in a temp folder, with its append-only file on (fsync always) unless `persistent` is false. */
export async function ownRedis(persistent = true): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-chaos-redis-'));
  const r: OwnRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    child: undefined as unknown as ChildProcess,
    async start() {
      const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', persistent ? 'yes' : 'no', '--appendfsync', 'always', '--save', ''], { stdio: ['ignore', 'pipe', 'inherit'] });
      r.child = child;
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Ready to accept connections')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`redis-server exited with ${String(code)}: ${out}`)));
      });
    },
    async stop(signal: NodeJS.Signals = 'SIGKILL') {
      await kill(r.child, signal);
    },
  };
  await r.start();
  return r;
}

/** Writes what a chaos test tried and measured to test/chaos/results/<name>.json (quoted by docs/reliability.md). */
export function writeResult(name: string, result: Record<string, unknown>): void {
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.${SCALE}.json`), `${JSON.stringify({ name, scale: SCALE, seed: SEED, at: new Date().toISOString(), ...result }, null, 2)}\n`);
}
