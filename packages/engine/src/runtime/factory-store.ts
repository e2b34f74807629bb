import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { ResolvedDataset, ResolvedLinkedService } from '../activities/contract.js';
import { SluiceError } from '../errors/index.js';
import { resolveValue } from '../expressions/evaluate.js';
import { isPlainObject, type JsonValue } from '../expressions/values.js';
import type { FactoryDocument, ResourceKind } from '../validation/factory.js';
import type { GlobalParameters } from '../model/global-parameters.js';
import { checkGlobalParameters } from '../validation/global-parameters.js';
import { DELETE_RESOURCE, SAVE_GLOBALS, SAVE_RESOURCE } from './factory-scripts.js';
import type { Keys } from './keys.js';
import { SECRET_MASK, maskSecrets, openSecret, revealSecureStrings, sealSecrets, type SecretCipher } from './secrets.js';

/** The folder of each kind in ADF's git layout. */
const FOLDER: Record<ResourceKind, string> = {
  pipeline: 'pipeline', dataset: 'dataset', linkedService: 'linkedService', trigger: 'trigger', dataflow: 'dataflow',
};

const NOT_FOUND: Record<ResourceKind, 'PIPELINE_NOT_FOUND' | 'DATASET_NOT_FOUND' | 'LINKED_SERVICE_NOT_FOUND' | 'TRIGGER_NOT_FOUND' | 'DATAFLOW_NOT_FOUND'> = {
  pipeline: 'PIPELINE_NOT_FOUND', dataset: 'DATASET_NOT_FOUND', linkedService: 'LINKED_SERVICE_NOT_FOUND', trigger: 'TRIGGER_NOT_FOUND', dataflow: 'DATAFLOW_NOT_FOUND',
};

/** A stored factory resource: `{name, properties}` as in ADF's git layout. */
export interface StoredResource {
  name: string;
  properties: Record<string, unknown>;
  [key: string]: unknown;
}

/** A stored resource with its ETag (changes with every save). */
export interface ResourceWithEtag {
  doc: StoredResource;
  etag: string;
}

/** Conditions and attribution of a save or delete (HTTP's `If-Match` / `If-None-Match`). */
export interface SaveOptions {
  /** Save only when the stored ETag is this one (`*`: when the resource exists). */
  ifMatch?: string;
  /** `*`: create only; fails when the resource exists. */
  ifNoneMatch?: '*';
  /** Who saves (an API key id), kept in the version record. */
  by?: string;
}

/** What a save did. */
export interface SaveResult {
  etag: string;
  version: number;
  created: boolean;
}

/** One entry of a resource's history. Every save, restore and delete adds one. */
export interface ResourceVersion {
  version: number;
  /** The ETag the resource had after this version (null for a deletion). */
  etag: string | null;
  at: string;
  by: string | null;
  operation: 'save' | 'restore' | 'delete' | 'import';
  /** For a restore: the version restored. */
  restoredFrom?: number;
}

/** Options of {@link FactoryStore}. */
export interface FactoryStoreOptions {
  /** Encrypts SecureString values at rest, in every kind of document (clear text when absent). */
  cipher?: SecretCipher;
  /** Versions kept per resource (default 100). */
  versionsKept?: number;
}

const contentHash = (json: string): string => createHash('sha256').update(json).digest('hex').slice(0, 16);

/** Turns secret values into their clear text at the last moment (for the activity that needs them). */
function revealSecrets(value: JsonValue, cipher: SecretCipher | undefined, where: string): JsonValue {
  if (Array.isArray(value)) return value.map((v) => revealSecrets(v, cipher, where));
  if (!isPlainObject(value)) return value;
  const type = typeof value.type === 'string' ? value.type.toLowerCase() : '';
  if (type === 'securestring' && typeof value.value === 'string') return openSecret(value.value, cipher, where);
  if (type === 'environmentvariable' && typeof value.name === 'string') {
    const v = process.env[value.name];
    if (v === undefined) throw new SluiceError('SCHEMA_VIOLATION', `The secret refers to the environment variable '${value.name}', which is not set on this worker.`);
    return v;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealSecrets(v as JsonValue, cipher, where)]));
}

