/**
 * The one mapper from S3 SDK errors to Sluice's codes (BullMQ's lesson: one place that classifies
 * low-level errors). Messages name the store (`s3://bucket`) and the key, the S3 error name and HTTP
 * status, never a credential: the SDK's own messages are not copied when they could echo a request.
 */
import { SluiceError } from '@sluice/engine';

/** What the mapper needs to know about the failed operation. */
export interface S3ErrorContext {
  /** The linked service's name. */
  readonly store: string;
  readonly bucket?: string;
  readonly key?: string;
  /** What was being done (`reading`, `listing` …). */
  readonly operation: string;
  /** The caller's signal: an abort is rethrown as the abort, not as a store error. */
  readonly signal?: AbortSignal;
}

const AUTH_ERRORS = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'AuthorizationHeaderMalformed',
  'InvalidSecurity',
  'CredentialsProviderError',
  'Forbidden',
]);
const KEY_MISSING = new Set(['NoSuchKey', 'NoSuchVersion']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);
const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'NetworkingError', 'SlowDown', 'ServiceUnavailable']);

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

/** The S3 error name (`NoSuchBucket`), HTTP status and network code of an SDK error. */
export function s3ErrorInfo(error: unknown): { name: string; status: number | undefined; code: string | undefined } {
  const e = (error ?? {}) as SdkError;
  return { name: e.Code ?? e.name ?? 'Error', status: e.$metadata?.httpStatusCode, code: e.code };
}

/** True when the error says the bucket does not exist. */
export function isNoSuchBucket(error: unknown): boolean {
  return s3ErrorInfo(error).name === 'NoSuchBucket';
}

/** True when the object (or the bucket, for HEAD requests that cannot tell) is not there. */
export function isNotFound(error: unknown): boolean {
  const { name, status } = s3ErrorInfo(error);
  return KEY_MISSING.has(name) || name === 'NotFound' || (status === 404 && name !== 'NoSuchBucket');
}

/**
 * Maps any error from an S3 call to a {@link SluiceError}: bad credentials → `STORE_AUTH_FAILED`,
 * missing bucket → `STORE_NOT_FOUND`, missing object → `FILE_NOT_FOUND`, connection problems →
 * `STORE_UNAVAILABLE` (retryable), anything else → `STORE_REQUEST_FAILED` with the S3 error name.
 */
export function mapS3Error(error: unknown, context: S3ErrorContext): Error {
  if (error instanceof SluiceError) return error;
  if (context.signal?.aborted) {
    const reason: unknown = context.signal.reason;
    return reason instanceof Error ? reason : (error as Error);
  }
  const { name, status, code } = s3ErrorInfo(error);
  const target = context.bucket ? `s3://${context.bucket}${context.key ? `/${context.key}` : ''}` : 'the S3 account';
  const where = `${target} (linked service '${context.store}')`;
  const file = context.key ? { file: context.key } : {};
  if (name === 'AbortError') return error as Error;
  if (AUTH_ERRORS.has(name) || status === 401 || status === 403) {
    return new SluiceError('STORE_AUTH_FAILED', `S3 refused the credentials while ${context.operation} ${where}: ${name}. Check the access key ID and secret access key.`, file);
  }
  if (name === 'NoSuchBucket') {
    return new SluiceError('STORE_NOT_FOUND', `The bucket '${context.bucket ?? ''}' does not exist (linked service '${context.store}').`, file);
  }
  if (KEY_MISSING.has(name) || (status === 404 && context.key)) {
    return new SluiceError('FILE_NOT_FOUND', `No object at ${where}.`, file);
  }
  if (NETWORK_CODES.has(code ?? '') || NETWORK_NAMES.has(name) || status === 503 || (status === undefined && /ECONN|ENOTFOUND|EAI_AGAIN|socket|timed? ?out/i.test((error as SdkError)?.message ?? ''))) {
    return new SluiceError('STORE_UNAVAILABLE', `S3 did not answer while ${context.operation} ${where}: ${code ?? name}.`, file);
  }
  return new SluiceError('STORE_REQUEST_FAILED', `S3 failed while ${context.operation} ${where}: ${name}${status ? ` (HTTP ${status})` : ''}.`, file);
}
