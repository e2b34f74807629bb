/**
 * Text out of a {@link ByteInput}: open the stream, count the stored bytes, decompress, decode. Pulled
 * chunk by chunk (for-await), so back-pressure reaches the file or socket, and the stream is destroyed
 * when the consumer stops early or the signal aborts.
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { SluiceError, type ErrorCode } from '@sluice/engine';
import type { ByteInput, TransferStats } from '../../connectors/contract.js';
import { decompressor, type TextCodec } from './compression.js';
import { createDecoder } from './encoding.js';

/** A decoded piece of a file; `invalid` when its bytes were not valid in the encoding. */
export interface TextChunk {
  readonly text: string;
  readonly invalid: boolean;
}

/** What {@link readText} needs. */
export interface ReadTextOptions {
  readonly codec: TextCodec;
  readonly encoding: string;
  readonly signal: AbortSignal;
  readonly stats?: TransferStats | undefined;
  /** The code of the error raised when the compressed stream is corrupt (the format's own code). */
  readonly corruptCode: ErrorCode;
}

/** Streams a file's text in chunks (about 64 KiB of bytes each). */
export async function* readText(input: ByteInput, options: ReadTextOptions): AsyncGenerator<TextChunk> {
  const { signal, stats } = options;
  signal.throwIfAborted();
  const decoder = createDecoder(options.encoding);
  const raw = await input.open(signal);
  const unzip = decompressor(options.codec);
  let source: Readable = raw;
  if (unzip) {
    if (stats) raw.on('data', (chunk: Uint8Array) => (stats.bytes += chunk.length));
    source = pipeline(raw, unzip, () => undefined);
  }
  const onAbort = (): void => {
    source.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of source as AsyncIterable<Buffer | string>) {
      signal.throwIfAborted();
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (stats && !unzip) stats.bytes += bytes.length;
      const out = decoder.decode(bytes);
      if (out.text.length > 0) yield out;
    }
    const tail = decoder.end();
    if (tail.text.length > 0) yield tail;
  } catch (error) {
    signal.throwIfAborted();
    if (error instanceof SluiceError) throw error;
    const code = (error as { code?: string }).code;
    if (unzip && typeof code === 'string' && code.startsWith('Z_')) {
      throw new SluiceError(options.corruptCode, `File '${input.name}' is not valid ${options.codec} data: ${(error as Error).message}.`, { file: input.name });
    }
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!raw.destroyed) raw.destroy();
    if (!source.destroyed) source.destroy();
  }
}
