/** Json settings in ADF's names: file pattern, encoding, compression. */
import { SluiceError } from '@sluice/engine';
import { stringSetting, type FormatSettings } from '../settings.js';
import { textCodec, type TextCodec } from '../text/compression.js';
import { checkEncoding } from '../text/encoding.js';
import type { JsonLayout } from './scanner.js';

/** What the Json reader and writer need from the settings. */
export interface JsonOptions {
  /** Reading layout: `auto` unless `filePattern` says otherwise. */
  readonly layout: JsonLayout;
  /** Writing: JSON Lines (`setOfObjects`, the default) or one array (`arrayOfObjects`). */
  readonly writeArray: boolean;
  readonly encoding: string;
  readonly codec: TextCodec;
  readonly compressionLevel: unknown;
}

/** Reads and checks the Json settings. */
export function jsonOptions(settings: FormatSettings): JsonOptions {
  const pattern = (stringSetting(settings, 'filePattern') ?? '').toLowerCase();
  if (pattern !== '' && pattern !== 'setofobjects' && pattern !== 'arrayofobjects') {
    throw new SluiceError('TYPE_PROPERTIES_INVALID', `Format setting 'filePattern' must be setOfObjects or arrayOfObjects, got '${pattern}'.`, { pointer: '/typeProperties/filePattern' });
  }
  const encoding = stringSetting(settings, 'encodingName', 'UTF-8');
  checkEncoding(encoding);
  const compression = settings.compression;
  const level = compression && typeof compression === 'object' ? (compression as Record<string, unknown>).level : settings.compressionLevel;
  return {
    layout: pattern === 'arrayofobjects' ? 'array' : 'auto',
    writeArray: pattern === 'arrayofobjects',
    encoding,
    codec: textCodec(settings, 'Json'),
    compressionLevel: level,
  };
}
