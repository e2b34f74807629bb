/**
 * Request headers from an HttpServer or RestService linked service: its base URL and its
 * authentication (Anonymous, Basic, OAuth2 client credentials for REST, Sluice's Bearer and ApiKey, plus
 * `authHeaders`). Types ADF has but Sluice cannot do (Digest, Windows, client certificates, Azure AD
 * service principals and managed identities) are refused up front with `LINKED_SERVICE_INVALID`, rather
 * than sending unauthenticated requests.
 */
import { SluiceError, type ResolvedLinkedService } from '@sluice/engine';
import { booleanSetting, invalidSetting, requiredSetting, stringSetting } from '../linked-service-settings.js';
import { httpFetch } from './http-request.js';

/** What every request to this linked service carries. */
export interface HttpEndpoint {
  /** The base URL, ending with `/` so relative URLs resolve below it. */
  readonly baseUrl: URL;
  /** The URL exactly as the linked service gives it (credentials removed): what an empty relative URL means. */
  readonly url: URL;
  /** Headers carrying the credentials (never logged). */
  readonly headers: Readonly<Record<string, string>>;
  /** The linked service's name, for messages. */
  readonly name: string;
  /** OAuth2 client credentials: fetches (and caches) the access token sent as `Bearer`. */
  readonly accessToken?: (signal?: AbortSignal) => Promise<string>;
}

/** The headers of one request: the static ones, plus a fresh OAuth2 bearer token when the endpoint uses one. */
export async function requestHeaders(endpoint: HttpEndpoint, signal?: AbortSignal): Promise<Record<string, string>> {
  if (!endpoint.accessToken) return { ...endpoint.headers };
  return { ...endpoint.headers, authorization: `Bearer ${await endpoint.accessToken(signal)}` };
}

/**
 * Reads the base URL and builds the authentication headers.
 *
 * @example
 * httpEndpoint({ name: 'api', type: 'RestService', typeProperties: { url: 'https://x/v1', authenticationType: 'Bearer', token: 't' } })
 * // → { baseUrl: URL('https://x/v1/'), headers: { authorization: 'Bearer t' } }
 */
