import { ERROR_CODES, type ErrorCode } from './codes.js';

/**
 * Where a problem is: a JSON pointer into a document, a character range in an expression,
 * a file and row in data. Every field is optional; set what you know.
 */
export interface ErrorLocation {
  /** File the problem was found in, relative to the folder the user named. */
  file?: string;
  /** RFC 6901 JSON pointer into the document, e.g. `/properties/activities/2/typeProperties/items`. */
  pointer?: string;
  /** 0-based character offset of the start of the problem inside an expression string. */
  position?: number;
  /** 0-based offset one past the end of the problem inside the expression string. */
  end?: number;
  /** 1-based row in a data file. */
  row?: number;
}

/** The plain-data form of a {@link SluiceError}: what crosses BullMQ, HTTP and `--json` output. */
export interface SluiceErrorData extends ErrorLocation {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  details?: Record<string, unknown>;
}

/**
 * The base of every error Sluice throws on purpose. It carries a stable {@link ErrorCode}, a message a
 * user can act on, and where the problem is. Branch on `code`, never on `instanceof`: errors cross
 * process boundaries as {@link SluiceErrorData}.
 */
export class SluiceError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, location: ErrorLocation = {}, details?: Record<string, unknown>) {
    super(message);
    this.name = 'SluiceError';
    this.code = code;
    this.location = location;
    this.details = details;
  }

  /** Whether trying the same operation again can help (from the code registry). */
  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }

  /** The HTTP status the API answers with (from the code registry). */
  get httpStatus(): number {
    return ERROR_CODES[this.code].httpStatus;
  }

  /** Plain data for JSON output, job results and HTTP bodies. */
  toJSON(): SluiceErrorData {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...this.location,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** True for errors that carry a Sluice code, whether a live {@link SluiceError} or one rebuilt from data. */
export function isSluiceError(error: unknown): error is SluiceError {
  return error instanceof SluiceError;
}
