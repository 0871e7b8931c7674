import { createRoute, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type { PortfolioService } from "../../../portfolio/service.js";
import { createApiApp } from "../../api-app.js";
import { bearerSecurity, signedInOnly } from "../openapi-parts.js";
import { userIdOf } from "../portfolio/route-parts.js";
import { PortfolioWatch, type PortfolioWatchOptions } from "./portfolio-watch.js";
import { SharedPriceCache } from "./price-cache.js";
import type { PortfolioStreamEvent } from "./reprice.js";

export { SharedPriceCache } from "./price-cache.js";
export type { PortfolioStreamEvent } from "./reprice.js";

export interface PortfolioStreamOptions extends PortfolioWatchOptions {
  /** How often prices are checked per connection (default 2 s). */
  pollMs?: number;
  /** A `: keep-alive` comment this often keeps proxies from closing an idle stream (default 15 s). */
  keepAliveMs?: number;
  /** Shared by every connection; default one per route module, i.e. one per process. */
  prices?: SharedPriceCache;
}

const streamRoute = createRoute({
  method: "get",
  path: "/api/portfolio/stream",
  tags: ["portfolio"],
  summary:
    "Live portfolio value: SSE `portfolio` events {asOf, totalValue, positions}, first at once, then as prices move",
  security: bearerSecurity,
  responses: {
    200: { description: "An SSE stream", content: { "text/event-stream": { schema: z.string() } } },
    ...signedInOnly,
  },
});

/** Resolves after `ms`, or at once when the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

export function portfolioStreamRoutes(portfolio: PortfolioService, options: PortfolioStreamOptions = {}) {
  const pollMs = options.pollMs ?? 2_000;
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const prices = options.prices ?? new SharedPriceCache();
  return createApiApp().openapi(streamRoute, async (c) => {
    const watch = new PortfolioWatch(portfolio, userIdOf(c), prices, options);
    // Read before the stream opens, so a failure is an ordinary HTTP error rather than a dead stream.
    const first = await watch.start();
    return streamSSE(c, async (stream) => {
      const stopped = new AbortController();
      stream.onAbort(() => stopped.abort());
      const send = (event: PortfolioStreamEvent) =>
        stream.writeSSE({ event: "portfolio", data: JSON.stringify(event) });
      const keepAlive = setInterval(() => void stream.write(": keep-alive\n\n"), keepAliveMs);
      try {
        await send(first);
        while (!stopped.signal.aborted) {
          await pause(pollMs, stopped.signal);
          if (stopped.signal.aborted) break;
          const next = await watch.tick();
          if (next && !stopped.signal.aborted) await send(next);
          prices.prune();
        }
      } finally {
        clearInterval(keepAlive);
      }
    });
  });
}
