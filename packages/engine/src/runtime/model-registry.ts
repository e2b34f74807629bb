import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import type { ModelRegistry, ModelSelector, ModelStage, ModelVersion, TrainingRunRecord } from '../activities/models.js';
import { SluiceError } from '../errors/index.js';
import type { Keys } from './keys.js';

/**
 * Where model artifacts live. The default keeps them in a local folder (one machine, or a shared volume);
 * the API wires a store on any linked service (S3) for workers on several machines.
 */
export interface ArtifactStore {
  /** A description for messages and `artifactLocation` (`file:///…`, `s3://…`). */
  readonly display: string;
  /** Writes `text` at `key` atomically; returns the location recorded with the model. */
  put(key: string, text: string): Promise<string>;
  get(location: string): Promise<string>;
}

/** Artifacts as files under a folder, written to a temporary name and renamed (never half-written). */
export class LocalArtifactStore implements ArtifactStore {
  readonly root: string;
  constructor(root: string) { this.root = resolve(root); }
  get display(): string { return `file://${this.root}`; }

  async put(key: string, text: string): Promise<string> {
    if (key.split('/').some((part) => part === '..' || part === '')) throw new SluiceError('PATH_OUTSIDE_ROOT', `Artifact key '${key}' is not a plain relative path.`);
    const path = join(this.root, key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomUUID()}.tmp`;
    await writeFile(temp, text);
    await rename(temp, path);
    return key;
  }

  async get(location: string): Promise<string> {
    const path = resolve(this.root, location);
    if (!path.startsWith(this.root)) throw new SluiceError('PATH_OUTSIDE_ROOT', `Artifact location '${location}' is outside the artifact folder.`);
    try {
      return await readFile(path, 'utf8');
    } catch (e) {
      throw new SluiceError('MODEL_NOT_FOUND', `The artifact '${location}' is missing from ${this.display}.`, {}, { cause: String(e) });
    }
  }
}

const STAGES: readonly ModelStage[] = ['none', 'staging', 'production', 'archived'];

/**
 * The registry on Redis: `models` (hash name → latest version number), one hash of versions per model
 * (version → JSON) and a sorted set of training runs. Registering a version is one atomic step (HINCRBY
 * gives the number), so concurrent trainings of one model never share a version.
 */
export class RedisModelRegistry implements ModelRegistry {
  constructor(private readonly redis: Redis, private readonly keys: Keys, private readonly artifacts: ArtifactStore) {}

  private k(suffix: string): string { return `${this.keys.base}:ml:${suffix}`; }

  async recordTraining(
    run: Omit<TrainingRunRecord, 'id' | 'model'>,
    register?: { name: string; artifact: string; featureSchema: ModelVersion['featureSchema'] },
  ): Promise<{ trainingRun: TrainingRunRecord; model?: ModelVersion }> {
    const id = randomUUID();
    let model: ModelVersion | undefined;
    if (register) {
      if (!/^[A-Za-z0-9_.-]{1,120}$/.test(register.name)) throw new SluiceError('ML_TRAINING_INVALID', `Model name '${register.name}' must be 1–120 letters, digits, '_', '.', '-'.`);
      const version = await this.redis.hincrby(this.k('counters'), register.name, 1);
      const location = await this.artifacts.put(`models/${register.name}/${version}/model.json`, register.artifact);
      model = {
        name: register.name, version, stage: 'none', createdAt: new Date().toISOString(), algorithm: run.algorithm, task: run.task,
        metrics: run.metrics, params: run.params, featureSchema: register.featureSchema, trainingRunId: id,
        artifactLocation: location, artifactBytes: Buffer.byteLength(register.artifact),
      };
      await this.redis.multi()
        .hset(this.k(`versions:${register.name}`), String(version), JSON.stringify(model))
        .hset(this.k('models'), register.name, String(version))
        .exec();
    }
    const trainingRun: TrainingRunRecord = { ...run, id, ...(model ? { model: { name: model.name, version: model.version } } : {}) };
    await this.redis.multi()
      .hset(this.k('training-runs'), id, JSON.stringify(trainingRun))
      .zadd(this.k('training-runs:by-time'), Date.now(), id)
      .exec();
    return { trainingRun, ...(model ? { model } : {}) };
  }

  async getVersion(name: string, selector: ModelSelector = {}): Promise<ModelVersion> {
    const versions = await this.listVersions(name);
    const found = selector.version !== undefined ? versions.find((v) => v.version === selector.version)
      : selector.stage !== undefined ? versions.find((v) => v.stage === selector.stage)
      : versions[0];
    if (!found) {
      const what = selector.version !== undefined ? `version ${selector.version}` : selector.stage !== undefined ? `version in stage '${selector.stage}'` : 'registered version';
      throw new SluiceError('MODEL_NOT_FOUND', `The model '${name}' has no ${what}.`, {}, { model: name, ...selector });
    }
    return found;
  }

  loadArtifact(version: ModelVersion): Promise<string> {
    return this.artifacts.get(version.artifactLocation);
  }

  async setStage(name: string, version: number, stage: ModelStage): Promise<ModelVersion> {
    if (!STAGES.includes(stage)) throw new SluiceError('SCHEMA_VIOLATION', `Stage '${stage}' is not one of ${STAGES.join(', ')}.`);
    const key = this.k(`versions:${name}`);
    // WATCH makes the promotion atomic against a concurrent one: retry on conflict.
    for (let attempt = 0; attempt < 10; attempt++) {
      await this.redis.watch(key);
      const all = await this.listVersions(name);
      const target = all.find((v) => v.version === version);
      if (!target) {
        await this.redis.unwatch();
        throw new SluiceError('MODEL_NOT_FOUND', `The model '${name}' has no version ${version}.`, {}, { model: name, version });
      }
      const tx = this.redis.multi();
      const updated = { ...target, stage };
      tx.hset(key, String(version), JSON.stringify(updated));
      if (stage === 'production') {
        for (const v of all) if (v.version !== version && v.stage === 'production') tx.hset(key, String(v.version), JSON.stringify({ ...v, stage: 'archived' }));
      }
      if (await tx.exec()) return updated;
    }
    throw new SluiceError('INTERNAL', `Could not change the stage of ${name} v${version}: too many concurrent changes.`);
  }

  async listModels(): Promise<ModelVersion[]> {
    const names = Object.keys(await this.redis.hgetall(this.k('models'))).sort();
    const out: ModelVersion[] = [];
    for (const name of names) {
      const [latest] = await this.listVersions(name);
      if (latest) out.push(latest);
    }
    return out;
  }

  async listVersions(name: string): Promise<ModelVersion[]> {
    const all = await this.redis.hvals(this.k(`versions:${name}`));
    return all.map((t) => JSON.parse(t) as ModelVersion).sort((a, b) => b.version - a.version);
  }

  async listTrainingRuns(options: { experiment?: string; limit?: number } = {}): Promise<TrainingRunRecord[]> {
    const limit = Math.max(1, Math.min(options.limit ?? 100, 1000));
    const ids = await this.redis.zrevrange(this.k('training-runs:by-time'), 0, options.experiment ? -1 : limit - 1);
    if (ids.length === 0) return [];
    const runs = (await this.redis.hmget(this.k('training-runs'), ...ids)).filter((t): t is string => t !== null).map((t) => JSON.parse(t) as TrainingRunRecord);
    return (options.experiment ? runs.filter((r) => r.experiment === options.experiment) : runs).slice(0, limit);
  }
}
