import { SluiceError } from '../errors/index.js';
import type { ActivityDefinition, ActivityTypeInfo } from './contract.js';

const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;

/**
 * The activity types known to an engine, a worker or a validator. Types are looked up case-insensitively
 * (ADF pipelines write `ForEach`, `foreach`, `Foreach` alike); a `type@version` can be registered once.
 */
export class ActivityRegistry {
  readonly #byType = new Map<string, Map<number, ActivityDefinition>>();

  constructor(definitions: Iterable<ActivityDefinition> = []) {
    for (const d of definitions) this.register(d);
  }

  /**
   * Adds a type. Throws `ACTIVITY_TYPE_DUPLICATE` when the same type and version is already there, and
   * `ACTIVITY_DEFINITION_INVALID` when the declaration is malformed.
   */
  register(definition: ActivityDefinition): this {
    if (!TYPE_NAME.test(definition.type)) {
      throw new SluiceError('ACTIVITY_DEFINITION_INVALID', `Activity type name '${definition.type}' is not valid: use letters, digits, '_', '.', '-', starting with a letter.`);
    }
    if (!Number.isInteger(definition.version) || definition.version < 1) {
      throw new SluiceError('ACTIVITY_DEFINITION_INVALID', `Activity type '${definition.type}' has version ${String(definition.version)}: a version is an integer ≥ 1.`);
    }
    if (definition.kind === 'work' && typeof (definition as { run?: unknown }).run !== 'function') {
      throw new SluiceError('ACTIVITY_DEFINITION_INVALID', `Work activity type '${definition.type}' has no run function.`);
    }
    const key = definition.type.toLowerCase();
    let versions = this.#byType.get(key);
    if (!versions) {
      versions = new Map();
      this.#byType.set(key, versions);
    }
    const existing = versions.get(definition.version);
    if (existing) {
      throw new SluiceError('ACTIVITY_TYPE_DUPLICATE', `Activity type '${existing.type}' version ${definition.version} is already registered.`, {}, { type: existing.type, version: definition.version });
    }
    versions.set(definition.version, definition);
    return this;
  }

  /** The definition of `type` at `version`, or its latest version when none is given; undefined if unknown. */
  get(type: string, version?: number): ActivityDefinition | undefined {
    const versions = this.#byType.get(type.toLowerCase());
    if (!versions) return undefined;
    if (version !== undefined) return versions.get(version);
    let latest: ActivityDefinition | undefined;
    for (const d of versions.values()) if (!latest || d.version > latest.version) latest = d;
    return latest;
  }

  /** True when some version of `type` is registered. */
  has(type: string): boolean {
    return this.#byType.has(type.toLowerCase());
  }

  /** Every registered type and version, sorted by type then version (the API's `GET /api/activity-types`). */
  list(): ActivityDefinition[] {
    return [...this.#byType.values()]
      .flatMap((v) => [...v.values()])
      .sort((a, b) => a.type.localeCompare(b.type) || a.version - b.version);
  }

  /** The serialisable part of every type (no code). */
  describe(): ActivityTypeInfo[] {
    return this.list().map(({ type, version, kind, category, title, description, typeProperties, uiHints, output }) => ({
      type, version, kind, category, title, description, typeProperties,
      ...(uiHints ? { uiHints } : {}),
      ...(output ? { output } : {}),
    }));
  }

  /** Canonical names of the registered types, for "known types are …" messages. */
  typeNames(): string[] {
    return [...new Set(this.list().map((d) => d.type))];
  }
}
