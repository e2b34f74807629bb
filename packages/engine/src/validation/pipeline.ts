import type { ActivityRegistry } from '../activities/registry.js';
import { isPlainObject } from '../expressions/values.js';
import type { JsonSchema } from '../schema/json-schema.js';
import { checkDependencies, checkDuplicateNames, upstreamOf } from './dependencies.js';
import { checkExpressionsIn, type ExpressionScopeRules } from './expressions.js';
import { joinPointer, type Problem } from './problem.js';
import { checkReferences, type FactoryIndex } from './references.js';
import { checkActivityEnvelope, checkResourceSchema, checkTypeProperties } from './schema-check.js';
import { childActivityLists, collectScopes, type LocatedActivity } from './scopes.js';

/** Looks up dataset or linked-service types (the engine's `TypeCatalog` fits). */
export interface TypeLookup {
  get(type: string): { readonly type: string; readonly typeProperties: JsonSchema } | undefined;
  typeNames(): string[];
}

/** The types a validation knows: activity types, and dataset and linked-service types. */
export interface ValidationCatalog {
  readonly activities: ActivityRegistry;
  readonly datasetTypes?: TypeLookup;
  readonly linkedServiceTypes?: TypeLookup;
  /**
   * Checks of data-flow content by data-flow type (`SluiceDataFlow` → the steps' checks of `@sluice/activities`):
   * each receives `properties.typeProperties` and answers problems with pointers from the document's root.
   * Types without a check are validated by their envelope only.
   */
  readonly dataFlowChecks?: Readonly<Record<string, (typeProperties: unknown) => Problem[]>>;
}

/** Options of {@link validatePipeline}. */
export interface ValidatePipelineOptions {
  /** The factory the pipeline lives in, to check references to datasets, linked services, pipelines, data flows. */
  readonly factory?: FactoryIndex;
}

const lowerKeys = (o: unknown): Set<string> => new Set(isPlainObject(o) ? Object.keys(o).map((k) => k.toLowerCase()) : []);

function variableNameProblem(a: LocatedActivity, variables: ReadonlySet<string>): Problem | undefined {
  const t = a.type.toLowerCase();
  if (t !== 'setvariable' && t !== 'appendvariable') return undefined;
  const tp = isPlainObject(a.activity.typeProperties) ? a.activity.typeProperties : {};
  if (tp.setSystemVariable === true) return undefined; // the pipeline return value, not a declared variable
  const name = tp.variableName;
  if (typeof name !== 'string' || variables.has(name.toLowerCase())) return undefined;
  return {
    code: 'VARIABLE_NOT_FOUND', severity: 'error', pointer: joinPointer(a.pointer, 'typeProperties', 'variableName'),
    message: `${a.type} '${a.name}' sets the variable '${name}', which is not declared in the pipeline's variables (${variables.size ? [...variables].join(', ') : 'none is declared'}).`,
  };
}

/**
 * Checks a pipeline document and returns every problem found, each with a code, a severity and a JSON
 * pointer: the schema; duplicate names; `dependsOn` targets and cycles; activity types and their
 * `typeProperties`; every expression's syntax and what it reads (parameters, variables, upstream
 * activities, `item()`); Set/Append Variable targets; and, given a factory, references to other resources.
 * An empty array means the pipeline can run.
 */
