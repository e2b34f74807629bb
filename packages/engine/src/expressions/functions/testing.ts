import { SluiceError } from '../../errors/index.js';
import { evaluate } from '../evaluate.js';
import { toJson } from '../values.js';

/** Test helper: evaluates an ADF value with no context and returns plain JSON. */
export function run(text: string): unknown {
  return toJson(evaluate(text));
}

/** Test helper: the coded error an expression fails with (fails the test if it succeeds or throws anything else). */
export function failure(text: string): SluiceError {
  try {
    evaluate(text);
  } catch (e) {
    if (e instanceof SluiceError) return e;
    throw e;
  }
  throw new Error(`expected ${text} to fail`);
}
