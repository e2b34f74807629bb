import { describe, expect, it } from 'vitest';
import { httpEndpoint } from './http-auth.js';
import { resolveRelativeUrl } from './http-store.js';

const endpoint = (url: string, extra: Record<string, unknown> = {}) => httpEndpoint({ name: 'Api', type: 'RestService', typeProperties: { url, ...extra } });

describe('relative URLs stay below the base URL', () => {
  it.each([
    ['https://x.test/api', 'items', 'https://x.test/api/items'],
    ['https://x.test/api/', '/items', 'https://x.test/api/items'],
    ['https://x.test/api', 'items?page=2&size=10', 'https://x.test/api/items?page=2&size=10'],
    ['https://x.test/api?code=k', 'items?page=2', 'https://x.test/api/items?code=k&page=2'],
    ['https://x.test/api', '', 'https://x.test/api'],
    ['https://x.test/files/a.csv?sv=1', '', 'https://x.test/files/a.csv?sv=1'],
    ['https://x.test/api/', '', 'https://x.test/api/'],
    ['https://x.test/api', '//evil.test/x', 'https://x.test/api/evil.test/x'],
  ])('%s + %s → %s', (base, rel, expected) => {
    expect(resolveRelativeUrl(endpoint(base), rel).href).toBe(expected);
  });

  it.each(['../admin', 'a/../../admin', 'https://evil.test/x', '%2e%2e/admin'])('refuses %j', (rel) => {
    expect(() => resolveRelativeUrl(endpoint('https://x.test/api'), rel)).toThrow(expect.objectContaining({ code: 'PATH_OUTSIDE_ROOT' }));
  });
});

describe('authentication headers', () => {
  it('builds Basic, Bearer, API-key and extra headers; moves URL credentials into Basic', () => {
    expect(endpoint('https://x.test', { authenticationType: 'Basic', userName: 'u', password: 'p' }).headers).toEqual({ authorization: `Basic ${Buffer.from('u:p').toString('base64')}` });
    expect(endpoint('https://x.test', { authenticationType: 'bearer', token: 't' }).headers).toEqual({ authorization: 'Bearer t' });
    expect(endpoint('https://x.test', { authenticationType: 'ApiKey', apiKey: 'k' }).headers).toEqual({ 'x-api-key': 'k' });
    expect(endpoint('https://x.test', { authHeaders: { 'X-Tenant': 'a', 'X-Key': { type: 'SecureString', value: 's' } } }).headers).toEqual({ 'x-tenant': 'a', 'x-key': 's' });
    const fromUrl = endpoint('https://u:p@x.test/api');
    expect(fromUrl.baseUrl.href).toBe('https://x.test/api/');
    expect(fromUrl.url.href).toBe('https://x.test/api');
    expect(fromUrl.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it('refuses what it cannot do, naming the property and never the secret', () => {
    for (const props of [{ authenticationType: 'ManagedServiceIdentity' }, { authenticationType: 'OAuth2ClientCredential' }, { authenticationType: 'Basic' }, { authenticationType: 'Bearer' }, { enableServerCertificateValidation: false }]) {
      expect(() => endpoint('https://x.test', props)).toThrow(expect.objectContaining({ code: 'LINKED_SERVICE_INVALID' }));
    }
    expect(() => httpEndpoint({ name: 'F', type: 'HttpServer', typeProperties: { url: 'https://x.test', authenticationType: 'OAuth2ClientCredential' } })).toThrow(/not supported by Sluice for HttpServer/);
    expect(() => endpoint('ftp://x.test')).toThrow(expect.objectContaining({ code: 'LINKED_SERVICE_INVALID' }));
    expect(() => httpEndpoint({ name: 'A', type: 'HttpServer', typeProperties: {} })).toThrow(/'url' is required/);
  });
});
