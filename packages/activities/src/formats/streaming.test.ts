import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ByteInput, Row } from '../connectors/contract.js';
import { fileFormat } from './index.js';

/** An input whose stream is kept, so a test can see whether the reader closed it. */
function trackedInput(text: string, chunkSize = 1024): ByteInput & { stream?: Readable; pulled: number } {
  const input: ByteInput & { stream?: Readable; pulled: number } = {
    name: 'tracked.csv',
    pulled: 0,
    open: async () => {
      const data = Buffer.from(text);
      let offset = 0;
      const stream = new Readable({
        read() {
          if (offset >= data.length) return void this.push(null);
          input.pulled++;
          this.push(data.subarray(offset, offset + chunkSize));
          offset += chunkSize;
        },
      });
      input.stream = stream;
      return stream;
    },
  };
  return input;
}

/** A Writable that completes each chunk on a later turn, with a tiny buffer: it needs back-pressure. */
function slowOutput(): Writable & { received: number } {
  const out = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, callback) {
      out.received += chunk.length;
      setImmediate(callback);
    },
  }) as Writable & { received: number };
  out.received = 0;
  return out;
}

const lines = `id,text\n${Array.from({ length: 20_000 }, (_, i) => `${i},value ${i}`).join('\n')}\n`;

describe('streaming behaviour of the text formats', () => {
  it('pulls the file as batches are consumed, and closes it when the consumer stops early', async () => {
    const input = trackedInput(lines);
    let seen = 0;
    for await (const batch of fileFormat('DelimitedText').read(input, { firstRowAsHeader: true }, { signal: new AbortController().signal, batchSize: 100 })) {
      seen += batch.length;
      if (seen >= 300) break;
    }
    expect(seen).toBe(300);
    // Only the first part of the ~250 KB file was read, and the stream was released.
    expect(input.pulled).toBeLessThan(100);
    expect(input.stream?.destroyed).toBe(true);
  });

  it('stops with the abort reason when the signal aborts', async () => {
    const controller = new AbortController();
    const reading = (async () => {
      for await (const _ of fileFormat('Json').read(trackedInput('{"a":1}\n'.repeat(50_000)), {}, { signal: controller.signal, batchSize: 10 })) controller.abort(new Error('stop now'));
    })();
    await expect(reading).rejects.toThrow('stop now');
  });

  it.each(['DelimitedText', 'Json'])('%s writer waits for the output to drain before taking more rows', async (type) => {
    const out = slowOutput();
    const writer = fileFormat(type).writer(out, [{ name: 'id' }, { name: 'text' }], { firstRowAsHeader: true, compressionCodec: 'gzip', compression: { type: 'gzip' } });
    const rows: Row[] = Array.from({ length: 500 }, (_, i) => ({ id: i, text: `row ${i} ${'x'.repeat(i % 50)}` }));
    for (let i = 0; i < 20; i++) {
      await writer.write(rows);
      expect(out.writableNeedDrain).toBe(false);
    }
    await writer.end();
    expect(out.writableFinished).toBe(true);
    expect(out.received).toBeGreaterThan(0);
  });

  it('rejects (does not hang) when the output stream fails', async () => {
    const out = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    out.on('error', () => undefined);
    const writer = fileFormat('DelimitedText').writer(out, [{ name: 'a' }], {});
    const attempt = (async () => {
      for (let i = 0; i < 100; i++) await writer.write([{ a: 'x'.repeat(1000) }]);
      await writer.end();
    })();
    await expect(attempt).rejects.toThrow('disk full');
  });
});
