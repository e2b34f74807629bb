/**
 * DelimitedText settings in ADF's names, read once per file: the dialect of the parser and writer, the
 * header flag, the null value, the encoding and the compression.
 */
import { SluiceError } from '@sluice/engine';
import { booleanSetting, stringSetting, type FormatSettings } from '../settings.js';
import { textCodec, type TextCodec } from '../text/compression.js';
import { checkEncoding } from '../text/encoding.js';
import type { CsvDialect } from './parser.js';

/** Everything the DelimitedText reader and writer need from the settings. */
export interface DelimitedOptions extends CsvDialect {
  readonly firstRowAsHeader: boolean;
  readonly nullValue: string;
  readonly encoding: string;
  readonly codec: TextCodec;
  readonly compressionLevel: unknown;
  /** Writer: quote every string value (ADF's `quoteAllText` format setting). */
  readonly quoteAllText: boolean;
  /** Reader: non-empty lines to skip before the header or the data (ADF's `skipLineCount`). */
  readonly skipLineCount: number;
}

function unescapeDelimiter(value: string): string {
  // Settings written in JSON by hand often hold the two characters `\t` rather than a tab.
  return value.replace(/\\t/g, '\t').replace(/\\r/g, '\r').replace(/\\n/g, '\n');
}

function skipLines(value: unknown): number {
  if (value === undefined || value === null) return 0;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new SluiceError('TYPE_PROPERTIES_INVALID', `Format setting 'skipLineCount' must be a whole number of lines, got ${JSON.stringify(value)}.`, { pointer: '/typeProperties/skipLineCount' });
  }
  return n;
}

/** Reads and checks the settings; `TYPE_PROPERTIES_INVALID` names a bad one. */
export function delimitedOptions(settings: FormatSettings): DelimitedOptions {
  const delimiter = unescapeDelimiter(stringSetting(settings, 'columnDelimiter', ','));
  if (delimiter === '') throw new SluiceError('TYPE_PROPERTIES_INVALID', "Format setting 'columnDelimiter' must not be empty.", { pointer: '/typeProperties/columnDelimiter' });
  const rowDelimiterSetting = stringSetting(settings, 'rowDelimiter');
  const rowDelimiter = rowDelimiterSetting === undefined || rowDelimiterSetting === '' ? undefined : unescapeDelimiter(rowDelimiterSetting);
  const quote = stringSetting(settings, 'quoteChar', '"');
  const escape = stringSetting(settings, 'escapeChar', '\\');
  for (const [name, value] of [['quoteChar', quote], ['escapeChar', escape]] as const) {
    if (value.length > 1) throw new SluiceError('TYPE_PROPERTIES_INVALID', `Format setting '${name}' must be one character or empty, got ${JSON.stringify(value)}.`, { pointer: `/typeProperties/${name}` });
  }
  const encoding = stringSetting(settings, 'encodingName', 'UTF-8');
  checkEncoding(encoding);
  return {
    delimiter,
    rowDelimiter: rowDelimiter === '\r\n' || rowDelimiter === '\n' ? undefined : rowDelimiter,
    quote,
    escape,
    firstRowAsHeader: booleanSetting(settings, 'firstRowAsHeader', false),
    nullValue: stringSetting(settings, 'nullValue', ''),
    encoding,
    codec: textCodec(settings, 'DelimitedText'),
    compressionLevel: settings.compressionLevel,
    quoteAllText: booleanSetting(settings, 'quoteAllText', false),
    skipLineCount: skipLines(settings.skipLineCount),
  };
}

/** The row delimiter the writer uses: the setting, else `\n` (ADF's default when writing). */
export function writeRowDelimiter(settings: FormatSettings): string {
  const value = stringSetting(settings, 'rowDelimiter');
  return value === undefined || value === '' ? '\n' : unescapeDelimiter(value);
}
