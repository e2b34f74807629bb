import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RESOURCE_SEGMENTS, type ResourceSegment } from '../client/client.js';
import { connect, EXIT, remote, type ConnectOptions } from '../client/connect.js';
import type { CommandIO } from './output.js';

/** ADF's git layout: the folder of each kind. */
const FOLDER_OF: Readonly<Record<ResourceSegment, string>> = {
  linkedservices: 'linkedService', datasets: 'dataset', dataflows: 'dataflow', pipelines: 'pipeline', triggers: 'trigger',
};

/** Options of `sluice export FOLDER`. */
export interface ExportOptions extends ConnectOptions {
  json?: boolean;
}

/** A file name for a resource name: ADF's own (`<name>.json`), with path separators and reserved characters replaced. */
export function fileNameOf(name: string): string {
  return `${name.replace(/[/\\:*?"<>|]/g, '_')}.json`;
}

/**
 * `sluice export FOLDER`: reads every resource from a server and writes it in ADF's git layout
 * (`pipeline/`, `dataset/`, `linkedService/`, `dataflow/`, `trigger/`, one JSON file per resource, and
 * `factory/Sluice.json` with the global parameters when there are any), ready to
 * commit or to `sluice deploy` elsewhere. Secrets stay masked (the API never returns them): a deploy of the
 * export keeps the target's stored secrets, or needs them from an environment file.
 */
export async function exportCommand(folder: string, options: ExportOptions, io: CommandIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return remote(io, async () => {
    const client = connect(options, env);
    const written: Array<{ kind: string; name: string; file: string }> = [];
    for (const segment of RESOURCE_SEGMENTS) {
      const list = await client.listResources(segment);
      if (!list.length) continue;
      const dir = join(folder, FOLDER_OF[segment]);
      await mkdir(dir, { recursive: true });
      for (const { name } of list) {
        const found = await client.findResource(segment, name);
        if (!found) continue; // deleted meanwhile
        const file = join(dir, fileNameOf(found.doc.name));
        await writeFile(file, `${JSON.stringify(found.doc, null, 4)}\n`);
        written.push({ kind: FOLDER_OF[segment], name: found.doc.name, file });
        if (!options.json) io.out(`${file}\n`);
      }
    }
    // ADF keeps the global parameters in the factory's own document (`factory/<factory>.json`).
    const { globalParameters } = await client.getGlobalParameters();
    if (Object.keys(globalParameters).length) {
      await mkdir(join(folder, 'factory'), { recursive: true });
      const file = join(folder, 'factory', 'Sluice.json');
      await writeFile(file, `${JSON.stringify({ name: 'Sluice', properties: { globalParameters } }, null, 4)}\n`);
      written.push({ kind: 'factory', name: 'Sluice', file });
      if (!options.json) io.out(`${file}\n`);
    }
    if (options.json) io.out(`${JSON.stringify({ folder, files: written }, null, 2)}\n`);
    else io.err(`Exported ${written.length} resource(s) from ${client.server} to ${folder}.\n`);
    return EXIT.ok;
  });
}
