/**
 * ADF's Web activity: one HTTP request, its JSON response as the activity's output. Used to call REST
 * endpoints from a pipeline (start a job, notify a service, fetch a token).
 */
import { SluiceError, defineActivity, type ActivityContext, type FromSchema } from '@sluice/engine';
import { parseTimeSpanMs, secretText } from '../datasets/settings.js';
import { assertHostAllowed } from './allowed-hosts.js';

/** ADF's limits: responses up to 4 MB; request timeout default one minute, at most ten. */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_TIMEOUT_MS = 10 * 60_000;


const typeProperties = {
  type: 'object',
  required: ['url', 'method'],
  properties: {
    url: { type: 'string', title: 'URL', minLength: 1 },
    method: { type: 'string', title: 'Method', description: 'GET, POST, PUT or DELETE.' },
    headers: { type: 'object', title: 'Headers', additionalProperties: { type: 'string' } },
    body: { title: 'Body', description: 'JSON (sent as application/json) or text.' },
    authentication: {
      type: 'object',
      title: 'Authentication',
      properties: {
        type: { type: 'string', title: 'Type', description: 'Basic or None (Anonymous).' },
        username: { type: 'string', title: 'User name' },
        password: { title: 'Password', description: 'A string, a SecureString or an EnvironmentVariable reference.' },
      },
      required: ['type'],
      additionalProperties: true,
    },
    httpRequestTimeout: { type: 'string', title: 'Request timeout', description: 'hh:mm:ss, default 00:01:00, at most 00:10:00.' },
    disableCertValidation: { type: 'boolean', title: 'Disable certificate validation', description: 'Not supported by Sluice: certificates are always validated.' },
    turnOffAsync: { type: 'boolean', title: 'Turn off async pattern', description: 'Accepted for ADF compatibility; Sluice never follows 202 Location polling.' },
    datasets: { type: 'array', title: 'Datasets (ADF)' },
    linkedServices: { type: 'array', title: 'Linked services (ADF)' },
    connectVia: { type: 'object', title: 'Integration runtime (ignored)' },
  },
  additionalProperties: false,
} as const;

/** Reads at most `max` bytes of a body; more is `HTTP_REQUEST_FAILED` (ADF refuses responses over 4 MB). */
async function readCapped(response: Response, max: number, where: string): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > max) throw new SluiceError('HTTP_REQUEST_FAILED', `${where}: the response is larger than ${max} bytes (the Web activity's limit).`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `fetch` following up to 5 redirects itself, so every hop's host is checked against the allow-list (an
 * allowed host must not be able to bounce a worker to a forbidden one). 303, and 301/302 after a POST,
 * continue as GET without a body, as browsers do; credentials are not sent to another origin.
 */
