import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { validateFactory, type ValidationCatalog } from '@sluice/engine';
import { findFactoryFolders, loadFactoryFolder } from '@sluice/engine/node';
import type { Engine } from '@sluice/engine/runtime';
import type { CommandIO } from './output.js';
import { describeServing, serve, untilSignal, type ServeOptions } from './server.command.js';
import { startTriggers } from './triggers.command.js';

/** Options of `sluice start`. */
export interface StartOptions extends ServeOptions {
  /** Folders holding factories to load (each searched for factories in ADF's git layout). */
  factories: string[];
  concurrency: number;
}

/**
 * Loads every factory found under `roots` into the store, skipping (and reporting) a factory with errors.
 * Returns the pipelines loaded, those that need no parameter first.
 */
export async function loadFactories(roots: readonly string[], engine: Engine, catalog: ValidationCatalog, io: CommandIO): Promise<string[]> {
  const loadedPipelines: string[] = [];
  for (const root of roots) {
    if (!existsSync(root)) {
      io.err(`No folder ${root}: nothing loaded from it.\n`);
      continue;
    }
    for (const dir of await findFactoryFolders(root)) {
      const loaded = await loadFactoryFolder(dir);
      const problems = [...loaded.problems, ...validateFactory(loaded.documents, catalog)].filter((p) => p.severity === 'error');
      const name = relative(process.cwd(), dir) || dir;
      if (problems.length) {
        io.err(`Skipped ${name}: ${problems.length} error(s), first: ${problems[0]?.file ?? '-'}: ${problems[0]?.pointer || '/'}: ${problems[0]?.code} ${problems[0]?.message}\n`);
        continue;
      }
      await engine.factory.importFactory(loaded);
      const pipelines = loaded.documents.filter((d) => d.kind === 'pipeline').map((d) => d.doc as { name: string; properties?: { parameters?: Record<string, object> } });
      // Suggest first the pipelines that need no parameter.
      const ready = (p: (typeof pipelines)[number]): boolean => Object.values(p.properties?.parameters ?? {}).every((spec) => 'defaultValue' in spec);
      loadedPipelines.push(...pipelines.filter(ready).map((p) => p.name), ...pipelines.filter((p) => !ready(p)).map((p) => p.name));
      io.err(`Loaded ${name}: ${loaded.documents.length} resource(s), pipelines ${pipelines.map((p) => p.name).join(', ') || '(none)'}\n`);
    }
  }
  return loadedPipelines;
}

/**
 * `sluice start`: Sluice in one process — loads the factories (the examples, by default), then serves the
 * REST API and the designer and runs a worker and the triggers, until SIGINT or SIGTERM. On a first start it generates the
 * secret key and an admin API key into the data folder and prints the key once.
 */
export async function startCommand(options: StartOptions, io: CommandIO): Promise<number> {
  let loadedPipelines: string[] = [];
  const serving = await serve({
    ...options,
    withWorker: { concurrency: options.concurrency },
    beforeListen: async (engine, catalog) => {
      loadedPipelines = await loadFactories(options.factories, engine, catalog, io);
    },
  });
  // The trigger service: schedules, windows, storage events and queue messages of every started trigger.
  const triggers = await startTriggers({ engine: serving.engine, log: (level, message) => io.err(`${new Date().toISOString()} trigger ${level} ${message}\n`) });
  io.err(
    `\nSluice is running.\n${describeServing(serving)}` +
      `  Triggers: ${triggers.running.length} started trigger(s)\n` +
      `  ${loadedPipelines.length} pipeline(s) loaded${loadedPipelines.length ? `; run one from another terminal: pnpm sluice run ${loadedPipelines[0]}` : ''}\n` +
      `Stop with Ctrl-C.\n`,
  );
  await untilSignal();
  io.err('Stopping: waiting for running activities…\n');
  await triggers.close();
  await serving.close();
  return 0;
}
