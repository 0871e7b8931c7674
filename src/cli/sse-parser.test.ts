import { describe, expect, it } from "vitest";
import { readSseEvents, SseParser } from "./sse-parser.js";

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe("SseParser", () => {
  it("reads named events with JSON data", () => {
    const parser = new SseParser();
    const events = parser.push('event: token\ndata: {"text":"Hi"}\n\nevent: done\ndata: {}\n\n');
    expect(events).toEqual([
      { event: "token", data: '{"text":"Hi"}' },
      { event: "done", data: "{}" },
    ]);
  });

  it("completes an event only at the blank line, whatever the chunk boundaries", () => {
    const text = 'event: tool\ndata: {"id":"1","name":"get_holdings","status":"started"}\n\n';
    for (let cut = 1; cut < text.length; cut += 1) {
      const parser = new SseParser();
      const events = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect(events).toHaveLength(1);
      expect(JSON.parse(events[0]!.data)).toMatchObject({ name: "get_holdings" });
    }
  });

  it("accepts CRLF and CR line ends, even with CRLF split across chunks", () => {
    const parser = new SseParser();
    const events = [
      ...parser.push("event: a\r"),
      ...parser.push("\ndata: 1\r\n\r"),
      ...parser.push("\nevent: b\rdata: 2\r\r"),
      // The last "\r" could still be half of "\r\n" until the stream ends.
      ...parser.end(),
    ];
    expect(events).toEqual([
      { event: "a", data: "1" },
      { event: "b", data: "2" },
    ]);
  });

  it("joins multi-line data, skips comments, defaults the event name and keeps the id", () => {
    const parser = new SseParser();
    const events = parser.push(": keep-alive\nid: 7\ndata: line one\ndata:line two\n\n");
    expect(events).toEqual([{ event: "message", data: "line one\nline two", id: "7" }]);
  });

  it("dispatches nothing for an event without data, and drops an unfinished event at the end", () => {
    const parser = new SseParser();
    expect(parser.push("event: empty\n\n")).toEqual([]);
    expect(parser.push("event: token\ndata: half")).toEqual([]);
    expect(parser.end()).toEqual([]);
  });
});

describe("readSseEvents", () => {
  it("decodes UTF-8 split across network chunks", async () => {
    const bytes = new TextEncoder().encode('event: token\ndata: {"text":"••1234 → ✓"}\n\n');
    const chunks = [bytes.slice(0, 27), bytes.slice(27, 29), bytes.slice(29)];
    const events = [];
    for await (const event of readSseEvents(streamOf(chunks))) events.push(event);
    expect(events).toEqual([{ event: "token", data: '{"text":"••1234 → ✓"}' }]);
  });
});
