import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { ResolvedDataset, ResolvedLinkedService } from '../activities/contract.js';
import { SluiceError } from '../errors/index.js';
import { resolveValue } from '../expressions/evaluate.js';
import { isPlainObject, type JsonValue } from '../expressions/values.js';
import type { FactoryDocument, ResourceKind } from '../validation/factory.js';
import type { Keys } from './keys.js';

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

/** Turns secret values into their clear text at the last moment (for the activity that needs them). */
function revealSecrets(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(revealSecrets);
  if (!isPlainObject(value)) return value;
  const type = typeof value.type === 'string' ? value.type.toLowerCase() : '';
  if (type === 'securestring' && typeof value.value === 'string') return value.value;
  if (type === 'environmentvariable' && typeof value.name === 'string') {
    const v = process.env[value.name];
    if (v === undefined) throw new SluiceError('SCHEMA_VIOLATION', `The secret refers to the environment variable '${value.name}', which is not set on this worker.`);
    return v;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealSecrets(v as JsonValue)]));
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
  constructor(private readonly redis: Redis, private readonly keys: Keys) {}

  /** Stores (creates or replaces) a resource. */
  async put(kind: ResourceKind, doc: StoredResource): Promise<void> {
    await this.redis.hset(this.keys.factory(kind), doc.name.toLowerCase(), JSON.stringify(doc));
  }

  /** A resource by name (case-insensitive), or undefined. */
  async find(kind: ResourceKind, name: string): Promise<StoredResource | undefined> {
    const text = await this.redis.hget(this.keys.factory(kind), name.toLowerCase());
    return text ? (JSON.parse(text) as StoredResource) : undefined;
  }

  /** A resource by name; throws the kind's NOT_FOUND code when missing. */
  async get(kind: ResourceKind, name: string): Promise<StoredResource> {
    const doc = await this.find(kind, name);
    if (!doc) throw new SluiceError(NOT_FOUND[kind], `The ${kind} '${name}' does not exist in the factory.`);
    return doc;
  }

  /** Every resource of a kind, sorted by name. */
  async list(kind: ResourceKind): Promise<StoredResource[]> {
    const all = await this.redis.hvals(this.keys.factory(kind));
    return all.map((t) => JSON.parse(t) as StoredResource).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Removes a resource; true when it existed. */
  async delete(kind: ResourceKind, name: string): Promise<boolean> {
    return (await this.redis.hdel(this.keys.factory(kind), name.toLowerCase())) > 0;
  }

  /** Stores every document (as read by `loadFactoryFolder`); documents without a name are skipped. */
  async importDocuments(documents: readonly FactoryDocument[]): Promise<number> {
    let n = 0;
    for (const d of documents) {
      if (isPlainObject(d.doc) && typeof d.doc.name === 'string' && isPlainObject(d.doc.properties)) {
        await this.put(d.kind, d.doc as StoredResource);
        n++;
      }
    }
    return n;
  }

  /** Writes every resource to `dir` in ADF's git layout (one file per resource). Returns the files written. */
  async exportFolder(dir: string): Promise<string[]> {
    const written: string[] = [];
    for (const kind of Object.keys(FOLDER) as ResourceKind[]) {
      const docs = await this.list(kind);
      if (!docs.length) continue;
      await mkdir(join(dir, FOLDER[kind]), { recursive: true });
      for (const doc of docs) {
        const file = join(dir, FOLDER[kind], `${doc.name}.json`);
        await writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
        written.push(file);
      }
    }
    return written;
  }

  /** Resolves a linked service reference: parameters, `@linkedService()` expressions, then secrets. */
  async resolveLinkedService(reference: { referenceName: string; parameters?: Record<string, unknown> }): Promise<ResolvedLinkedService> {
    const doc = await this.get('linkedService', reference.referenceName);
    const props = doc.properties;
    const params = parametersWithDefaults(props.parameters, reference.parameters, `Linked service '${doc.name}'`);
    const tp = resolveValue(props.typeProperties ?? {}, { linkedService: params });
    return { name: doc.name, type: String(props.type), typeProperties: revealSecrets(tp) as Record<string, unknown> };
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
