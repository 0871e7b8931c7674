import type { MiddlewareHandler } from "hono";
import { compress } from "hono/compress";

/**
 * gzip (or deflate) for text answers of 1 KiB and more: the page, JSON, the bundle when it was not
 * precompressed. Hono leaves event streams alone (compressing SSE would buffer the live events)
 * and anything that already carries a Content-Encoding (the precompressed web assets).
 */
export function compression(options: { thresholdBytes?: number } = {}): MiddlewareHandler {
  return compress({ threshold: options.thresholdBytes ?? 1024 });
}
