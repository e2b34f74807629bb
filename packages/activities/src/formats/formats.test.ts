import { describe, expect, it } from 'vitest';
import { fileFormat, hasFileFormat } from './index.js';

describe('fileFormat', () => {
  it('serves DelimitedText, Json and Parquet, case-insensitively', () => {
    expect(fileFormat('DelimitedText').datasetType).toBe('DelimitedText');
    expect(fileFormat('json').datasetType).toBe('Json');
    expect(fileFormat('PARQUET').datasetType).toBe('Parquet');
    expect(hasFileFormat('Binary')).toBe(false);
  });

  it('refuses other dataset types with UNSUPPORTED_FORMAT', () => {
    expect(() => fileFormat('Binary')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT', message: expect.stringContaining("'Binary'") }));
    expect(() => fileFormat('Avro')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }));
  });
});
