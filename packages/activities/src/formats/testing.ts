/**
 * Helpers for the formats' tests (and the data activities' tests): a {@link ByteInput} over bytes held in
 * memory, split into chunks of a chosen size (so chunk boundaries fall everywhere), and a Writable that
 * collects what a writer produced.
 */
import { Readable, Writable } from 'node:stream';
import type { ByteInput, FileFormat, ReadItem, Row } from '../connectors/contract.js';

/** An input over `bytes`, streamed in chunks of `chunkSize` bytes. */
export function memoryInput(bytes: Uint8Array | string, name = 'test.txt', chunkSize = 64 * 1024): ByteInput {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    name,
    open: async () => {
      const chunks: Buffer[] = [];
      for (let i = 0; i < data.length; i += chunkSize) chunks.push(data.subarray(i, i + chunkSize));
      return Readable.from(chunks, { objectMode: false });
    },
  };
}

/** A Writable keeping every byte written, with `bytes()` to read them once the writer has ended. */
export function memoryOutput(): Writable & { bytes(): Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  }) as Writable & { bytes(): Buffer };
  stream.bytes = () => Buffer.concat(chunks);
  return stream;
}

/** Every item a format reads from `input`, flattened. */
export async function readAll(format: FileFormat, input: ByteInput, settings: Readonly<Record<string, unknown>>, options: { columns?: Parameters<FileFormat['read']>[2]['columns']; batchSize?: number } = {}): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const batch of format.read(input, settings, { signal: new AbortController().signal, ...options })) items.push(...batch);
  return items;
}

/** The rows of good items. */
export function rowsOf(items: readonly ReadItem[]): Row[] {
  return items.flatMap((item) => ('bad' in item ? [] : [item.row]));
}