function parametersWithDefaults(declared: unknown, given: unknown, what: string): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  const g = isPlainObject(given) ? (given as Record<string, JsonValue>) : {};
  if (isPlainObject(declared)) {
    for (const [name, spec] of Object.entries(declared)) {
      const givenKey = Object.keys(g).find((k) => k.toLowerCase() === name.toLowerCase());
      if (givenKey !== undefined) out[name] = g[givenKey] as JsonValue;
      else if (isPlainObject(spec) && 'defaultValue' in spec) out[name] = spec.defaultValue as JsonValue;
      else throw new SluiceError('REQUIRED_PARAMETER_MISSING', `${what} requires the parameter '${name}', which was not given.`);
    }
  }
  return out;
}

/**
 * The factory's definitions (pipelines, datasets, linked services, triggers, data flows), kept in Redis so
 * every API process and worker sees the same ones. Imported from and exported to ADF's git layout.
 */
export class FactoryStore {
  readonly #cipher: SecretCipher | undefined;
  readonly #kept: number;

  constructor(private readonly redis: Redis, private readonly keys: Keys, options: FactoryStoreOptions = {}) {
    this.#cipher = options.cipher;
    this.#kept = options.versionsKept ?? 100;
  }

  #etags(kind: ResourceKind): string { return this.keys.factoryEtags(kind); }
  #counters(kind: ResourceKind): string { return `${this.keys.factory(kind)}:counters`; }
  #versions(kind: ResourceKind, name: string): string { return `${this.keys.factory(kind)}:versions:${name.toLowerCase()}`; }

