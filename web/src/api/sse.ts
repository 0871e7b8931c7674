/** One server-sent event. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Parses a text/event-stream body as it arrives (EventSource cannot POST or send a bearer
 * token, so streams are read with fetch). Follows the SSE rules: `event:` and `data:` fields,
 * multi-line data joined with "\n", `:` comments ignored, a blank line ends an event. Lines end
 * with LF or CRLF (a lone CR is not treated as a line end).
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let event = "";
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split(/\r?\n/);
      // The last piece may be an unfinished line: keep it for the next chunk.
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        if (line === "") {
          if (data.length > 0) yield { event: event || "message", data: data.join("\n") };
          event = "";
          data = [];
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "event") event = value;
        else if (field === "data") data.push(value);
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
