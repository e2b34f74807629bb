/**
 * The compression of text formats: none, gzip or deflate (zlib streams). Every other ADF codec is refused
 * with `COMPRESSION_UNSUPPORTED` before any byte is read or written, so a copy fails fast and clearly.
 */
import type { Transform } from 'node:stream';
import { createDeflate, createGunzip, createGzip, createInflate, constants } from 'node:zlib';
import { SluiceError } from '@sluice/engine';
import { compressionSetting, type FormatSettings } from '../settings.js';

/** The codecs text formats read and write. */
export type TextCodec = 'none' | 'gzip' | 'deflate';

/** The text codec of the settings; `COMPRESSION_UNSUPPORTED` for bzip2, ZipDeflate, Tar, lz4, snappy … */
export function textCodec(settings: FormatSettings, datasetType: string): TextCodec {
  const codec = compressionSetting(settings);
  if (codec === 'none' || codec === '' ) return 'none';
  if (codec === 'gzip' || codec === 'deflate') return codec;
  throw new SluiceError('COMPRESSION_UNSUPPORTED', `Compression '${codec}' is not supported for ${datasetType} files (supported: none, gzip, deflate).`, { pointer: '/typeProperties/compressionCodec' });
}

/** A decompressing stream for `codec` (undefined for none). */
export function decompressor(codec: TextCodec): Transform | undefined {
  if (codec === 'gzip') return createGunzip();
  if (codec === 'deflate') return createInflate();
  return undefined;
}

/** A compressing stream for `codec` (undefined for none); `Fastest` maps to level 1, `Optimal` to the default. */
export function compressor(codec: TextCodec, level?: unknown): Transform | undefined {
  const zlevel = typeof level === 'string' && level.toLowerCase() === 'fastest' ? 1 : constants.Z_DEFAULT_COMPRESSION;
  if (codec === 'gzip') return createGzip({ level: zlevel });
  if (codec === 'deflate') return createDeflate({ level: zlevel });
  return undefined;
}