  #notFound(kind: ResourceKind, name: string): SluiceError {
    return new SluiceError(NOT_FOUND[kind], `The ${kind} '${name}' does not exist in the factory.`);
  }

  /**
   * Stores (creates or replaces) a resource atomically and records a version. SecureString values (in linked
   * services, and written inline in pipelines, datasets, data flows and triggers) are sealed; a value sent as
   * the mask keeps the stored secret. Throws PRECONDITION_FAILED when
   * `ifMatch` / `ifNoneMatch` does not hold, and the kind's NOT_FOUND when `ifMatch` names a missing one.
   */
  async put(kind: ResourceKind, doc: StoredResource, options: SaveOptions = {}): Promise<SaveResult> {
    return this.#save(kind, doc, options, { operation: 'save' });
  }

  async #save(kind: ResourceKind, doc: StoredResource, options: SaveOptions, meta: { operation: ResourceVersion['operation']; restoredFrom?: number }, sealed = false): Promise<SaveResult> {
    for (let attempt = 0; ; attempt++) {
      let ifMatch = options.ifMatch ?? '';
      let stored = doc;
      if (!sealed) {
        const current = JSON.stringify(doc).includes(`"${SECRET_MASK}"`) ? await this.findWithEtag(kind, doc.name) : undefined;
        stored = sealSecrets(doc, this.#cipher, current?.doc);
        // The kept secrets came from the version just read: save only over that version.
        if (current && !ifMatch) ifMatch = current.etag;
      }
      const json = JSON.stringify(stored);
      const name = doc.name.toLowerCase();
      const metaJson = JSON.stringify({ at: new Date().toISOString(), by: options.by ?? null, operation: meta.operation, ...(meta.restoredFrom !== undefined ? { restoredFrom: meta.restoredFrom } : {}) });
      const [code, etag, created] = (await this.redis.eval(
        SAVE_RESOURCE, 4, this.keys.factory(kind), this.#etags(kind), this.#counters(kind), this.#versions(kind, name),
        name, json, ifMatch, options.ifNoneMatch ?? '', contentHash(json), metaJson, this.#kept,
      )) as [number, string, number?];
      if (code === -3 && !options.ifMatch && attempt < 5) continue; // our own guard (kept secrets) lost a race: read again
      if (code === -1) throw new SluiceError('PRECONDITION_FAILED', `The ${kind} '${doc.name}' already exists (If-None-Match: *).`, {}, { etag });
      if (code === -2) throw this.#notFound(kind, doc.name);
      if (code === -3) throw new SluiceError('PRECONDITION_FAILED', `The ${kind} '${doc.name}' changed since it was read: its ETag is now ${etag}, not ${options.ifMatch ?? ''}. Read it again and reapply the change.`, {}, { etag });
      return { etag, version: code, created: created === 1 };
    }
  }

  /** A resource by name (case-insensitive), or undefined. */
  async find(kind: ResourceKind, name: string): Promise<StoredResource | undefined> {
    const text = await this.redis.hget(this.keys.factory(kind), name.toLowerCase());
    return text ? (JSON.parse(text) as StoredResource) : undefined;
  }

  /** A resource and its ETag, or undefined. Secrets are in their stored (sealed) form: mask before showing. */
  async findWithEtag(kind: ResourceKind, name: string): Promise<ResourceWithEtag | undefined> {
    const result = await this.redis.multi().hget(this.keys.factory(kind), name.toLowerCase()).hget(this.#etags(kind), name.toLowerCase()).exec();
    const text = result?.[0]?.[1] as string | null | undefined;
    if (!text) return undefined;
    return { doc: JSON.parse(text) as StoredResource, etag: (result?.[1]?.[1] as string | null) ?? '0' };
  }

  /** A resource by name; throws the kind's NOT_FOUND code when missing. */
  async get(kind: ResourceKind, name: string): Promise<StoredResource> {
    const doc = await this.find(kind, name);
    if (!doc) throw this.#notFound(kind, name);
    return doc;
  }

  /** Every resource of a kind, sorted by name. */
  async list(kind: ResourceKind): Promise<StoredResource[]> {
    const all = await this.redis.hvals(this.keys.factory(kind));
    return all.map((t) => JSON.parse(t) as StoredResource).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every resource of a kind with its ETag, sorted by name. */
  async listWithEtags(kind: ResourceKind): Promise<ResourceWithEtag[]> {
    const result = await this.redis.multi().hgetall(this.keys.factory(kind)).hgetall(this.#etags(kind)).exec();
    const docs = (result?.[0]?.[1] ?? {}) as Record<string, string>;
    const etags = (result?.[1]?.[1] ?? {}) as Record<string, string>;
    return Object.entries(docs)
      .map(([key, text]) => ({ doc: JSON.parse(text) as StoredResource, etag: etags[key] ?? '0' }))
      .sort((a, b) => a.doc.name.localeCompare(b.doc.name));
  }

  /** Removes a resource (its history stays); true when it existed. Throws PRECONDITION_FAILED on an ETag mismatch. */
  async delete(kind: ResourceKind, name: string, options: Omit<SaveOptions, 'ifNoneMatch'> = {}): Promise<boolean> {
    const lname = name.toLowerCase();
    const metaJson = JSON.stringify({ at: new Date().toISOString(), by: options.by ?? null, operation: 'delete' });
    const [code, etag] = (await this.redis.eval(
      DELETE_RESOURCE, 4, this.keys.factory(kind), this.#etags(kind), this.#counters(kind), this.#versions(kind, lname),
      lname, options.ifMatch ?? '', metaJson, this.#kept,
    )) as [number, string];
    if (code === -3) throw new SluiceError('PRECONDITION_FAILED', `The ${kind} '${name}' changed since it was read: its ETag is now ${etag}, not ${options.ifMatch ?? ''}.`, {}, { etag });
    return code > 0;
  }

  /** The history of a resource, oldest first (empty when it was never saved). */
  async versions(kind: ResourceKind, name: string): Promise<ResourceVersion[]> {
    const all = await this.redis.hgetall(this.#versions(kind, name));
    return Object.entries(all)
      .filter(([k]) => k.startsWith('m:'))
      .map(([, text]) => JSON.parse(text) as ResourceVersion)
      .sort((a, b) => a.version - b.version);
  }

  /** One version: its record and the document as saved (null for a deletion). Throws VERSION_NOT_FOUND. */
  async version(kind: ResourceKind, name: string, n: number): Promise<{ version: ResourceVersion; doc: StoredResource | null }> {
    const [meta, doc] = await this.redis.hmget(this.#versions(kind, name), `m:${n}`, `d:${n}`);
    if (!meta) throw new SluiceError('VERSION_NOT_FOUND', `The ${kind} '${name}' has no version ${n}.`);
    return { version: JSON.parse(meta) as ResourceVersion, doc: doc ? (JSON.parse(doc) as StoredResource) : null };
  }

  /** Saves an earlier version again as the newest one (conditions as {@link put}). */
  async restore(kind: ResourceKind, name: string, n: number, options: SaveOptions = {}): Promise<SaveResult> {
    const { doc } = await this.version(kind, name, n);
    if (!doc) throw new SluiceError('VERSION_NOT_FOUND', `Version ${n} of the ${kind} '${name}' is its deletion: there is no document to restore.`);
    return this.#save(kind, doc, options, { operation: 'restore', restoredFrom: n }, true);
  }

  /** The factory's global parameters and their ETag (`{}` and '0' when none were saved). */
  async globalParameters(): Promise<{ globalParameters: GlobalParameters; etag: string }> {
    const [text, etag] = await this.redis.mget(this.keys.factoryGlobals(), this.keys.factoryGlobalsEtag());
    return { globalParameters: text ? (JSON.parse(text) as GlobalParameters) : {}, etag: etag ?? '0' };
  }

  /**
   * Replaces the factory's global parameters (every run started afterwards sees them). Throws SCHEMA_VIOLATION or
   * PARAMETER_TYPE_MISMATCH naming the parameter, and PRECONDITION_FAILED when `ifMatch` is not the current ETag.
   */
  async putGlobalParameters(globalParameters: GlobalParameters, options: Pick<SaveOptions, 'ifMatch'> = {}): Promise<{ etag: string }> {
    const problems = checkGlobalParameters(globalParameters, '/globalParameters');
    if (problems.length) {
      const first = problems[0]!;
      throw new SluiceError(first.code, `The global parameters are not valid: ${problems.map((p) => `${p.pointer}: ${p.message}`).join('; ')}`, { pointer: first.pointer }, { problems });
    }
    const [code, etag] = (await this.redis.eval(SAVE_GLOBALS, 2, this.keys.factoryGlobals(), this.keys.factoryGlobalsEtag(), JSON.stringify(globalParameters), options.ifMatch ?? '')) as [number, string];
    if (code === -3) throw new SluiceError('PRECONDITION_FAILED', `The global parameters changed since they were read: their ETag is now ${etag}, not ${options.ifMatch ?? ''}. Read them again and reapply the change.`, {}, { etag });
    return { etag };
  }

  /** Stores every document (as read by `loadFactoryFolder`); documents without a name are skipped. */
  async importDocuments(documents: readonly FactoryDocument[]): Promise<number> {
    let n = 0;
    for (const d of documents) {
      if (isPlainObject(d.doc) && typeof d.doc.name === 'string' && isPlainObject(d.doc.properties)) {
        await this.#save(d.kind, d.doc as StoredResource, {}, { operation: 'import' });
        n++;
      }
    }
    return n;
  }

  /**
   * Stores a factory read from disk: its documents and, when it declares them, its global parameters (which then
   * replace the stored ones). Returns the documents stored.
   */
  async importFactory(loaded: { documents: readonly FactoryDocument[]; globalParameters?: { value: GlobalParameters } }): Promise<number> {
    const n = await this.importDocuments(loaded.documents);
    if (loaded.globalParameters) await this.putGlobalParameters(loaded.globalParameters.value);
    return n;
  }

  /**
   * Writes every resource to `dir` in ADF's git layout (one file per resource). SecureString values are
   * written as the mask, as ADF's git integration does: secrets never leave the store. Returns the files written.
   */
  async exportFolder(dir: string): Promise<string[]> {
    const written: string[] = [];
    for (const kind of Object.keys(FOLDER) as ResourceKind[]) {
      const docs = await this.list(kind);
      if (!docs.length) continue;
      await mkdir(join(dir, FOLDER[kind]), { recursive: true });
      for (const doc of docs) {
        const file = join(dir, FOLDER[kind], `${doc.name}.json`);
        await writeFile(file, `${JSON.stringify(maskSecrets(doc), null, 2)}\n`);
        written.push(file);
      }
    }
    const { globalParameters } = await this.globalParameters();
    if (Object.keys(globalParameters).length) {
      // ADF keeps them in the factory's own document.
      await mkdir(join(dir, 'factory'), { recursive: true });
      const file = join(dir, 'factory', 'Sluice.json');
      await writeFile(file, `${JSON.stringify({ name: 'Sluice', properties: { globalParameters } }, null, 2)}\n`);
      written.push(file);
    }
    return written;
  }

  /**
   * Seals the SecureString values of a document that is run without being saved (a debug run's pipeline) as
   * {@link put} would; a value sent as the mask keeps the secret of the stored document of that name.
   */
  async sealUnsaved<T extends StoredResource>(kind: ResourceKind, doc: T): Promise<T> {
    const previous = JSON.stringify(doc).includes(`"${SECRET_MASK}"`) ? await this.find(kind, doc.name) : undefined;
    return sealSecrets(doc, this.#cipher, previous);
  }

  /**
   * Opens the sealed SecureString values in `value` (keeping their `{type, value}` shape): an activity's
   * evaluated typeProperties just before it runs, a trigger's settings when its service connects.
   */
  reveal<T>(value: T, where: string): T {
    return revealSecureStrings(value, this.#cipher, where);
  }

  /** Resolves a linked service reference: parameters, `@linkedService()` expressions, then secrets. */
  async resolveLinkedService(reference: { referenceName: string; parameters?: Record<string, unknown> }): Promise<ResolvedLinkedService> {
    const doc = await this.get('linkedService', reference.referenceName);
    const props = doc.properties;
    const params = parametersWithDefaults(props.parameters, reference.parameters, `Linked service '${doc.name}'`);
    const tp = resolveValue(props.typeProperties ?? {}, { linkedService: params });
    return { name: doc.name, type: String(props.type), typeProperties: revealSecrets(tp, this.#cipher, `A secret of linked service '${doc.name}'`) as Record<string, unknown> };
  }

  /** Resolves a dataset reference: parameters, `@dataset()` expressions, and its linked service. */
  async resolveDataset(reference: { referenceName: string; parameters?: Record<string, unknown> }): Promise<ResolvedDataset> {
    const doc = await this.get('dataset', reference.referenceName);
    const props = doc.properties;
    const params = parametersWithDefaults(props.parameters, reference.parameters, `Dataset '${doc.name}'`);
    const tp = resolveValue(props.typeProperties ?? {}, { dataset: params }) as Record<string, unknown>;
    const lsRef = resolveValue(props.linkedServiceName ?? {}, { dataset: params });
    if (!isPlainObject(lsRef) || typeof lsRef.referenceName !== 'string') {
      throw new SluiceError('SCHEMA_VIOLATION', `Dataset '${doc.name}' has no linkedServiceName.`, { pointer: '/properties/linkedServiceName' });
    }
    const linkedService = await this.resolveLinkedService(lsRef as { referenceName: string; parameters?: Record<string, unknown> });
    const schema = Array.isArray(props.schema) ? (props.schema as ResolvedDataset['schema']) : undefined;
    return { name: doc.name, type: String(props.type), typeProperties: tp, linkedService, ...(schema ? { schema } : {}) };
  }
}
