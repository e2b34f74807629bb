import { Command, CommanderError } from 'commander';
import { readFile } from 'node:fs/promises';
import { SluiceError, type ActivityDefinition, type ValidationCatalog } from '@sluice/engine';
import { createCatalog } from '../catalog.js';
import { exprCommand } from './expr.command.js';
import type { CommandIO } from './output.js';
import { validateCommand } from './validate.command.js';
import { remoteRunCommand, runCommand } from './run.command.js';
import { registerRemoteCommands } from './remote.commands.js';
import { previewCommand } from './preview.command.js';
import { workerCommand } from './worker.command.js';
import { triggersCommand } from './triggers.command.js';
import { startCommand } from './start.command.js';
import { serverCommand } from './server.command.js';
import { loadConfig } from '../config.js';
import { loadPlugins } from '../plugins.js';
import { assertRedisReachable, engineEnv, engineFromEnv } from '../engine-from-env.js';
import type { Engine } from '@sluice/engine/runtime';

const processIO: CommandIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  readFile: (p) => readFile(p, 'utf8'),
};

/**
 * Runs the `sluice` command line with `argv` (without `node` and the script) and returns the exit code.
 * `io` is injectable so tests can run commands in-process.
 */
export async function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  let code = 0;
  const program = new Command('sluice')
    .description("Sluice: Azure Data Factory's model, self-hosted.")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('validate')
    .description("Validate a pipeline file, a factory folder in ADF's git layout, or a folder of factories")
    .argument('<path>', 'file or folder')
    .option('--json', 'print {"problems": [...]} as JSON')
    .action(async (path: string, options: { json?: boolean }) => {
      code = await validateCommand(path, options, await catalogWithPlugins(), io);
    });

  program
    .command('expr')
    .description("Evaluate an expression of ADF's expression language")
    .argument('[expression]', "an ADF value ('@concat(…)', 'text @{…}') or a bare expression ('concat(…)')")
    .option('--context <file>', 'JSON file with pipeline, variables, activities, item, trigger … (and "now")')
    .option('--batch <file>', 'JSON lines {"expr", "context"}; prints one JSON line each')
    .action(async (expression: string | undefined, options: { context?: string; batch?: string }) => {
      code = await exprCommand(expression, options, io);
    });

  // Activity packages named in SLUICE_PLUGINS: every command validates and runs with them.
  const plugins = (): Promise<ActivityDefinition[]> => loadPlugins(loadConfig(process.env).plugins);
  const catalogWithPlugins = async (): Promise<ValidationCatalog> => {
    const catalog = createCatalog();
    for (const d of await plugins()) catalog.activities.register(d);
    return catalog;
  };

  const withEngine = async (f: (engine: Engine, describe: string) => Promise<number>): Promise<number> => {
    const env = engineEnv();
    await assertRedisReachable(env.redisUrl);
    const engine = engineFromEnv(env, await plugins());
    try {
      return await f(engine, `redis ${env.redisUrl}, prefix ${env.prefix}`);
    } finally {
      await engine.close();
    }
  };

  program
    .command('run')
    .description('Run a pipeline and wait for it; exits 0 only when the run succeeded')
    .argument('<pipeline>', 'a pipeline name (stored, or in --factory) or a pipeline file')
    .option('--factory <dir>', 'factory folder to validate and load first')
    .option('--parameters <json>', 'parameters as a JSON object')
    .option('-p, --param <name=value>', 'one parameter (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--local', 'run the activities in this process (no separate worker needed)')
    .option('--json', 'print the finished run as JSON')
    .option('--timeout <seconds>', 'stop waiting after this many seconds', (v: string) => Number(v))
    .option('--server <url>', 'start and follow the run on this Sluice server (default $SLUICE_SERVER unless --local)')
    .option('--key <key>', 'API key for --server (default $SLUICE_API_KEY)')
    .option('--no-wait', 'with --server: print the run id and return without following the run')
    .action(async (pipeline: string, options: { factory?: string; parameters?: string; param?: string[]; local?: boolean; json?: boolean; timeout?: number; server?: string; key?: string; wait?: boolean }) => {
      if (options.server !== undefined || (!options.local && !options.factory && process.env.SLUICE_SERVER)) {
        code = await remoteRunCommand(pipeline, options, io);
        return;
      }
      code = await withEngine(async (engine) => runCommand(pipeline, options, engine, await catalogWithPlugins(), io));
    });

  program
    .command('preview')
    .description('Preview a data flow: run it on the first N rows of each source and print every step\'s output (no sink is written)')
    .argument('<dataflow>', 'a data flow name (stored, or in --factory)')
    .option('--rows <n>', 'rows read from each source', (v: string) => Number(v), 10)
    .option('--factory <dir>', 'factory folder to validate and load first')
    .option('--parameters <json>', 'data flow parameters as a JSON object')
    .option('-p, --param <name=value>', 'one data flow parameter (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'print the preview as JSON')
    .action(async (dataflow: string, options: { rows?: number; factory?: string; parameters?: string; param?: string[]; json?: boolean }) => {
      code = await withEngine((engine) => previewCommand(dataflow, options, engine, createCatalog(), io));
    });

  program
    .command('start')
    .description('Start Sluice in one process: load factories (the examples by default), serve the API and the designer, run a worker, until Ctrl-C')
    .option('--factory <dir>', 'a folder of factories to load (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--concurrency <n>', 'activities run at once', (v: string) => Number(v), 4)
    .option('--config <file>', 'configuration file (default ./sluice.config.json when present)')
    .action(async (options: { factory: string[]; concurrency: number; config?: string }) => {
      const factories = options.factory.length ? options.factory : ['examples'];
      code = await startCommand({ factories, concurrency: options.concurrency, ...(options.config ? { config: options.config } : {}) }, io);
    });

  program
    .command('server')
    .description('Serve the REST API only (run workers with sluice worker), until Ctrl-C')
    .option('--config <file>', 'configuration file (default ./sluice.config.json when present)')
    .action(async (options: { config?: string }) => {
      code = await serverCommand(options.config ? { config: options.config } : {}, io);
    });

  program
    .command('worker')
    .description('Run a worker: it runs work activities, fires timers and recovers stranded runs')
    .option('--concurrency <n>', 'activities run at once', (v: string) => Number(v), 4)
    .action(async (options: { concurrency: number }) => {
      code = await withEngine((engine, describe) => workerCommand(options, engine, io, describe));
    });

  program
    .command('triggers')
    .description('Run the trigger service for every started trigger (schedules, windows, storage events, queues) until Ctrl-C')
    .option('--list', 'print each trigger and its runtime state, then exit')
    .option('--start <trigger>', 'start a trigger (every trigger service begins firing it), then exit')
    .option('--stop <trigger>', 'stop a trigger, then exit')
    .option('--poll-ms <n>', 'how often windows, storage and run outcomes are polled', (v: string) => Number(v))
    .action(async (options: { list?: boolean; start?: string; stop?: string; pollMs?: number }) => {
      code = await withEngine((engine, describe) => triggersCommand(options, engine, io, describe));
    });

  registerRemoteCommands(program, io, (c) => {
    code = c;
  }, catalogWithPlugins);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof SluiceError) {
      io.err(`${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
