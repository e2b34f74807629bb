export type { CallNode, ExprNode, LiteralNode, MemberNode, Template, TemplatePart } from './ast.js';
export type { ActivityResultView, CallSite, ExpressionContext, ExpressionFunctionImpl } from './context.js';
export { evaluate, evaluateExpression, isExpressionObject, resolveValue, type EvaluateOptions } from './evaluate.js';
export { defaultFunctions, functionGroups, FunctionRegistry, type ExpressionFunction, type FunctionCategory } from './functions/index.js';
export { isExpressionString, parseExpression, parseExpressionAt, parseTemplate } from './parser.js';
export { collectReferences, type ExpressionReference } from './references.js';
export { formatFloat, valueToString } from './stringify.js';
export {
  ExprBinary, ExprFloat, ExprXml, fromJson, isFloat, isInteger, isNumeric, makeFloat, makeInteger, stringifyValue, toJson,
  typeName, valuesEqual, type JsonValue, type Value,
} from './values.js';
