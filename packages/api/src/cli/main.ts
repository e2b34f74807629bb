import { Command, CommanderError } from 'commander';
import { readFile } from 'node:fs/promises';
import { SluiceError } from '@sluice/engine';
import { createCatalog } from '../catalog.js';
import { exprCommand } from './expr.command.js';
import type { CommandIO } from './output.js';
import { validateCommand } from './validate.command.js';
import { runCommand } from './run.command.js';
import { workerCommand } from './worker.command.js';
import { startCommand } from './start.command.js';
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
      code = await validateCommand(path, options, createCatalog(), io);
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

  const withEngine = async (f: (engine: Engine, describe: string) => Promise<number>): Promise<number> => {
    const env = engineEnv();
    await assertRedisReachable(env.redisUrl);
    const engine = engineFromEnv(env);
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
    .action(async (pipeline: string, options: { factory?: string; parameters?: string; param?: string[]; local?: boolean; json?: boolean; timeout?: number }) => {
      code = await withEngine((engine) => runCommand(pipeline, options, engine, createCatalog(), io));
    });

  program
    .command('start')
    .description('Start Sluice: load factories (the examples by default) and run a worker until Ctrl-C')
    .option('--factory <dir>', 'a folder of factories to load (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--concurrency <n>', 'activities run at once', (v: string) => Number(v), 4)
    .action(async (options: { factory: string[]; concurrency: number }) => {
      const factories = options.factory.length ? options.factory : ['examples'];
      code = await withEngine((engine, describe) => startCommand({ factories, concurrency: options.concurrency }, engine, createCatalog(), io, describe));
    });

  program
    .command('worker')
    .description('Run a worker: it runs work activities, fires timers and recovers stranded runs')
    .option('--concurrency <n>', 'activities run at once', (v: string) => Number(v), 4)
    .action(async (options: { concurrency: number }) => {
      code = await withEngine((engine, describe) => workerCommand(options, engine, io, describe));
    });

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