export function validatePipeline(doc: unknown, catalog: ValidationCatalog, options: ValidatePipelineOptions = {}): Problem[] {
  const problems: Problem[] = checkResourceSchema('pipeline', doc);
  if (!isPlainObject(doc) || !isPlainObject(doc.properties)) return problems;
  const props = doc.properties;
  const { scopes, all } = collectScopes(props.activities);
  const parameters = lowerKeys(props.parameters);
  const variables = lowerKeys(props.variables);
  const byName = new Map(all.map((a) => [a.name.toLowerCase(), a]));

  problems.push(...checkDuplicateNames(all), ...checkDependencies(scopes, all));

  for (const a of all) {
    if (a.ancestors.length > 0) problems.push(...checkActivityEnvelope(a.activity, a.pointer));
    const definition = a.type ? catalog.activities.get(a.type) : undefined;
    if (a.type && !definition) {
      problems.push({
        code: 'UNSUPPORTED_ACTIVITY_TYPE', severity: 'error', pointer: joinPointer(a.pointer, 'type'),
        message: `Activity '${a.name}' has type '${a.type}', which is not a registered activity type. Known types: ${catalog.activities.typeNames().join(', ')}.`,
      });
    }
    if (definition) {
      problems.push(...checkTypeProperties(definition.typeProperties, a.activity.typeProperties ?? {}, joinPointer(a.pointer, 'typeProperties')));
    }
    const varProblem = variableNameProblem(a, variables);
    if (varProblem) problems.push(varProblem);

    // Expressions: everything but the nested activity lists (validated as activities of their own).
    const nested = new Set(childActivityLists(a.activity).map((c) => joinPointer(a.pointer, ...c.tokens)));
    const upstream = upstreamOf(a);
    const insideForEach = a.ancestors.some((c) => c.type.toLowerCase() === 'foreach');
    const rules = (extraUpstream: ReadonlySet<string> = new Set()): ExpressionScopeRules => ({
      parameters,
      variables,
      itemAllowed: insideForEach,
      activity: (name) => {
        const target = byName.get(name.toLowerCase());
        if (!target) {
          return { code: 'ACTIVITY_NOT_FOUND', message: `The activity '${name}' does not exist in this pipeline.` };
        }
        if (!upstream.has(name.toLowerCase()) && !extraUpstream.has(name.toLowerCase())) {
          return {
            code: 'ACTIVITY_NOT_UPSTREAM',
            message: `The activity '${target.name}' is not upstream of '${a.name}': its output is only readable by activities that depend on it (directly or through others) or that sit inside a container depending on it.`,
          };
        }
        return undefined;
      },
    });
    const skip = (p: string): boolean => nested.has(p) || p === joinPointer(a.pointer, 'dependsOn') || p === joinPointer(a.pointer, 'name') || p === joinPointer(a.pointer, 'type') || p === joinPointer(a.pointer, 'description');
    if (a.type.toLowerCase() === 'filter') {
      // A Filter's condition is evaluated once per item: item() is the item being tested.
      const condition = joinPointer(a.pointer, 'typeProperties', 'condition');
      checkExpressionsIn(isPlainObject(a.activity.typeProperties) ? a.activity.typeProperties.condition : undefined, condition, { ...rules(), itemAllowed: true }, problems);
      checkExpressionsIn(a.activity, a.pointer, rules(), problems, (p) => skip(p) || p === condition);
    } else if (a.type.toLowerCase() === 'until') {
      // An Until's condition is evaluated after each iteration: it may read the activities inside it.
      const inner = new Set(all.filter((x) => x.ancestors.includes(a)).map((x) => x.name.toLowerCase()));
      const condition = joinPointer(a.pointer, 'typeProperties', 'expression');
      checkExpressionsIn(isPlainObject(a.activity.typeProperties) ? a.activity.typeProperties.expression : undefined, condition, rules(inner), problems);
      checkExpressionsIn(a.activity, a.pointer, rules(), problems, (p) => skip(p) || p === condition);
    } else {
      checkExpressionsIn(a.activity, a.pointer, rules(), problems, skip);
    }
    if (options.factory) problems.push(...checkReferences(a.activity, a.pointer, options.factory, nested));
  }
  problems.push(...checkParameterDefaults(props.parameters));
  return problems;
}

const PARAMETER_CHECKS: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  securestring: (v) => typeof v === 'string',
  int: (v) => Number.isInteger(v),
  float: (v) => typeof v === 'number',
  bool: (v) => typeof v === 'boolean',
  array: (v) => Array.isArray(v),
  object: (v) => isPlainObject(v),
};

/** A parameter's `defaultValue` must match its declared type (an expression string is accepted as is). */
function checkParameterDefaults(parameters: unknown): Problem[] {
  if (!isPlainObject(parameters)) return [];
  const problems: Problem[] = [];
  for (const [name, spec] of Object.entries(parameters)) {
    if (!isPlainObject(spec) || typeof spec.type !== 'string' || !('defaultValue' in spec)) continue;
    const check = PARAMETER_CHECKS[spec.type.toLowerCase()];
    const value = spec.defaultValue;
    if (!check || value === null || check(value)) continue;
    problems.push({
      code: 'PARAMETER_TYPE_MISMATCH', severity: 'error', pointer: joinPointer('/properties/parameters', name, 'defaultValue'),
      message: `The default value of parameter '${name}' is not of its declared type ${spec.type}.`,
    });
  }
  return problems;
}
