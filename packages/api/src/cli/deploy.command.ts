import { isDeepStrictEqual } from 'node:util';
import { parseJsonText, validateFactory, type FactoryDocument, type Problem, type ValidationCatalog } from '@sluice/engine';
import { loadFactoryFolder } from '@sluice/engine/node';
import { maskSecrets, SECRET_MASK, type StoredResource } from '@sluice/engine/runtime';
import { ApiRequestError, type ResourceDocument, type SluiceClient } from '../client/client.js';
import { connect, EXIT, remote, type ConnectOptions } from '../client/connect.js';
import { deployOrder, SEGMENT_OF } from '../client/deploy-order.js';
import { applyEnvironment } from '../client/environment.js';
import type { CommandIO } from './output.js';

/** Options of `sluice deploy FOLDER`. */
export interface DeployOptions extends ConnectOptions {
  /** An environment file (linked-service and parameter overrides for the target). */
  environment?: string;
  /** Validate and compare with the server, change nothing. */
  dryRun?: boolean;
  json?: boolean;
}

/** What deploy did (or, dry, would do) to one resource. */
export interface DeployResult {
  kind: FactoryDocument['kind'];
  name: string;
  action: 'created' | 'updated' | 'unchanged';
}

/** True when a document carries a secret in clear (a SecureString value that is not the mask): it cannot be compared with the server's masked copy. */
function hasClearSecret(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasClearSecret);
  if (!value || typeof value !== 'object') return false;
  const o = value as Record<string, unknown>;
  if (o.type === 'SecureString' && typeof o.value === 'string' && o.value !== SECRET_MASK) return true;
  return Object.values(o).some(hasClearSecret);
}

const printProblems = (io: CommandIO, problems: readonly Problem[]): void => {
  for (const p of problems) io.err(`${p.file ?? '-'}: ${p.pointer || '/'}: ${p.code} ${p.message}\n`);
};

/**
 * `sluice deploy FOLDER`: pushes a factory folder (ADF's git layout) to a server. It loads the folder,
 * applies the environment file, validates the whole factory locally (any error: nothing is sent, exit 1),
 * then saves each resource in dependency order (linked services, datasets, data flows, pipelines, triggers)
 * with `PUT /api/{kind}/{name}` and `If-Match` of the version it compared against, then the global parameters
 * (the folder's `factory/` document with the environment's overrides), reporting each as created, updated or unchanged (unchanged ones are not saved, so they get no new version). Activity types
 * the local process does not have but the server lists (`GET /api/activity-types`: its plugins) are left
 * for the server to check. A save the server refuses stops the deploy (exit 1 for validation, 3 otherwise).
 */
export async function deployCommand(folder: string, options: DeployOptions, catalog: ValidationCatalog, io: CommandIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return remote(io, async () => {
    const client = connect(options, env);
    const loaded = await loadFactoryFolder(folder);
    let documents = loaded.documents;
    let globalParameters = loaded.globalParameters?.value;
    const problems: Problem[] = [...loaded.problems];
    if (options.environment) {
      const parsed = parseJsonText(await io.readFile(options.environment));
      if (!parsed.ok) problems.push({ code: 'INVALID_JSON', severity: 'error', pointer: '', file: options.environment, message: `The file is not valid JSON at ${parsed.line}:${parsed.column}: ${parsed.message}.` });
      else {
        const applied = applyEnvironment(documents, parsed.value, options.environment, env, globalParameters);
        documents = applied.documents;
        globalParameters = applied.globalParameters;
        problems.push(...applied.problems);
      }
    }
    let errors = [...problems, ...validateFactory(documents, catalog)].filter((p) => p.severity === 'error');
    if (errors.some((p) => p.code === 'UNSUPPORTED_ACTIVITY_TYPE')) {
      // The server may run plugin activity types this process does not load: let it judge those.
      const serverTypes = new Set((await client.request<{ value: Array<{ type: string }> }>('GET', '/api/activity-types')).body.value.map((t) => t.type.toLowerCase()));
      errors = errors.filter((p) => p.code !== 'UNSUPPORTED_ACTIVITY_TYPE' || ![...serverTypes].some((t) => p.message.toLowerCase().includes(`'${t}'`)));
    }
    if (errors.length) {
      printProblems(io, errors);
      io.err(`${folder} has ${errors.length} error(s): nothing was deployed.\n`);
      if (options.json) io.out(`${JSON.stringify({ deployed: false, problems: errors }, null, 2)}\n`);
      return EXIT.failed;
    }
    const results: DeployResult[] = [];
    for (const d of deployOrder(documents)) {
      const doc = d.doc as ResourceDocument;
      let result: DeployResult;
      try {
        result = await deployOne(client, d.kind, doc, options.dryRun === true);
      } catch (e) {
        // The server's own validation refused it (a plugin type's settings, a reference it lacks): a validation problem.
        if (!(e instanceof ApiRequestError) || e.statusCode !== 400) throw e;
        const listed = Array.isArray(e.details.problems) ? (e.details.problems as Problem[]) : [];
        printProblems(io, listed.length ? listed.map((p) => ({ ...p, file: d.file ?? doc.name })) : []);
        io.err(`${e.code}: ${e.message}\nStopped: ${results.filter((r) => r.action !== 'unchanged').length} resource(s) were saved before this one.\n`);
        if (options.json) io.out(`${JSON.stringify({ deployed: false, server: client.server, resources: results, failed: { kind: d.kind, name: doc.name, code: e.code, message: e.message, problems: listed } }, null, 2)}\n`);
        return EXIT.failed;
      }
      results.push(result);
      if (!options.json) io.out(`${options.dryRun ? 'would be ' : ''}${result.action.padEnd(9)}  ${d.kind.padEnd(13)}  ${doc.name}\n`);
    }
    // The global parameters last: the pipelines that read them are in place when they change.
    let globals: DeployResult['action'] | undefined;
    if (globalParameters) {
      const current = await client.getGlobalParameters();
      globals = isDeepStrictEqual(current.globalParameters, globalParameters) ? 'unchanged' : 'updated';
      if (globals === 'updated' && !options.dryRun) await client.putGlobalParameters(globalParameters, current.etag);
      if (!options.json) io.out(`${options.dryRun ? 'would be ' : ''}${globals.padEnd(9)}  ${'factory'.padEnd(13)}  globalParameters\n`);
    }
    const count = (a: DeployResult['action']): number => results.filter((r) => r.action === a).length;
    if (options.json) io.out(`${JSON.stringify({ deployed: !options.dryRun, server: client.server, resources: results, ...(globals ? { globalParameters: globals } : {}) }, null, 2)}\n`);
    else io.err(`${options.dryRun ? 'Dry run: nothing changed. ' : ''}${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged on ${client.server}.\n`);
    return EXIT.ok;
  });
}

async function deployOne(client: SluiceClient, kind: FactoryDocument['kind'], doc: ResourceDocument, dryRun: boolean): Promise<DeployResult> {
  const segment = SEGMENT_OF[kind];
  const current = await client.findResource(segment, doc.name);
  if (current && !hasClearSecret(doc) && isDeepStrictEqual(maskSecrets(doc as StoredResource), current.doc)) return { kind, name: doc.name, action: 'unchanged' };
  if (dryRun) return { kind, name: doc.name, action: current ? 'updated' : 'created' };
  try {
    const saved = await client.putResource(segment, doc, current?.etag ?? null);
    return { kind, name: doc.name, action: saved.created ? 'created' : 'updated' };
  } catch (e) {
    if (e instanceof ApiRequestError) e.message = `Saving the ${kind} '${doc.name}' failed: ${e.message}`;
    throw e;
  }
}
