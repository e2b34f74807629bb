/**
 * Turning driver errors into Sluice's coded errors, the same way for every database: the message names
 * the store (`name (host:port/database)`) and what was being done, carries the driver's own code and
 * text, and never a secret (every secret of the linked service is masked out of the driver's text,
 * whatever the driver put in it).
 */
import { SluiceError, isSluiceError, type ErrorCode } from '@sluice/engine';

/** What a database error message needs to know about the store. */
export interface ErrorContext {
  /** `name (host:port/database)`: safe to show. */
  readonly store: string;
  /** Texts to mask (password, connection string). */
  readonly secrets: readonly string[];
}

/** Replaces every secret (and its URL-encoded form) in `text` with `***`. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) masked = masked.split(form).join('***');
  }
  return masked;
}

/** Node's socket error codes that mean "the server did not answer". */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);

/** True when `error` is a socket-level failure (refused, reset, DNS, timeout). */
export function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}

/** The driver's message of any thrown value. */
export function driverMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * A coded error for `ctx`'s store: `<store>: <what>: <driver text>` with secrets masked, and the driver's
 * code in `details` so scripts can branch on it.
 */
export function storeError(code: ErrorCode, ctx: ErrorContext, what: string, error: unknown, extra: { row?: number; details?: Record<string, unknown> } = {}): SluiceError {
  if (isSluiceError(error)) return error;
  const driverCode = (error as { code?: unknown } | null)?.code;
  const text = maskSecrets(driverMessage(error), ctx.secrets);
  const details = { ...(typeof driverCode === 'string' || typeof driverCode === 'number' ? { driverCode } : {}), ...extra.details };
  return new SluiceError(code, `${ctx.store}: ${what}: ${text}`, extra.row !== undefined ? { row: extra.row } : {}, Object.keys(details).length > 0 ? details : undefined);
}

/** True when `signal` was aborted: the error then is the abort's reason, not the driver's symptom of it. */
export function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.aborted ? (signal.reason ?? new SluiceError('ACTIVITY_CANCELLED', 'The operation was cancelled.')) : undefined;
}
