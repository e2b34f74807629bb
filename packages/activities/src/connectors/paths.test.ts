import { describe, expect, it } from 'vitest';
import type { ResolvedDataset } from '@sluice/engine';
import { baseName, datasetPath, joinStorePath, normalizeStorePath, parentPath } from './paths.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('normalizeStorePath', () => {
  it.each([
    ['', ''],
    ['a.csv', 'a.csv'],
    ['in//2024/./day.csv', 'in/2024/day.csv'],
    ['in/2024/', 'in/2024'],
    ['in\\2024\\day.csv', 'in/2024/day.csv'],
    ['a%20b.csv', 'a%20b.csv'],
    ['..a/b..', '..a/b..'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeStorePath(input)).toBe(expected);
  });

  it.each([
    ['..'],
    ['../etc/passwd'],
    ['a/../../b'],
    ['a/../b'],
    ['/etc/passwd'],
    ['\\\\server\\share'],
    ['C:/Windows'],
    ['file:///etc/passwd'],
    ['%2e%2e/secret'],
    ['%2E%2E%2Fsecret'],
    ['a/%2e%2e%2f%2e%2e%2fb'],
    ['%252e%252e/secret'],
    ['%2fetc/passwd'],
    ['..%5csecret'],
    ['a\u0000b'],
  ])('refuses %j with PATH_OUTSIDE_ROOT', (input) => {
    expect(codeOf(() => normalizeStorePath(input))).toBe('PATH_OUTSIDE_ROOT');
  });

  it('names the path, and the store, in the message', () => {
    expect(() => normalizeStorePath('../x', 'Lake')).toThrow("The path '../x' would leave the root of store 'Lake'");
  });
});

describe('joinStorePath, baseName, parentPath', () => {
  it('joins and normalizes parts, skipping empty ones', () => {
    expect(joinStorePath('in/', '', undefined, '2024/', 'a.csv')).toBe('in/2024/a.csv');
    expect(joinStorePath('', 'a.csv')).toBe('a.csv');
    expect(codeOf(() => joinStorePath('in', '../../x'))).toBe('PATH_OUTSIDE_ROOT');
  });
  it('splits names and folders', () => {
    expect(baseName('a/b/c.csv')).toBe('c.csv');
    expect(baseName('c.csv')).toBe('c.csv');
    expect(parentPath('a/b/c.csv')).toBe('a/b');
    expect(parentPath('c.csv')).toBe('');
  });
});

describe('datasetPath', () => {
  const dataset = (type: string, location: Record<string, unknown>): ResolvedDataset => ({
    name: 'ds',
    type: 'DelimitedText',
    typeProperties: { location },
    linkedService: { name: 'ls', type, typeProperties: {} },
  });

  it('reads folder, file name and bucket from an S3 location', () => {
    expect(datasetPath(dataset('AmazonS3Compatible', { type: 'AmazonS3CompatibleLocation', bucketName: 'raw', folderPath: 'in/2024/', fileName: 'a.csv' }))).toEqual({
      bucket: 'raw',
      folder: 'in/2024',
      fileName: 'a.csv',
      path: 'in/2024/a.csv',
    });
  });

  it('keeps a wildcard file name and works without a folder', () => {
    expect(datasetPath(dataset('LocalFileSystem', { type: 'LocalFileSystemLocation', fileName: '*.csv' }))).toMatchObject({ folder: '', fileName: '*.csv', path: '*.csv' });
  });

  it('keeps an HTTP relative URL', () => {
    expect(datasetPath(dataset('HttpServer', { type: 'HttpServerLocation', relativeUrl: 'files/a.csv?x=1' })).relativeUrl).toBe('files/a.csv?x=1');
  });

  it('refuses traversal in folderPath and fileName', () => {
    expect(codeOf(() => datasetPath(dataset('LocalFileSystem', { type: 'LocalFileSystemLocation', folderPath: '../../etc', fileName: 'passwd' })))).toBe('PATH_OUTSIDE_ROOT');
    expect(codeOf(() => datasetPath(dataset('LocalFileSystem', { type: 'LocalFileSystemLocation', folderPath: 'in', fileName: '%2e%2e/%2e%2e/x' })))).toBe('PATH_OUTSIDE_ROOT');
  });

  it('refuses a location of another store type, a missing location, and a bad bucket name', () => {
    expect(codeOf(() => datasetPath(dataset('LocalFileSystem', { type: 'AmazonS3Location', bucketName: 'b' })))).toBe('DATASET_LOCATION_INVALID');
    expect(codeOf(() => datasetPath({ ...dataset('LocalFileSystem', {}), typeProperties: {} }))).toBe('DATASET_LOCATION_INVALID');
    expect(codeOf(() => datasetPath(dataset('AmazonS3', { type: 'AmazonS3Location', bucketName: '../b' })))).toBe('DATASET_LOCATION_INVALID');
  });
});
