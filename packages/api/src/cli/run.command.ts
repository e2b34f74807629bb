import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { SluiceError, validateFactory, type ValidationCatalog } from '@sluice/engine';
import { loadFactoryFolder } from '@sluice/engine/node';
import type { ActivityRun, Engine, PipelineRun, StatusMessage } from '@sluice/engine/runtime';
import type { CommandIO } from './output.js';
import { connect, EXIT, remote, UsageError, type ConnectOptions } from '../client/connect.js';
import { followRun } from '../client/follow.js';
import { RunProgress } from '../client/progress.js';

/** Options of `sluice run`. */
export interface RunOptions {
  factory?: string;
  parameters?: string;
  param?: string[];
  local?: boolean;
  json?: boolean;
  /** Seconds to wait for the run (default: no limit). */
  timeout?: number;
}

/** Parses `--parameters JSON` and `-p name=value` into one object (`-p` wins). Values stay strings: the run coerces them to the declared types. */
export function parseParameters(json: string | undefined, pairs: readonly string[] = []): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      throw new SluiceError('INVALID_JSON', `--parameters is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SluiceError('SCHEMA_VIOLATION', '--parameters must be a JSON object: {"name": value}.');
    out = { ...(parsed as Record<string, unknown>) };
  }
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new SluiceError('SCHEMA_VIOLATION', `-p expects name=value, got '${pair}'.`);
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

/** Where the factory of a pipeline file is: the folder above `pipeline/` in ADF's git layout. */
function factoryOfFile(file: string): string | undefined {
  const parent = dirname(resolve(file));
  return basename(parent).toLowerCase() === 'pipeline' ? dirname(parent) : undefined;
}

function line(m: StatusMessage): string | undefined {
  const t = m.at.slice(11, 23);
  if (m.kind === 'run') return `${t}  run ${m.status}${m.message ? `: ${m.message}` : ''}`;
  const iteration = m.iteration !== undefined ? ` [${m.iteration}]` : '';
  return `${t}  ${m.activityName}${iteration} (${m.activityType}) ${m.status}`;
}

/**
 * `sluice run PIPELINE`: validates and loads the factory (when one is given or the pipeline is a file in a
 * factory folder), starts a run, shows activity statuses as they change, and exits 0 only when the run
 * succeeded. With `--local` an in-process worker runs the activities; otherwise a `sluice worker` must run.
 */
export async function runCommand(pipeline: string, options: RunOptions, engine: Engine, catalog: ValidationCatalog, io: CommandIO): Promise<number> {
  const isFile = existsSync(pipeline) && statSync(pipeline).isFile();
  const factoryDir = options.factory ?? (isFile ? factoryOfFile(pipeline) : undefined);
  let inline: { name: string; properties: Record<string, unknown> } | undefined;
  if (factoryDir) {
    const loaded = await loadFactoryFolder(factoryDir);
    const problems = [...loaded.problems, ...validateFactory(loaded.documents, catalog)].filter((p) => p.severity === 'error');
    if (problems.length) {
      for (const p of problems) io.err(`${p.file ?? '-'}: ${p.pointer || '/'}: ${p.code} ${p.message}\n`);
      io.err(`The factory in ${factoryDir} has ${problems.length} error(s): nothing was run.\n`);
      return 1;
    }
    await engine.factory.importFactory(loaded);
  }
  if (isFile) {
    const loaded = await loadFactoryFolder(pipeline);
    const doc = loaded.documents[0]?.doc as { name?: unknown; properties?: unknown } | undefined;
    if (loaded.problems.length || !doc || typeof doc.name !== 'string') {
      for (const p of loaded.problems) io.err(`${p.file ?? pipeline}: ${p.code} ${p.message}\n`);
      if (!loaded.problems.length) io.err(`${pipeline} is not a pipeline document ({"name", "properties"}).\n`);
      return 1;
    }
    if (!factoryDir) {
      const problems = validateFactory(loaded.documents, catalog).filter((p) => p.severity === 'error');
      if (problems.length) {
        for (const p of problems) io.err(`${basename(pipeline)}: ${p.pointer || '/'}: ${p.code} ${p.message}\n`);
        return 1;
      }
    }
    inline = doc as { name: string; properties: Record<string, unknown> };
  }
  const name = inline?.name ?? pipeline;
  const worker = options.local ? await engine.startWorker({ concurrency: 4 }) : undefined;
  try {
    // Listen before starting: a run of control activities only can end within its first step.
    let runId: string | undefined;
    const early: StatusMessage[] = [];
    const show = (m: StatusMessage): void => {
      if (options.json) return;
      const text = line(m);
      if (text) io.err(`${text}\n`);
    };
    const unsubscribe = await engine.subscribe((m) => {
      if (runId === undefined) early.push(m);
      else if (m.runId === runId) show(m);
    }, { activities: !options.json });
    let run: PipelineRun;
    try {
      const started = await engine.startRun(name, { parameters: parseParameters(options.parameters, options.param), ...(inline ? { pipeline: inline } : {}) });
      runId = started.runId;
      if (!options.json) io.err(`Run ${started.runId} of '${started.pipelineName}' started${options.local ? ' (local worker)' : ''}.\n`);
      for (const m of early) if (m.runId === runId) show(m);
      run = await engine.waitForRun(started.runId, options.timeout ? { timeoutMs: options.timeout * 1000 } : {});
      await new Promise((r) => setTimeout(r, 50)); // let the last status messages arrive before the summary
    } finally {
      await unsubscribe();
    }
    const activityRuns: ActivityRun[] = await engine.queries.listActivityRuns(run.runId);
    if (options.json) {
      io.out(`${JSON.stringify({
        runId: run.runId, pipelineName: run.pipelineName, status: run.status, message: run.message, error: run.error, returnValue: run.returnValue,
        activityRuns: activityRuns.map((a) => ({ activityName: a.activityName, activityType: a.activityType, status: a.status, input: a.input, output: a.output, error: a.error, iteration: a.iteration })),
      }, null, 2)}\n`);
    } else {
      io.out(`${run.pipelineName} ${run.runId}: ${run.status}${run.durationInMs !== null ? ` in ${run.durationInMs} ms` : ''}${run.message ? ` — ${run.message}` : ''}\n`);
      for (const a of activityRuns) {
        io.out(`  ${a.status.padEnd(10)} ${a.activityName}${a.iteration !== null ? ` [${a.iteration}]` : ''} (${a.activityType})${a.error ? ` — ${a.error.errorCode}: ${a.error.message}` : ''}\n`);
      }
    }
    return run.status === 'Succeeded' ? 0 : 1;
  } finally {
    await worker?.close();
  }
}

/** Options of `sluice run PIPELINE --server URL`. */
export interface RemoteRunOptions extends ConnectOptions {
  parameters?: string;
  param?: string[];
  json?: boolean;
  /** False with `--no-wait`: print the run id and return. */
  wait?: boolean;
  /** Redraw a table in place (default: when stderr is a terminal). */
  tty?: boolean;
  /** Seconds to follow the run before giving up (exit 1; the run goes on). */
  timeout?: number;
  /** Local-only flags: refused with --server (a usage error), never silently ignored. */
  factory?: string;
  local?: boolean;
}

/**
 * `sluice run PIPELINE --server URL`: starts the run on a server (`POST /api/pipelines/{name}/runs`), follows
 * it through its Server-Sent Events with a live table of activity statuses (plain lines when not on a
 * terminal), and exits 0 only when it succeeded (1 when it failed or was cancelled, 3 when the server
 * refused or could not be reached). `--parameters` is a JSON object, or a file holding one.
 */
export async function remoteRunCommand(pipeline: string, options: RemoteRunOptions, io: CommandIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return remote(io, async () => {
    if (options.factory !== undefined) throw new UsageError('--factory loads a folder into Redis directly: with --server, push it first with sluice deploy FOLDER.');
    if (options.local) throw new UsageError('--local and --server exclude each other.');
    const client = connect(options, env);
    let json = options.parameters;
    if (json !== undefined && !json.trim().startsWith('{') && existsSync(json)) json = await io.readFile(json);
    const parameters = parseParameters(json, options.param);
    const runId = await client.startRun(pipeline, parameters);
    if (options.wait === false) {
      io.out(options.json ? `${JSON.stringify({ runId })}\n` : `${runId}\n`);
      return EXIT.ok;
    }
    if (!options.json) io.err(`Run ${runId} of '${pipeline}' started on ${client.server}.\n`);
    const progress = new RunProgress((t) => io.err(t), options.tty ?? process.stderr.isTTY === true, `${pipeline} ${runId}`);
    let run;
    try {
      run = await followRun(client, runId, (u) => {
        if (!options.json) progress.update(u);
      }, options.timeout ? { signal: AbortSignal.timeout(options.timeout * 1000) } : {});
    } catch (e) {
      if (!(e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'))) throw e;
      io.err(`WAIT_TIMEOUT: Run '${runId}' did not finish in ${options.timeout ?? 0} s; it goes on (sluice runs, sluice cancel ${runId}).\n`);
      return EXIT.failed;
    }
    const activityRuns = run.activityRuns ?? [];
    if (options.json) {
      io.out(`${JSON.stringify(run, null, 2)}\n`);
    } else {
      io.out(`${run.pipelineName} ${run.runId}: ${run.status}${run.durationInMs !== null ? ` in ${run.durationInMs} ms` : ''}${run.message ? ` — ${run.message}` : ''}\n`);
      for (const a of activityRuns) {
        io.out(`  ${a.status.padEnd(10)} ${a.activityName}${a.iteration !== null ? ` [${a.iteration}]` : ''} (${a.activityType})${a.error?.message ? ` — ${a.error.errorCode ?? ''}: ${a.error.message}` : ''}\n`);
      }
    }
    return run.status === 'Succeeded' ? EXIT.ok : EXIT.failed;
  });
}
