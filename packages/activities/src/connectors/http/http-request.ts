/**
 * One HTTP request with the policies every Sluice HTTP caller needs: a timeout, retries with backoff
 * on 5xx and network errors, `429 Too Many Requests` honoured through `Retry-After`, and failures
 * turned into coded errors that name the URL without its credentials.
 */
import { SluiceError } from '@sluice/engine';
import { abortError } from '../linked-service-settings.js';

/** Policies of {@link httpFetch}. */
export interface HttpFetchOptions {
  readonly signal?: AbortSignal;
  /** Per attempt, until the response headers arrive (default 100 s, ADF's httpRequestTimeout); the body may take longer. */
  readonly timeoutMs?: number;
  /** Retries after a 5xx or a network error (default 3). */
  readonly retries?: number;
  /** First backoff (default 1,000 ms), doubled each retry. */
  readonly retryDelayMs?: number;
  /** Times a 429 is waited out (default 5). */
  readonly rateLimitRetries?: number;
  /** Longest Retry-After honoured (default 60 s); a longer one fails the request. */
  readonly maxRetryAfterMs?: number;
  /** The code for a 404: `FILE_NOT_FOUND` for files, `HTTP_REQUEST_FAILED` (the default) for APIs. */
  readonly notFound?: 'FILE_NOT_FOUND' | 'HTTP_REQUEST_FAILED';
  /** Statuses returned to the caller instead of thrown (a HEAD's 404, 405). */
  readonly accept?: readonly number[];
}

const SECRET_PARAM = /key|token|secret|password|passwd|pwd|sig|signature|auth|credential|code|session/i;

/**
 * The URL as it may appear in a message or log: no user or password, and the values of query
 * parameters that look like secrets (`api_key`, `token`, `sig` …) replaced by `***`.
 */
export function safeUrl(url: string | URL): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return '<invalid URL>';
  }
  u.username = '';
  u.password = '';
  for (const name of [...u.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) u.searchParams.set(name, '***');
  }
  return u.toString().replace(/%2A%2A%2A/g, '***');
}

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Discards a response body so its connection can be reused. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

/**
 * Sends a request and returns the response once it is a success (2xx, or a status in `accept`).
 * 401/403 → `STORE_AUTH_FAILED`; 404 → `options.notFound`; 429 → waits `Retry-After` and tries again;
 * 5xx and network errors → retried with backoff, then `HTTP_REQUEST_FAILED` / `STORE_UNAVAILABLE`;
 * other statuses → `HTTP_REQUEST_FAILED`. The caller's signal aborts at once, with its own reason.
 */
export async function httpFetch(url: URL, init: RequestInit, options: HttpFetchOptions = {}): Promise<Response> {
  const { signal, timeoutMs = 100_000, retries = 3, retryDelayMs = 1000, rateLimitRetries = 5, maxRetryAfterMs = 60_000 } = options;
  const shown = safeUrl(url);
  let failures = 0;
  let limited = 0;
  for (;;) {
    if (signal?.aborted) throw abortError(signal);
    // The timeout covers the wait for the response headers only: a large body may take longer to stream.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, { ...init, redirect: 'follow', signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal });
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      const why = timeout.signal.aborted ? `no answer within ${timeoutMs} ms` : describeNetworkError(error);
      if (failures < retries) {
        await sleep(retryDelayMs * 2 ** failures++, signal);
        continue;
      }
      throw new SluiceError('STORE_UNAVAILABLE', `${init.method ?? 'GET'} ${shown} failed after ${failures + 1} attempts: ${why}.`);
    } finally {
      clearTimeout(timer);
    }
    const status = response.status;
    if ((status >= 200 && status < 300) || options.accept?.includes(status)) return response;
    await discard(response);
    if (status === 429 && limited < rateLimitRetries) {
      const wait = retryAfterMs(response.headers.get('retry-after')) ?? retryDelayMs * 2 ** limited;
      if (wait <= maxRetryAfterMs) {
        limited++;
        await sleep(wait, signal);
        continue;
      }
    }
    if (status >= 500 && failures < retries) {
      await sleep(retryDelayMs * 2 ** failures++, signal);
      continue;
    }
    if (status === 401 || status === 403) {
      throw new SluiceError('STORE_AUTH_FAILED', `${init.method ?? 'GET'} ${shown} was refused with HTTP ${status}: check the credentials of the linked service.`);
    }
    if (status === 404 && options.notFound === 'FILE_NOT_FOUND') {
      throw new SluiceError('FILE_NOT_FOUND', `Nothing at ${shown} (HTTP 404).`, { file: shown });
    }
    const attempts = failures + limited + 1;
    throw new SluiceError('HTTP_REQUEST_FAILED', `${init.method ?? 'GET'} ${shown} failed with HTTP ${status}${attempts > 1 ? ` after ${attempts} attempts` : ''}.`, {}, { url: shown, status });
  }
}

/** A short reason for a fetch failure (`ECONNREFUSED`, `ENOTFOUND` …). */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
