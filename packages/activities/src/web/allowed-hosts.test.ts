import { describe, expect, it } from 'vitest';
import { assertHostAllowed, isHostAllowed, parseAllowedHosts } from './allowed-hosts.js';

describe('SLUICE_WEB_ALLOWED_HOSTS', () => {
  it('unset or empty allows every host', () => {
    expect(parseAllowedHosts(undefined)).toBeUndefined();
    expect(parseAllowedHosts(' ')).toBeUndefined();
    expect(isHostAllowed(new URL('http://169.254.169.254/'), undefined)).toBe(true);
  });

  it('matches names, name:port and *.domain', () => {
    const list = parseAllowedHosts('api.example.com, localhost:8080, *.corp.test');
    expect(isHostAllowed(new URL('https://API.example.com/x'), list)).toBe(true);
    expect(isHostAllowed(new URL('http://localhost:8080/'), list)).toBe(true);
    expect(isHostAllowed(new URL('http://localhost:9090/'), list)).toBe(false);
    expect(isHostAllowed(new URL('https://a.b.corp.test/'), list)).toBe(true);
    expect(isHostAllowed(new URL('https://corp.test.evil.io/'), list)).toBe(false);
    expect(isHostAllowed(new URL('http://169.254.169.254/latest'), list)).toBe(false);
  });

  it('throws WEB_DESTINATION_NOT_ALLOWED naming the host', () => {
    expect(() => assertHostAllowed(new URL('http://evil.io/'), { SLUICE_WEB_ALLOWED_HOSTS: 'good.io' })).toThrow(expect.objectContaining({ code: 'WEB_DESTINATION_NOT_ALLOWED', message: expect.stringContaining('evil.io') }));
  });
});
