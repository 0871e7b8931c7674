import { deflateSync, gzipSync } from "node:zlib";
import type { Context, MiddlewareHandler } from "hono";
import { accepts } from "hono/accepts";
import { compress } from "hono/compress";

const jsonType = /^application\/(?:[\w.+-]+\+)?json\b/i;
const noTransform = /(?:^|,)\s*no-transform\s*(?:,|$)/i;
const varyAcceptEncoding = /(?:^|,)\s*accept-encoding\s*(?:,|$)/i;

/**
 * gzip (or deflate) for text answers of 1 KiB and more: the page, JSON, the bundle when it was not
 * precompressed. Hono leaves event streams alone (compressing SSE would buffer the live events)
 * and anything that already carries a Content-Encoding (the precompressed web assets).
 *
 * JSON answers are whole in memory: they are measured and compressed here in one synchronous
 * zlib call and sent with their Content-Length. Hono's stream compression applies its threshold
 * only to answers that state a length, which a JSON answer does not, so it would compress every
 * one however small (an 11-byte body became 31), through a CompressionStream costing several
 * times the zlib call.
 */
export function compression(options: { thresholdBytes?: number } = {}): MiddlewareHandler {
  const threshold = options.thresholdBytes ?? 1024;
  const streamed = compress({ threshold });
  return (c, next) =>
    streamed(c, async () => {
      await next();
      await compressWholeJson(c, threshold);
    });
}

/**
 * The text a light Response of @hono/node-server was made with (what `c.json` makes there):
 * reading its `body` or `arrayBuffer()` would turn it into a whole Fetch Response and read the
 * text back through a web stream (a few tenths of a millisecond of CPU per answer in a profile).
 * Undefined for any other Response (or if that library stops keeping the text), which is then
 * read the standard way.
 */
function lightResponseText(res: Response): string | undefined {
  for (const symbol of Object.getOwnPropertySymbols(res)) {
    if (symbol.description !== "cache") continue;
    const kept: unknown = (res as unknown as Record<symbol, unknown>)[symbol];
    if (Array.isArray(kept) && typeof kept[1] === "string") return kept[1];
  }
  return undefined;
}

async function compressWholeJson(c: Context, threshold: number): Promise<void> {
  const res = c.res;
  const type = res.headers.get("Content-Type");
  const text = lightResponseText(res);
  if (
    (text === undefined && !res.body) ||
    !type ||
    !jsonType.test(type) ||
    res.status === 206 ||
    c.req.method === "HEAD" ||
    res.headers.has("Content-Encoding") ||
    res.headers.has("Transfer-Encoding")
  )
    return;
  const body = text === undefined ? new Uint8Array(await res.arrayBuffer()) : Buffer.from(text);
  const headers = new Headers(res.headers);
  const encoding =
    body.byteLength < threshold || noTransform.test(headers.get("Cache-Control") ?? "")
      ? "identity"
      : accepts(c, { header: "Accept-Encoding", supports: ["gzip", "deflate"], default: "identity" });
  let sent = body;
  if (body.byteLength >= threshold) {
    const vary = headers.get("Vary");
    if (vary !== "*" && !(vary && varyAcceptEncoding.test(vary)))
      headers.set("Vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
  }
  if (encoding === "gzip" || encoding === "deflate") {
    sent = encoding === "gzip" ? gzipSync(body) : deflateSync(body);
    headers.set("Content-Encoding", encoding);
    const etag = headers.get("ETag");
    if (etag && !etag.startsWith("W/")) headers.set("ETag", `W/${etag}`);
  }
  // A stated length: Hono's stream compression leaves an answer under its threshold alone.
  headers.set("Content-Length", String(sent.byteLength));
  // Replaced whole (every header is copied above): assigning over a response would merge the old
  // headers back and turn the bytes into a stream.
  c.res = undefined;
  // A light Response is sent with its status alone (node-server writes no reason of its own).
  const statusText = text === undefined ? res.statusText : undefined;
  c.res = new Response(sent, { status: res.status, ...(statusText ? { statusText } : {}), headers });
}
