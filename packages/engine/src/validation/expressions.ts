import { SluiceError } from '../errors/index.js';
import { isExpressionObject } from '../expressions/evaluate.js';
import { defaultFunctions } from '../expressions/functions/index.js';
import { isExpressionString, parseTemplate } from '../expressions/parser.js';
import { collectReferences, type ExpressionReference } from '../expressions/references.js';
import { arityMessage } from '../expressions/evaluator.js';
import { joinPointer, type Problem } from './problem.js';

/**
 * What the expressions at one place of a document may read. A field left undefined is not checked
 * (for example, variables when validating a dataset).
 */
export interface ExpressionScopeRules {
  /** Declared pipeline parameters (lower-cased), or undefined when `pipeline().parameters` is not checked. */
  readonly parameters?: ReadonlySet<string>;
  /** Declared variables (lower-cased). */
  readonly variables?: ReadonlySet<string>;
  /** Judges `activity('name')`: returns a problem-to-be (code and message) or undefined when the reference is fine. */
  readonly activity?: (name: string) => { code: Problem['code']; message: string } | undefined;
  /** Whether `item()` is available (inside a ForEach). */
  readonly itemAllowed: boolean;
  /** Parameters of the dataset being validated (lower-cased); undefined when `dataset()` is out of scope. */
  readonly datasetParameters?: ReadonlySet<string>;
  /** Parameters of the linked service being validated; undefined when `linkedService()` is out of scope. */
  readonly linkedServiceParameters?: ReadonlySet<string>;
}

function declaredList(set: ReadonlySet<string>): string {
  return set.size ? `declared ones are: ${[...set].join(', ')}` : 'none is declared';
}

function judge(ref: ExpressionReference, rules: ExpressionScopeRules): { code: Problem['code']; message: string; severity?: Problem['severity'] } | undefined {
  switch (ref.kind) {
    case 'function': {
      const f = defaultFunctions.get(ref.name);
      if (!f) return { code: 'EXPRESSION_UNKNOWN_FUNCTION', message: `The function '${ref.name}' does not exist in the expression language.` };
      if (ref.argCount < f.minArgs || ref.argCount > f.maxArgs) return { code: 'EXPRESSION_ARITY', message: arityMessage(f.name, f.minArgs, f.maxArgs, ref.argCount) };
      return undefined;
    }
    case 'parameter':
      if (rules.parameters && !rules.parameters.has(ref.name.toLowerCase())) {
        return { code: 'PARAMETER_NOT_FOUND', message: `The pipeline parameter '${ref.name}' is not declared (${declaredList(rules.parameters)}).` };
      }
      return undefined;
    case 'variable':
      if (rules.variables && !rules.variables.has(ref.name.toLowerCase())) {
        return { code: 'VARIABLE_NOT_FOUND', message: `The variable '${ref.name}' is not declared (${declaredList(rules.variables)}).` };
      }
      return undefined;
    case 'activity':
      return rules.activity?.(ref.name);
    case 'item':
      return rules.itemAllowed ? undefined : { code: 'ITEM_OUTSIDE_FOREACH', message: "item() is only available inside a ForEach activity's inner activities." };
    case 'dataset':
    case 'linkedService': {
      const declared = ref.kind === 'dataset' ? rules.datasetParameters : rules.linkedServiceParameters;
      const fn = `${ref.kind}()`;
      if (!declared) return { code: 'EXPRESSION_SCOPE', message: `${fn} can only be used inside a ${ref.kind === 'dataset' ? 'dataset' : 'linked service'} definition.` };
      if (ref.name !== null && !declared.has(ref.name.toLowerCase())) {
        return { code: 'PARAMETER_NOT_FOUND', message: `The ${ref.kind === 'dataset' ? 'dataset' : 'linked service'} parameter '${ref.name}' is not declared (${declaredList(declared)}).` };
      }
      return undefined;
    }
    case 'globalParameter':
      return undefined;
  }
}

/** Parses one string that holds an expression and reports its syntax errors and bad references. */
export function checkExpressionString(text: string, pointer: string, rules: ExpressionScopeRules, problems: Problem[]): void {
  let template;
  try {
    template = parseTemplate(text);
  } catch (e) {
    if (!(e instanceof SluiceError)) throw e;
    problems.push({ code: e.code, severity: 'error', pointer, position: e.location.position ?? 0, message: e.message });
    return;
  }
  for (const ref of collectReferences(template)) {
    const verdict = judge(ref, rules);
    if (verdict) problems.push({ code: verdict.code, severity: verdict.severity ?? 'error', pointer, position: ref.start, message: verdict.message });
  }
}

/**
 * Finds every expression inside a JSON value (strings holding `@…` or `@{…}`, and
 * `{"value", "type": "Expression"}` objects) and checks each one. `skip` leaves out sub-trees by pointer
 * (nested activity lists, which are validated as activities of their own).
 */
export function checkExpressionsIn(
  value: unknown,
  pointer: string,
  rules: ExpressionScopeRules,
  problems: Problem[],
  skip: (pointer: string) => boolean = () => false,
): void {
  if (skip(pointer)) return;
  if (typeof value === 'string') {
    if (isExpressionString(value)) checkExpressionString(value, pointer, rules, problems);
    return;
  }
  if (isExpressionObject(value)) {
    checkExpressionString(value.value, joinPointer(pointer, 'value'), rules, problems);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkExpressionsIn(v, joinPointer(pointer, i), rules, problems, skip));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) checkExpressionsIn(v, joinPointer(pointer, k), rules, problems, skip);
  }
}
