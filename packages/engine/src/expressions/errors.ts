import { SluiceError, type ErrorCode } from '../errors/index.js';

/** Codes an expression error can carry. */
export type ExpressionErrorCode = Extract<ErrorCode, `EXPRESSION_${string}`>;

/**
 * Makes a located expression error. `position`/`end` are offsets into the string being evaluated; the
 * message says where in words too (`at position 12`) so it reads well without a UI.
 */
export function expressionError(code: ExpressionErrorCode, message: string, position: number, end = position + 1): SluiceError {
  return new SluiceError(code, message, { position, end });
}
