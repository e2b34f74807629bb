import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { delimitedTextFormat, jsonFormat } from '../../packages/activities/src/formats/index.js';
import { SluiceError } from '@sluice/engine';
import { memoryInput, readAll } from '../../packages/activities/src/formats/testing.js';

// Property-based tests of the CSV and JSON readers (fast-check, fixed seed): random bytes, quotes, delimiters,
// encodings and chunk boundaries give rows, or bad-row items with a code and a line/row number, or one coded
// SluiceError — never an uncaught TypeError/RangeError, never a hang.
const SEED = 20261124;
/** How the cases ended, so the test proves it exercised the readers (not only their settings checks). */
const outcomes = { rows: 0, badRows: 0, errors: 0 };

/** Reads everything; the outcome must be items (rows or located bad rows) or a coded SluiceError. */
async function checkRead(format: typeof delimitedTextFormat, bytes: Uint8Array, settings: Record<string, unknown>, chunk: number): Promise<void> {
  let items;
  try {
    items = await readAll(format, memoryInput(bytes, 'prop.txt', chunk), settings);
  } catch (e) {
    if (!(e instanceof SluiceError)) throw new Error(`reading ${JSON.stringify(Buffer.from(bytes).toString('latin1').slice(0, 200))} with ${JSON.stringify(settings)} threw ${String(e)}`, { cause: e });
    expect(e.code).toMatch(/^[A-Z_]+$/);
    outcomes.errors++;
    return;
  }
  for (const item of items) {
    if ('bad' in item) outcomes.badRows++;
    else outcomes.rows++;
    if ('bad' in item) {
      expect(item.code).toMatch(/^[A-Z_]+$/);
      expect(item.line ?? item.rowNumber, JSON.stringify(item)).toBeGreaterThan(0);
    }
  }
}

const csvText = fc.array(fc.oneof(fc.constantFrom(',', ';', '\t', '|', '"', "'", '\\', '\n', '\r\n', '\r', ' ', 'a', '1', 'é', '😀', '\u0000', '\uFEFF', '""'), fc.string({ maxLength: 5 })), { maxLength: 80 }).map((p) => p.join(''));
const bytes = fc.oneof(
  csvText.map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
  fc.uint8Array({ maxLength: 300 }),
);
const csvSettings = fc.record({
  columnDelimiter: fc.constantFrom(',', ';', '\t', '|', '', ',,', '\\t'),
  quoteChar: fc.constantFrom('"', "'", ''),
  escapeChar: fc.constantFrom('\\', '"', ''),
  firstRowAsHeader: fc.boolean(),
  encodingName: fc.constantFrom('UTF-8', 'UTF-16LE', 'UTF-16BE', 'ISO-8859-1', 'windows-1252', 'not-an-encoding'),
  rowDelimiter: fc.constantFrom('', '\n', '\r\n', ';', '||'),
  nullValue: fc.constantFrom('', 'NULL'),
  skipLineCount: fc.constantFrom(0, 1, 3),
}, { requiredKeys: [] });

describe('CSV and JSON readers (property-based)', () => {
  it('DelimitedText: random text and bytes under random dialects read as rows or located bad rows', async () => {
    await fc.assert(fc.asyncProperty(bytes, csvSettings, fc.integer({ min: 1, max: 64 }), (b, s, chunk) => checkRead(delimitedTextFormat, b, s, chunk)), { seed: SEED, numRuns: 400 });
  });

  const jsonText = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.array(fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), { maxLength: 8 }).map((lines) => lines.join('\n')),
    fc.array(fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', 'a', '1', 'true', 'null', '\n', ' ', 'é', '\uD800'), { maxLength: 60 }).map((p) => p.join('')),
  );
  const jsonBytes = fc.oneof(jsonText.map((s) => new Uint8Array(Buffer.from(s, 'utf8'))), fc.uint8Array({ maxLength: 200 }));
  const jsonSettings = fc.record({
    filePattern: fc.constantFrom('setOfObjects', 'arrayOfObjects', 'documentPerLine', 'bogus'),
    encodingName: fc.constantFrom('UTF-8', 'UTF-16LE', 'not-an-encoding'),
  }, { requiredKeys: [] });

  it('Json: random documents, lines and bytes read as rows or located bad rows', async () => {
    await fc.assert(fc.asyncProperty(jsonBytes, jsonSettings, fc.integer({ min: 1, max: 64 }), (b, s, chunk) => checkRead(jsonFormat, b, s, chunk)), { seed: SEED + 1, numRuns: 400 });
  });

  it('a deeply nested JSON document is a coded error or a row, not a stack overflow', async () => {
    for (const depth of [10, 1000, 100_000]) {
      await checkRead(jsonFormat, new Uint8Array(Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)), {}, 4096);
      await checkRead(jsonFormat, new Uint8Array(Buffer.from(`[${'['.repeat(depth)}${']'.repeat(depth)}]`)), {}, 4096);
    }
  });

  it('the random cases reached the parsers: rows, bad rows and coded errors all occurred', () => {
    expect(outcomes.rows).toBeGreaterThan(50);
    expect(outcomes.badRows).toBeGreaterThan(100);
    expect(outcomes.errors).toBeGreaterThan(10);
  });
});