async function fetchFollowing(url: URL, init: RequestInit & { headers: Headers }): Promise<Response> {
  let current = url;
  let request = init;
  for (let hop = 0; ; hop++) {
    const response = await fetch(current, { ...request, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location || hop >= 5) return response;
    await response.body?.cancel().catch(() => undefined);
    const next = new URL(location, current);
    assertHostAllowed(next);
    const headers = new Headers(request.headers);
    if (next.origin !== current.origin) headers.delete('authorization');
    const toGet = response.status === 303 || ((response.status === 301 || response.status === 302) && request.method === 'POST');
    if (toGet) {
      headers.delete('content-type');
      const { body: _dropped, ...rest } = request;
      request = { ...rest, method: 'GET', headers };
    } else {
      request = { ...request, headers };
    }
    current = next;
  }
}

function headersObject(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

type WebProps = FromSchema<typeof typeProperties>;

/** Sends the request and shapes the response like ADF. */
async function callEndpoint(ctx: ActivityContext, props: WebProps): Promise<Record<string, unknown>> {
  let url: URL;
  try {
    url = new URL(props.url);
  } catch {
    throw new SluiceError('TYPE_PROPERTIES_INVALID', `'url' is not an absolute URL: ${JSON.stringify(props.url)}.`, { pointer: '/typeProperties/url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SluiceError('TYPE_PROPERTIES_INVALID', `'url' must be http or https, got '${url.protocol}'.`, { pointer: '/typeProperties/url' });
  }
  assertHostAllowed(url);
  const method = props.method.toUpperCase();
  const where = `${method} ${url.origin}${url.pathname}`; // never the query or user info: they may hold keys

  const headers = new Headers();
  for (const [k, v] of Object.entries(props.headers ?? {})) headers.set(k, String(v));
  const auth = props.authentication;
  if (auth && auth.type.toLowerCase() === 'basic') {
    const password = secretText(auth.password, 'authentication.password') ?? '';
    headers.set('authorization', `Basic ${Buffer.from(`${auth.username ?? ''}:${password}`).toString('base64')}`);
  }
  let body: string | undefined;
  if (props.body !== undefined && props.body !== null && method !== 'GET') {
    if (typeof props.body === 'string') {
      body = props.body;
      if (!headers.has('content-type')) headers.set('content-type', 'text/plain; charset=utf-8');
    } else {
      body = JSON.stringify(props.body);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
  }
  const timeoutMs = props.httpRequestTimeout === undefined ? DEFAULT_TIMEOUT_MS : Math.min(parseTimeSpanMs(props.httpRequestTimeout, 'httpRequestTimeout'), MAX_TIMEOUT_MS);

  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; abort.abort(); }, timeoutMs);
  const onCancel = (): void => abort.abort(ctx.signal.reason);
  if (ctx.signal.aborted) onCancel();
  else ctx.signal.addEventListener('abort', onCancel, { once: true });
  ctx.log.info(`${where}`);
  try {
    let response: Response;
    let text: string;
    try {
      response = await fetchFollowing(url, { method, headers, ...(body !== undefined ? { body } : {}), signal: abort.signal });
      text = await readCapped(response, MAX_RESPONSE_BYTES, where);
    } catch (e) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (e instanceof SluiceError) throw e;
      if (timedOut) throw new SluiceError('HTTP_REQUEST_FAILED', `${where}: no response within httpRequestTimeout (${timeoutMs} ms).`, {}, { timeoutMs });
      const cause = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
      throw new SluiceError('HTTP_REQUEST_FAILED', `${where}: the request failed: ${cause}.`);
    }
    const responseHeaders = headersObject(response.headers);
    if (!response.ok) {
      throw new SluiceError('HTTP_REQUEST_FAILED', `${where} answered ${response.status} ${response.statusText}: ${text.slice(0, 500)}`, {}, { statusCode: response.status, body: text.slice(0, 4000) });
    }
    let parsed: unknown = text;
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    const base = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { Response: parsed };
    ctx.log.info(`${where} answered ${response.status}`, { bytes: Buffer.byteLength(text) });
    return { ...base, ADFWebActivityResponseHeaders: responseHeaders, ADFWebActivityResponseStatusCode: response.status };
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onCancel);
  }
}

/** The Web activity (ADF type `WebActivity`). */
export const webActivity = defineActivity<typeof typeProperties, Record<string, unknown>>({
  type: 'WebActivity',
  version: 1,
  category: 'General',
  title: 'Web',
  description: 'Calls an HTTP endpoint (GET, POST, PUT, DELETE); a JSON response becomes the output, with the response headers under ADFWebActivityResponseHeaders.',
  typeProperties,
  uiHints: {
    '/method': { widget: 'select', order: 1 },
    '/url': { widget: 'text', order: 2, placeholder: 'https://api.example.com/jobs' },
    '/headers': { widget: 'keyValue', order: 3 },
    '/body': { widget: 'json', order: 4, help: 'An object is sent as JSON; a string as text.' },
    '/authentication': { widget: 'json', order: 5, group: 'Authentication' },
    '/authentication/password': { widget: 'password' },
    '/httpRequestTimeout': { widget: 'text', order: 6, placeholder: '00:01:00', group: 'Advanced' },
  },
  output: {
    type: 'object',
    description: 'The JSON body’s properties, or `Response` for a non-object body; plus ADFWebActivityResponseHeaders and ADFWebActivityResponseStatusCode.',
    properties: { ADFWebActivityResponseHeaders: { type: 'object' }, ADFWebActivityResponseStatusCode: { type: 'integer' }, Response: {} },
  },
  run: (ctx, props) => callEndpoint(ctx, props),
});
