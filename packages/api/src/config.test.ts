import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const file = (content: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'sluice-config-')), 'sluice.config.json');
  writeFileSync(path, content);
  return path;
};

describe('loadConfig', () => {
  it('has defaults for a first start', () => {
    expect(loadConfig({}, undefined)).toMatchObject({
      port: 8080, host: '127.0.0.1', redisUrl: 'redis://127.0.0.1:6379', prefix: 'sluice', dataDir: resolve('.sluice'),
      corsOrigins: [], bodyLimit: 1048576, rateLimit: 60, plugins: [],
    });
  });

  it('reads the file, and environment variables win over it', () => {
    const path = file(JSON.stringify({ port: 9000, prefix: 'fromfile', corsOrigins: ['https://a.example'], plugins: ['x'] }));
    const config = loadConfig({ PORT: '9100', SLUICE_CORS_ORIGINS: 'https://b.example, https://c.example', SLUICE_BODY_LIMIT: '2048' }, path);
    expect(config).toMatchObject({ port: 9100, prefix: 'fromfile', corsOrigins: ['https://b.example', 'https://c.example'], bodyLimit: 2048, plugins: ['x'] });
  });

  it('names the setting that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be a whole number/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('PORT') }));
    expect(() => loadConfig({ SLUICE_PREFIX: 'bad prefix' })).toThrow(/SLUICE_PREFIX/);
    expect(() => loadConfig({}, file('{"port": "x"}'))).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', location: expect.objectContaining({ pointer: '/port' }) }));
    expect(() => loadConfig({}, file('{"colour": 1}'))).toThrow(/colour/);
    expect(() => loadConfig({}, file('{oops'))).toThrow(/not valid JSON/);
    expect(() => loadConfig({}, '/nonexistent/sluice.config.json')).toThrow(/does not exist/);
  });
});
