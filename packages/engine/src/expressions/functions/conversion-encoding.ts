/**
 * Byte-level helpers for the conversion functions: UTF-8, base64, URI escaping and data URIs. They run
 * in the browser too, so they use `TextEncoder`/`TextDecoder` and `btoa`/`atob` over bytes, never Node's
 * `Buffer`. Parsers return `undefined` on bad input (they never throw) so the caller can fail the call
 * with ADF's wording.
 */

const encoder = new TextEncoder();

/** The UTF-8 bytes of a string (lone surrogates become U+FFFD, as .NET's encoder does). */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The text of UTF-8 bytes; invalid sequences become U+FFFD, as .NET's `Encoding.UTF8.GetString` does. */
export function utf8Decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
}

/** Standard base64 (with padding) of bytes. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/**
 * The bytes of a base64 string, or `undefined` when it is not valid base64. Like .NET's
 * `Convert.FromBase64String`: white space is ignored, the length must be a multiple of four and `=`
 * padding may only end the text.
 */
export function base64ToBytes(text: string): Uint8Array | undefined {
  const compact = text.replace(/[ \t\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  let binary: string;
  try {
    binary = atob(compact);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function isUnreserved(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) || // A-Z
    (b >= 0x61 && b <= 0x7a) || // a-z
    (b >= 0x30 && b <= 0x39) || // 0-9
    b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e // - . _ ~
  );
}

/**
 * Escapes a string for a URI component like .NET's `Uri.EscapeDataString`: RFC 3986 unreserved
 * characters stay, every other UTF-8 byte becomes `%XX` (upper-case hex). Unlike JavaScript's
 * `encodeURIComponent`, `!'()*` are escaped too.
 */
export function escapeDataString(text: string): string {
  let out = '';
  for (const b of utf8Encode(text)) {
    out += isUnreserved(b) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;

/**
 * The bytes a URI component stands for: each valid `%XX` is one byte, every other character its UTF-8
 * bytes. A `%` not followed by two hex digits is kept literally (as .NET does).
 */
export function unescapeToBytes(text: string): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < text.length) {
    const pair = text.slice(i + 1, i + 3);
    if (text[i] === '%' && HEX_PAIR.test(pair)) {
      out.push(parseInt(pair, 16));
      i += 3;
      continue;
    }
    const cp = text.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    for (const b of utf8Encode(ch)) out.push(b);
    i += ch.length;
  }
  return Uint8Array.from(out);
}

/**
 * Decodes a URI component like .NET's `Uri.UnescapeDataString`: `%XX` sequences that form valid UTF-8
 * become their characters; malformed escapes and sequences that are not UTF-8 stay as written. `+` is
 * not a space.
 */
export function unescapeDataString(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '%' || !HEX_PAIR.test(text.slice(i + 1, i + 3))) {
      out += text[i];
      i++;
      continue;
    }
    // A run of consecutive %XX escapes: decode it as a whole so multi-byte characters come out right.
    const start = i;
    const bytes: number[] = [];
    while (text[i] === '%' && HEX_PAIR.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 3;
    }
    out += decodeEscapedRun(Uint8Array.from(bytes), text.slice(start, i));
  }
  return out;
}

/** Decodes one run of escaped bytes; byte sequences that are not valid UTF-8 keep their escaped text. */
function decodeEscapedRun(bytes: Uint8Array, raw: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // Decode what is valid, byte by byte, keeping the escapes of invalid bytes.
    let out = '';
    let i = 0;
    while (i < bytes.length) {
      const len = utf8SequenceLength(bytes[i] as number);
      if (len > 0 && i + len <= bytes.length) {
        try {
          out += new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(i, i + len));
          i += len;
          continue;
        } catch {
          // fall through: keep the escape
        }
      }
      out += raw.slice(i * 3, i * 3 + 3);
      i++;
    }
    return out;
  }
}

function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** A data URI taken apart: its media type (without `;base64`), its charset if any, and its bytes. */
export interface DataUri {
  readonly mediaType: string;
  readonly charset: string | undefined;
  readonly bytes: Uint8Array;
}

/**
 * Parses an RFC 2397 data URI (`data:[<media type>][;base64],<data>`), or returns `undefined` when the
 * text is not one. Base64 data is decoded; other data is percent-decoded.
 */
export function parseDataUri(text: string): DataUri | undefined {
  const trimmed = text.trim();
  if (!/^data:/i.test(trimmed)) return undefined;
  const comma = trimmed.indexOf(',');
  if (comma < 0) return undefined;
  const meta = trimmed.slice(5, comma);
  const data = trimmed.slice(comma + 1);
  const params = meta.split(';').map((p) => p.trim());
  const isBase64 = params.length > 1 && (params[params.length - 1] as string).toLowerCase() === 'base64';
  if (isBase64) params.pop();
  const mediaType = params.join(';');
  let charset: string | undefined;
  for (const p of params.slice(1)) {
    const m = /^charset=(.+)$/i.exec(p);
    if (m) charset = (m[1] as string).replace(/^"|"$/g, '');
  }
  const bytes = isBase64 ? base64ToBytes(unescapeDataString(data)) : unescapeToBytes(data);
  if (bytes === undefined) return undefined;
  return { mediaType: mediaType === '' ? 'text/plain;charset=US-ASCII' : mediaType, charset, bytes };
}

/** The text of bytes in a named charset, or `undefined` when the charset is unknown. */
export function decodeCharset(bytes: Uint8Array, charset: string | undefined): string | undefined {
  if (charset === undefined || /^utf-?8$/i.test(charset)) return utf8Decode(bytes);
  try {
    return new TextDecoder(charset, { fatal: false }).decode(bytes);
  } catch {
    return undefined;
  }
}
