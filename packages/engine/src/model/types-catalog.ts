/**
 * Catalogs of dataset and linked-service types: declarations only (no code). The validator looks a
 * document's `properties.type` up here and checks its `typeProperties` with the declared schema; the
 * designer renders the type's form from the same schema; connectors implement the types elsewhere.
 */
import type { UiHint } from '../activities/contract.js';
import { SluiceError } from '../errors/index.js';
import type { JsonSchema } from '../schema/json-schema.js';

const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;

/** What a catalog holds about one dataset or linked-service type. Serialisable (the API serves it). */
export interface TypeDeclaration {
  /** ADF type name (`PostgreSqlV2`, `DelimitedText`), matched case-insensitively. */
  readonly type: string;
  readonly title: string;
  readonly description: string;
  /** Group in the designer's "new linked service / dataset" gallery (`File`, `Database`, `Generic protocol` …). */
  readonly category: string;
  /** Authored JSON Schema of `typeProperties` in ADF's property names (expressions allowed by the checker). */
  readonly typeProperties: JsonSchema;
  /** Designer hints by JSON pointer into `typeProperties` (`/password` → `{widget: 'password'}`). */
  readonly uiHints?: Readonly<Record<string, UiHint>>;
  /** Datasets only: the linked-service types the dataset can sit on (used to filter the picker and to validate). */
  readonly linkedServiceTypes?: readonly string[];
}

/** Which catalog, for messages. */
export type TypeCatalogKind = 'dataset' | 'linkedService';

/**
 * The dataset or linked-service types known to an engine, a validator or the designer. Like
 * `ActivityRegistry`: lookups are case-insensitive and a type can be added once.
 *
 * @example
 * const linkedServices = new TypeCatalog('linkedService', builtinLinkedServiceTypes);
 * linkedServices.get('postgresqlv2')?.typeProperties;
 */
export class TypeCatalog {
  readonly kind: TypeCatalogKind;
  readonly #byType = new Map<string, TypeDeclaration>();

  constructor(kind: TypeCatalogKind, declarations: Iterable<TypeDeclaration> = []) {
    this.kind = kind;
    for (const d of declarations) this.register(d);
  }

  /**
   * Adds a type. Throws `TYPE_DUPLICATE` when a type of that name (in any casing) is already there and
   * `TYPE_DEFINITION_INVALID` when the name or schema is malformed.
   */
  register(declaration: TypeDeclaration): this {
    const label = this.kind === 'dataset' ? 'Dataset' : 'Linked service';
    if (!TYPE_NAME.test(declaration.type)) {
      throw new SluiceError('TYPE_DEFINITION_INVALID', `${label} type name '${declaration.type}' is not valid: use letters, digits, '_', '.', '-', starting with a letter.`);
    }
    if (typeof declaration.typeProperties !== 'object' || declaration.typeProperties === null) {
      throw new SluiceError('TYPE_DEFINITION_INVALID', `${label} type '${declaration.type}' has no typeProperties schema.`);
    }
    const key = declaration.type.toLowerCase();
    const existing = this.#byType.get(key);
    if (existing) {
      throw new SluiceError('TYPE_DUPLICATE', `${label} type '${existing.type}' is already registered.`, {}, { type: existing.type });
    }
    this.#byType.set(key, declaration);
    return this;
  }

  /** The declaration of `type` (any casing), or undefined when unknown. */
  get(type: string): TypeDeclaration | undefined {
    return this.#byType.get(type.toLowerCase());
  }

  /** True when `type` (any casing) is declared. */
  has(type: string): boolean {
    return this.#byType.has(type.toLowerCase());
  }

  /** Every declaration, sorted by type name (the API's type listings). */
  list(): TypeDeclaration[] {
    return [...this.#byType.values()].sort((a, b) => a.type.localeCompare(b.type));
  }

  /** Canonical type names, sorted, for "known types are …" messages. */
  typeNames(): string[] {
    return this.list().map((d) => d.type);
  }
}