export function httpEndpoint(linkedService: ResolvedLinkedService): HttpEndpoint {
  const url = requiredSetting(linkedService, 'url');
  let baseUrl: URL;
  try {
    baseUrl = new URL(url);
  } catch {
    throw invalidSetting(linkedService, 'url', 'is not a valid URL');
  }
  if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') throw invalidSetting(linkedService, 'url', 'must be an http:// or https:// URL');

  if (booleanSetting(linkedService, 'enableServerCertificateValidation') === false) {
    throw invalidSetting(linkedService, 'enableServerCertificateValidation', 'cannot be false: Sluice always validates server certificates (add the CA to NODE_EXTRA_CA_CERTS instead)');
  }
  const headers: Record<string, string> = {};
  // fetch refuses URLs with credentials: move them into a Basic header (used unless another type is set).
  const urlUser = decodeURIComponent(baseUrl.username);
  const urlPassword = decodeURIComponent(baseUrl.password);
  baseUrl.username = '';
  baseUrl.password = '';
  if (urlUser) headers.authorization = `Basic ${Buffer.from(`${urlUser}:${urlPassword}`, 'utf8').toString('base64')}`;
  const exactUrl = new URL(baseUrl);
  if (!baseUrl.pathname.endsWith('/')) baseUrl.pathname = `${baseUrl.pathname}/`;
  const authHeaders = linkedService.typeProperties.authHeaders;
  if (authHeaders !== undefined && authHeaders !== null) {
    if (typeof authHeaders !== 'object' || Array.isArray(authHeaders)) throw invalidSetting(linkedService, 'authHeaders', 'must be an object of header names and values');
    for (const name of Object.keys(authHeaders)) {
      const value = stringSettingOf(linkedService, authHeaders as Record<string, unknown>, name);
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
  }
  const type = (stringSetting(linkedService, 'authenticationType') ?? 'Anonymous').toLowerCase();
  switch (type) {
    case 'anonymous':
      break;
    case 'basic': {
      const user = requiredSetting(linkedService, 'userName');
      const password = stringSetting(linkedService, 'password') ?? '';
      headers.authorization = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
      break;
    }
    case 'bearer':
      headers.authorization = `Bearer ${requiredSetting(linkedService, 'token')}`;
      break;
    case 'apikey':
      headers[(stringSetting(linkedService, 'apiKeyHeader') ?? 'X-API-Key').toLowerCase()] = requiredSetting(linkedService, 'apiKey');
      break;
    case 'oauth2clientcredential':
      if (linkedService.type !== 'RestService') break;
      return { baseUrl, url: exactUrl, headers, name: linkedService.name, accessToken: clientCredentials(linkedService) };
    default:
      break;
  }
  if (!SUPPORTED[linkedService.type]?.includes(type)) {
    throw invalidSetting(linkedService, 'authenticationType', `'${type}' is not supported by Sluice for ${linkedService.type} (use ${(SUPPORTED[linkedService.type] ?? []).join(', ')} or authHeaders)`);
  }
  return { baseUrl, url: exactUrl, headers, name: linkedService.name };
}

/** Authentication types Sluice implements, by linked-service type (lower case). */
const SUPPORTED: Readonly<Record<string, readonly string[]>> = {
  HttpServer: ['anonymous', 'basic', 'bearer', 'apikey'],
  RestService: ['anonymous', 'basic', 'bearer', 'apikey', 'oauth2clientcredential'],
};

/**
 * ADF's OAuth2ClientCredential: a token from `tokenEndpoint` (grant `client_credentials` with
 * `clientId`, `clientSecret`, and `scope`/`resource` when set), cached until a minute before it expires.
 * A refused client → `STORE_AUTH_FAILED`; a token response without `access_token` → `REST_RESPONSE_INVALID`.
 */
function clientCredentials(linkedService: ResolvedLinkedService): (signal?: AbortSignal) => Promise<string> {
  const tokenEndpoint = requiredSetting(linkedService, 'tokenEndpoint');
  let url: URL;
  try {
    url = new URL(tokenEndpoint);
  } catch {
    throw invalidSetting(linkedService, 'tokenEndpoint', 'is not a valid URL');
  }
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: requiredSetting(linkedService, 'clientId'), client_secret: requiredSetting(linkedService, 'clientSecret') });
  for (const key of ['scope', 'resource']) {
    const value = stringSetting(linkedService, key);
    if (value !== undefined) form.set(key, value);
  }
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  return async (signal) => {
    if (cached && cached.expiresAt > Date.now()) return cached.token;
    pending ??= (async () => {
      try {
        const response = await httpFetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() }, { ...(signal ? { signal } : {}), accept: [400] });
        const body = (await response.json().catch(() => undefined)) as { access_token?: unknown; expires_in?: unknown; error?: unknown } | undefined;
        if (response.status === 400) {
          throw new SluiceError('STORE_AUTH_FAILED', `The token endpoint of linked service '${linkedService.name}' refused the client credentials${typeof body?.error === 'string' ? ` (${body.error})` : ''}.`);
        }
        if (typeof body?.access_token !== 'string' || body.access_token === '') {
          throw new SluiceError('REST_RESPONSE_INVALID', `The token endpoint of linked service '${linkedService.name}' answered without an access_token.`);
        }
        const lifetime = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 3600);
        cached = { token: body.access_token, expiresAt: Date.now() + Math.max(0, (Number.isFinite(lifetime) ? lifetime : 3600) - 60) * 1000 };
        return cached.token;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
}

/** A header value from `authHeaders` (a string, or a SecureString the engine left unrevealed). */
function stringSettingOf(linkedService: ResolvedLinkedService, holder: Record<string, unknown>, key: string): string | undefined {
  return stringSetting({ ...linkedService, typeProperties: holder }, key);
}
