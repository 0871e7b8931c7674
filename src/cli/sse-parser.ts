/**
 * A server-sent events parser (the WHATWG event-stream format): feed it text as it arrives, in
 * chunks of any size, and it returns the events completed so far. Kept free of I/O so it can be
 * tested with awkward chunk boundaries.
 */

export interface SseEvent {
  /** "message" when the stream named none. */
  event: string;
  data: string;
  id?: string;
}

export class SseParser {
  private buffer = "";
  private event = "";
  private data: string[] = [];
  private id: string | undefined;

  /** Adds text and returns every event a blank line has completed. */
  push(text: string): SseEvent[] {
    this.buffer += text;
    const events: SseEvent[] = [];
    // A "\r" at the very end may be the first half of "\r\n": wait for the next chunk.
    for (let match = lineEnd(this.buffer); match; match = lineEnd(this.buffer)) {
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match.length);
      const event = this.readLine(line);
      if (event) events.push(event);
    }
    return events;
  }

  /**
   * The stream ended. A final lone "\r" was a line end after all; an event still without its
   * closing blank line is dropped, as the spec says.
   */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    if (this.buffer.endsWith("\r")) {
      const event = this.readLine(this.buffer.slice(0, -1));
      if (event) events.push(event);
    }
    this.buffer = "";
    this.reset();
    return events;
  }

  private readLine(line: string): SseEvent | null {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.event = value;
    else if (field === "data") this.data.push(value);
    else if (field === "id" && !value.includes("\0")) this.id = value;
    return null;
  }

  private dispatch(): SseEvent | null {
    if (this.data.length === 0) {
      this.reset();
      return null;
    }
    const event: SseEvent = { event: this.event || "message", data: this.data.join("\n") };
    if (this.id !== undefined) event.id = this.id;
    this.reset();
    return event;
  }

  private reset(): void {
    this.event = "";
    this.data = [];
  }
}

function lineEnd(buffer: string): { index: number; length: number } | null {
  const match = /\r\n|\r|\n/.exec(buffer);
  if (!match) return null;
  if (match[0] === "\r" && match.index === buffer.length - 1) return null;
  return { index: match.index, length: match[0].length };
}

/** Reads a fetch body as events, decoding UTF-8 across chunk boundaries. */
export async function* readSseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    yield* parser.push(decoder.decode(chunk, { stream: true }));
  }
  yield* parser.push(decoder.decode());
  yield* parser.end();
}
