import { describe, expect, it } from 'vitest';
import { partitionSegment, splitExtension } from './file-sink.js';
import { parseTimeSpanMs, secretText } from './settings.js';

describe('parseTimeSpanMs', () => {
  it.each([['00:01:00', 60_000], ['1.02:00:00', 93_600_000], ['0.00:00:01.5', 1_500], [30, 30_000]])('%s', (text, ms) => {
    expect(parseTimeSpanMs(text, 'timeout')).toBe(ms);
  });
  it('names the property when the value is not a timespan', () => {
    expect(() => parseTimeSpanMs('10 minutes', 'timeout')).toThrow(expect.objectContaining({ code: 'TYPE_PROPERTIES_INVALID', message: expect.stringContaining("'timeout'") }));
    expect(() => parseTimeSpanMs('00:61:00', 'timeout')).toThrow();
  });
});

describe('secretText', () => {
  it('reads strings, SecureStrings and environment variables', () => {
    process.env.SLUICE_TEST_SECRET_X = 'from-env';
    expect(secretText('plain', 'p')).toBe('plain');
    expect(secretText({ type: 'SecureString', value: 's' }, 'p')).toBe('s');
    expect(secretText({ type: 'EnvironmentVariable', name: 'SLUICE_TEST_SECRET_X' }, 'p')).toBe('from-env');
    expect(() => secretText({ type: 'AzureKeyVaultSecret' }, 'p')).toThrow(expect.objectContaining({ code: 'TYPE_PROPERTIES_INVALID' }));
    delete process.env.SLUICE_TEST_SECRET_X;
  });
});

describe('file sink names', () => {
  it('splits extensions (keeping .gz) and escapes partition values', () => {
    expect(splitExtension('a.csv.gz')).toEqual({ stem: 'a', ext: '.csv.gz' });
    expect(splitExtension('data')).toEqual({ stem: 'data', ext: '' });
    expect(partitionSegment('region', 'north/east')).toBe('region=north%2Feast');
    expect(partitionSegment('day', null)).toBe('day=__HIVE_DEFAULT_PARTITION__');
    expect(partitionSegment('v', '..')).toBe('v=..');
  });
});
