import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { validateFactory, type ValidationCatalog } from '@sluice/engine';
import { findFactoryFolders, loadFactoryFolder } from '@sluice/engine/node';
import type { Engine } from '@sluice/engine/runtime';
import type { CommandIO } from './output.js';

/** Options of `sluice start`. */
export interface StartOptions {
  /** Folders holding factories to load (each searched for factories in ADF's git layout). */
  factories: string[];
  concurrency: number;
}

/**
 * `sluice start`: loads the factories (the examples, by default) into the store, starts a worker, and runs
 * until SIGINT or SIGTERM. A factory with errors is reported and skipped, the others load. The REST API and
 * the designer join this command when they are built; until then it says so.
 */
export async function startCommand(options: StartOptions, engine: Engine, catalog: ValidationCatalog, io: CommandIO, describe: string): Promise<number> {
  const loadedPipelines: string[] = [];
  for (const root of options.factories) {
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
      await engine.factory.importDocuments(loaded.documents);
      const pipelines = loaded.documents.filter((d) => d.kind === 'pipeline').map((d) => d.doc as { name: string; properties?: { parameters?: Record<string, object> } });
      // Suggest first the pipelines that need no parameter.
      const ready = (p: (typeof pipelines)[number]): boolean => Object.values(p.properties?.parameters ?? {}).every((spec) => 'defaultValue' in spec);
      loadedPipelines.push(...pipelines.filter(ready).map((p) => p.name), ...pipelines.filter((p) => !ready(p)).map((p) => p.name));
      io.err(`Loaded ${name}: ${loaded.documents.length} resource(s), pipelines ${pipelines.map((p) => p.name).join(', ') || '(none)'}\n`);
    }
  }
  const worker = await engine.startWorker({ concurrency: options.concurrency });
  io.err(
    `\nSluice is running (${describe}).\n` +
      `  worker ${worker.id}, concurrency ${options.concurrency}\n` +
      `  ${loadedPipelines.length} pipeline(s) loaded${loadedPipelines.length ? `; run one from another terminal: pnpm sluice run ${loadedPipelines[0]}` : ''}\n` +
      `  the REST API and the browser designer are not built yet: use the sluice command (pnpm sluice --help)\n` +
      `Stop with Ctrl-C.\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  io.err('Stopping: waiting for running activities…\n');
  await worker.close();
  return 0;
}
