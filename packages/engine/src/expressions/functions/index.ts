import { collectionFunctions } from './collection.js';
import { conversionFunctions } from './conversion.js';
import { dateFunctions } from './date.js';
import { logicalFunctions } from './logical.js';
import { mathFunctions } from './math.js';
import { FunctionRegistry } from './registry.js';
import { scopeFunctions } from './scope.js';
import { stringFunctions } from './string.js';

/** Every function of ADF's expression language, grouped as in Microsoft's reference. */
export const functionGroups = {
  string: stringFunctions,
  collection: collectionFunctions,
  logical: logicalFunctions,
  conversion: conversionFunctions,
  math: mathFunctions,
  date: dateFunctions,
  scope: scopeFunctions,
} as const;

/** The registry every evaluator uses unless given another. */
export const defaultFunctions = new FunctionRegistry(Object.values(functionGroups));

export { FunctionRegistry } from './registry.js';
export type { ExpressionFunction, FunctionCategory } from './types.js';
