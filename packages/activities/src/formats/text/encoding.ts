/**
 * Character encodings of text formats. UTF-8 and UTF-16 go through the platform's TextDecoder (fast,
 * strips a byte-order mark); every other name (ISO-8859-1, windows-1252, Shift_JIS …) through iconv-lite.
 * Decoders report whether a chunk held bytes that are invalid in the encoding, so a reader can reject the
 * records they fell in instead of silently passing U+FFFD along.
 */
import iconv from 'iconv-lite';
import { SluiceError } from '@sluice/engine';

/** A streaming decoder: bytes in, text out, with a flag for invalid bytes in this chunk. */
export interface TextDecoderStream {
  decode(bytes: Uint8Array): { text: string; invalid: boolean };
  end(): { text: string; invalid: boolean };
}

/** A stateless encoder (text → bytes), with the byte-order mark to write first, if any. */
export interface TextEncoding {
  readonly name: string;
  readonly bom: Uint8Array | undefined;
  encode(text: string): Uint8Array;
}

const REPLACEMENT = 0xfffd;

function countReplacement(text: string): number {
  let n = 0;
  let i = text.indexOf('\uFFFD');
  while (i !== -1) {
    n++;
    i = text.indexOf('\uFFFD', i + 1);
  }
  return n;
}

/** Occurrences of U+FFFD written in the bytes themselves (EF BF BD in UTF-8, FD FF / FF FD in UTF-16). */
function countEncodedReplacement(bytes: Uint8Array, utf16: 'le' | 'be' | undefined): number {
  let n = 0;
  if (utf16 === undefined) {
    for (let i = bytes.indexOf(0xef); i !== -1 && i + 2 < bytes.length; i = bytes.indexOf(0xef, i + 1)) if (bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) n++;
  } else {
    const [a, b] = utf16 === 'le' ? [0xfd, 0xff] : [0xff, 0xfd];
    for (let i = 0; i + 1 < bytes.length; i += 2) if (bytes[i] === a && bytes[i + 1] === b) n++;
  }
  return n;
}

type Canonical = { kind: 'web'; label: 'utf-8' | 'utf-16le' | 'utf-16be' } | { kind: 'iconv'; label: string };

function canonical(encodingName: string): Canonical {
  const key = encodingName.trim().toLowerCase().replace(/_/g, '-');
  if (key === '' || key === 'utf-8' || key === 'utf8' || key === 'utf-8-bom') return { kind: 'web', label: 'utf-8' };
  if (key === 'utf-16' || key === 'utf-16le' || key === 'utf16le' || key === 'unicode' || key === 'ucs-2') return { kind: 'web', label: 'utf-16le' };
  if (key === 'utf-16be' || key === 'utf16be' || key === 'unicodefffe' || key === 'bigendianunicode') return { kind: 'web', label: 'utf-16be' };
  if (iconv.encodingExists(key)) return { kind: 'iconv', label: key };
  throw new SluiceError('ENCODING_UNSUPPORTED', `Encoding '${encodingName}' is not supported (try UTF-8, UTF-16LE, ISO-8859-1 or windows-1252).`, { pointer: '/typeProperties/encodingName' });
}

/** Checks an encoding name early (a dataset setting), throwing `ENCODING_UNSUPPORTED` when unknown. */
export function checkEncoding(encodingName: string): void {
  canonical(encodingName);
}

/** A streaming decoder for `encodingName` (`ENCODING_UNSUPPORTED` when unknown). */
export function createDecoder(encodingName: string): TextDecoderStream {
  const enc = canonical(encodingName);
  if (enc.kind === 'web') {
    const decoder = new TextDecoder(enc.label, { fatal: false });
    const utf16 = enc.label === 'utf-8' ? undefined : enc.label === 'utf-16le' ? 'le' : 'be';
    return {
      decode(bytes) {
        const text = decoder.decode(bytes, { stream: true });
        const invalid = text.includes('\uFFFD') && countReplacement(text) > countEncodedReplacement(bytes, utf16);
        return { text, invalid };
      },
      end() {
        const text = decoder.decode();
        return { text, invalid: text.includes('\uFFFD') };
      },
    };
  }
  const decoder = iconv.getDecoder(enc.label, { stripBOM: true });
  return {
    decode(bytes) {
      const text = decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { text, invalid: text.length > 0 && text.indexOf(String.fromCharCode(REPLACEMENT)) !== -1 };
    },
    end() {
      const text = decoder.end() ?? '';
      return { text, invalid: text.includes('\uFFFD') };
    },
  };
}

/**
 * The encoder for `encodingName`. UTF-8 is written without a byte-order mark (as ADF does), UTF-16 with
 * one (so other tools detect it).
 */
export function createEncoding(encodingName: string): TextEncoding {
  const enc = canonical(encodingName);
  if (enc.kind === 'web') {
    if (enc.label === 'utf-8') return { name: 'UTF-8', bom: undefined, encode: (text) => Buffer.from(text, 'utf8') };
    if (enc.label === 'utf-16le') return { name: 'UTF-16LE', bom: new Uint8Array([0xff, 0xfe]), encode: (text) => Buffer.from(text, 'utf16le') };
    return { name: 'UTF-16BE', bom: new Uint8Array([0xfe, 0xff]), encode: (text) => Buffer.from(text, 'utf16le').swap16() };
  }
  return { name: enc.label, bom: undefined, encode: (text) => iconv.encode(text, enc.label) };
}
