import { describe, expect, it } from 'vitest';
import { readEvents, type ServerSentEvent } from './sse.js';

/** A stream delivering `text` in the given chunk sizes (events split anywhere, as TCP does). */
function stream(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(i, i + size));
      i += size;
    },
  });
}

const collect = async (s: ReadableStream<Uint8Array>): Promise<ServerSentEvent[]> => {
  const out: ServerSentEvent[] = [];
  for await (const e of readEvents(s)) out.push(e);
  return out;
};

const TEXT = ': connected\n\nid: 1\nevent: snapshot\ndata: {"run":{"status":"InProgress"}}\n\n: heartbeat\n\nid: 2\nevent: status\ndata: {"a":1,\ndata: "é":"ü"}\n\r\nid: 3\nevent: end\ndata: {"status":"Succeeded"}\n\ndata: no blank line at the end';

describe('readEvents', () => {
  it.each([1, 3, 7, 1000])('parses events, comments and multi-line data whatever the chunk size (%i bytes)', async (size) => {
    expect(await collect(stream(TEXT, size))).toEqual([
      { event: 'snapshot', id: '1', data: '{"run":{"status":"InProgress"}}' },
      { event: 'status', id: '2', data: '{"a":1,\n"é":"ü"}' },
      { event: 'end', id: '3', data: '{"status":"Succeeded"}' },
    ]);
  });

  it('names an event without `event:` "message" and keeps the last id', async () => {
    expect(await collect(stream('id: 9\ndata: x\n\ndata:y\n\n', 4))).toEqual([
      { event: 'message', id: '9', data: 'x' },
      { event: 'message', id: '9', data: 'y' },
    ]);
  });
});
