import { describe, expect, it } from "vitest";
import { readSse, type SseEvent } from "./sse.js";

/** A body that delivers the given pieces as separate chunks, as a network would. */
function body(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function all(stream: ReadableStream<Uint8Array>): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSse(stream)) events.push(event);
  return events;
}

describe("readSse", () => {
  it("parses named events, multi-line data and comments", async () => {
    const events = await all(
      body(': keep-alive\n\nevent: token\ndata: {"text":"Hi"}\n\n', "data: line one\ndata: line two\n\n"),
    );
    expect(events).toEqual([
      { event: "token", data: '{"text":"Hi"}' },
      { event: "message", data: "line one\nline two" },
    ]);
  });

  it("joins events split across chunks, even inside a CRLF or a multi-byte character", async () => {
    const bytes = new TextEncoder().encode('event: token\r\ndata: {"text":"€5"}\r\n\r\n');
    const cut = bytes.indexOf(0xe2) + 1; // in the middle of "€"
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 13)); // ends between \r and \n
        controller.enqueue(bytes.slice(13, cut));
        controller.enqueue(bytes.slice(cut));
        controller.close();
      },
    });
    expect(await all(stream)).toEqual([{ event: "token", data: '{"text":"€5"}' }]);
  });

  it("drops an unfinished event when the stream ends", async () => {
    expect(await all(body("event: done\ndata: {}"))).toEqual([]);
  });
});
