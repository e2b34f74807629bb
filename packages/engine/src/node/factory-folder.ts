import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { SluiceError } from '../errors/index.js';
import { isPlainObject } from '../expressions/values.js';
import type { Problem } from '../validation/problem.js';
import { parseJsonText } from '../schema/json-text.js';
import type { FactoryDocument, ResourceKind } from '../validation/factory.js';
import type { GlobalParameters } from '../model/global-parameters.js';
import { checkGlobalParameters } from '../validation/global-parameters.js';

/** ADF's git layout: one folder per kind of resource, one JSON file per resource. */
export const FACTORY_FOLDERS: Readonly<Record<string, ResourceKind>> = {
  pipeline: 'pipeline',
  dataset: 'dataset',
  linkedservice: 'linkedService',
  trigger: 'trigger',
  dataflow: 'dataflow',
};

/** A factory read from disk: its documents, and the files that could not be read as JSON. */
export interface LoadedFactory {
  /** The folder (or file) that was read, as given. */
  readonly root: string;
  readonly documents: FactoryDocument[];
  /** INVALID_JSON problems, with file and line:column in the message; problems of the global parameters. */
  readonly problems: Problem[];
  /**
   * The factory's global parameters, from ADF's factory document (`factory/<factory>.json`,
   * `properties.globalParameters`), when the folder has one.
   */
  readonly globalParameters?: { readonly value: GlobalParameters; readonly file: string };
}

/** Reads ADF's `factory/` folder: the factory document holding the global parameters (one file at most). */
async function readFactoryDocument(dir: string, root: string, problems: Problem[]): Promise<LoadedFactory['globalParameters']> {
  let found: LoadedFactory['globalParameters'];
  let declaredIn: string | undefined;
  for (const file of await jsonFiles(dir)) {
    const display = relative(root, file);
    const r = await readJson(file, display);
    if ('problem' in r) {
      problems.push(r.problem);
      continue;
    }
    const props = isPlainObject(r.doc) && isPlainObject(r.doc.properties) ? r.doc.properties : undefined;
    if (!props || props.globalParameters === undefined) continue;
    if (declaredIn) {
      problems.push({ code: 'SCHEMA_VIOLATION', severity: 'error', pointer: '/properties/globalParameters', file: display, message: `Global parameters are declared in ${declaredIn} already: a factory has one factory document.` });
      continue;
    }
    declaredIn = display;
    const wrong = checkGlobalParameters(props.globalParameters, '/properties/globalParameters');
    problems.push(...wrong.map((p) => ({ ...p, file: display })));
    if (!wrong.length) found = { value: props.globalParameters as unknown as GlobalParameters, file: display };
  }
  return found;
}

/** Guesses a resource's kind from its content when its folder does not say (a single file given alone). */
export function guessKind(doc: unknown): ResourceKind {
  const props = isPlainObject(doc) && isPlainObject(doc.properties) ? doc.properties : {};
  const type = typeof props.type === 'string' ? props.type : '';
  if (Array.isArray(props.activities)) return 'pipeline';
  if (/trigger$/i.test(type)) return 'trigger';
  if (/dataflow$|^flowlet$/i.test(type)) return 'dataflow';
  if (props.linkedServiceName !== undefined) return 'dataset';
  return 'linkedService';
}

async function readJson(path: string, display: string): Promise<{ doc: unknown } | { problem: Problem }> {
  const parsed = parseJsonText(await readFile(path, 'utf8'));
  if (parsed.ok) return { doc: parsed.value };
  return {
    problem: { code: 'INVALID_JSON', severity: 'error', pointer: '', file: display, message: `The file is not valid JSON at ${parsed.line}:${parsed.column}: ${parsed.message}.` },
  };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function jsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json')).map((e) => join(dir, e.name)).sort();
}

/**
 * Reads a factory from disk. `path` may be a folder in ADF's git layout (`pipeline/`, `dataset/`,
 * `linkedService/`, `trigger/`, `dataflow/`, and `factory/` with the global parameters), a folder of resource
 * files of any kind, or one file.
 * File names in the result are relative to `path` (or the file's own name). Throws `FILE_NOT_FOUND`
 * when `path` does not exist.
 */
export async function loadFactoryFolder(path: string): Promise<LoadedFactory> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new SluiceError('FILE_NOT_FOUND', `No such file or folder: ${path}`, { file: path });
  }
  const documents: FactoryDocument[] = [];
  const problems: Problem[] = [];
  const add = async (file: string, display: string, kind: ResourceKind | undefined): Promise<void> => {
    const r = await readJson(file, display);
    if ('problem' in r) problems.push(r.problem);
    else documents.push({ kind: kind ?? guessKind(r.doc), doc: r.doc, file: display });
  };
  if (!info.isDirectory()) {
    const parentKind = FACTORY_FOLDERS[basename(dirname(path)).toLowerCase()];
    await add(path, basename(path), parentKind);
    return { root: path, documents, problems };
  }
  const entries = await readdir(path, { withFileTypes: true });
  const kindDirs = entries.filter((e) => e.isDirectory() && FACTORY_FOLDERS[e.name.toLowerCase()] !== undefined);
  if (kindDirs.length > 0) {
    for (const dir of kindDirs.sort((a, b) => a.name.localeCompare(b.name))) {
      for (const file of await jsonFiles(join(path, dir.name))) {
        await add(file, relative(path, file), FACTORY_FOLDERS[dir.name.toLowerCase()]);
      }
    }
    const factoryDir = entries.find((e) => e.isDirectory() && e.name.toLowerCase() === 'factory');
    const globalParameters = factoryDir ? await readFactoryDocument(join(path, factoryDir.name), path, problems) : undefined;
    return { root: path, documents, problems, ...(globalParameters ? { globalParameters } : {}) };
  } else {
    const ownKind = FACTORY_FOLDERS[basename(path).toLowerCase()];
    for (const file of await jsonFiles(path)) await add(file, relative(path, file), ownKind);
  }
  return { root: path, documents, problems };
}

async function hasKindFolders(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.some((e) => e.isDirectory() && FACTORY_FOLDERS[e.name.toLowerCase()] !== undefined);
}

async function factoriesBelow(dir: string): Promise<string[]> {
  if (await hasKindFolders(dir)) return [dir];
  const found: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) found.push(...(await factoriesBelow(join(dir, e.name))));
  }
  return found;
}

/**
 * Finds the factories to validate under `path`: `path` itself when it is a file or a factory folder;
 * otherwise every folder below it (skipping `node_modules` and dot-folders) that holds git-layout
 * folders; and when there is none, `path` itself, read as a folder of resource files.
 */
export async function findFactoryFolders(path: string): Promise<string[]> {
  if (!(await isDirectory(path))) return [path];
  const found = await factoriesBelow(path);
  return found.length ? found.sort() : [path];
}
