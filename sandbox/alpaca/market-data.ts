import { Hono } from "hono";
import { roundMoney } from "../lib/numbers.js";
import { hashString } from "../lib/random.js";
import { addDays } from "../lib/time.js";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";
import type { Operation } from "../runtime/operation.js";
import { dailyBars } from "../world/bars.js";
import type { Quote } from "../world/prices.js";
import { alpacaAuth } from "./authenticate.js";
import { alpacaErrors } from "./errors.js";

const MAX_BARS = 1000;
const DEFAULT_BARS = 30;
const DAILY_TIMEFRAMES = new Set(["1Day", "1D", "1day", "Day", "1Days"]);

/** A trade print at the current price (IEX-style fields). */
function tradeShape(quote: Quote) {
  return {
    t: quote.updatedAt,
    x: "V",
    p: quote.price,
    s: 100,
    c: ["@"],
    i: hashString(`${quote.symbol}:${quote.updatedAt}`),
    z: "C",
  };
}

/** A one-cent-wide quote around the current price. */
function quoteShape(quote: Quote) {
  return {
    t: quote.updatedAt,
    ax: "V",
    ap: roundMoney(quote.price + 0.01),
    as: 2,
    bx: "V",
    bp: roundMoney(quote.price - 0.01),
    bs: 3,
    c: ["R"],
    z: "C",
  };
}

/** Market data on the same root: latest trades/quotes (single and multi) and daily bars. */
export function alpacaMarketDataRoutes(ctx: SandboxContext, operation: Operation): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { world } = ctx;
  const auth = alpacaAuth(ctx);
  const symbolsParam = (raw: string | undefined) =>
    (raw ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);

  app.get("/v2/stocks/trades/latest", operation("latestTrade"), auth, (c) => {
    const trades: Record<string, ReturnType<typeof tradeShape>> = {};
    for (const symbol of symbolsParam(c.req.query("symbols"))) {
      const quote = world.prices.get(symbol);
      if (quote) trades[symbol] = tradeShape(quote);
    }
    return c.json({ trades });
  });

  app.get("/v2/stocks/quotes/latest", operation("latestQuote"), auth, (c) => {
    const quotes: Record<string, ReturnType<typeof quoteShape>> = {};
    for (const symbol of symbolsParam(c.req.query("symbols"))) {
      const quote = world.prices.get(symbol);
      if (quote) quotes[symbol] = quoteShape(quote);
    }
    return c.json({ quotes });
  });

  app.get("/v2/stocks/:symbol/trades/latest", operation("latestTrade"), auth, (c) => {
    const symbol = decodeURIComponent(c.req.param("symbol"));
    const quote = world.prices.get(symbol);
    if (!quote) return c.json(alpacaErrors.notFound(`no trade found for ${symbol}`), 404);
    return c.json({ symbol, trade: tradeShape(quote) });
  });

  app.get("/v2/stocks/:symbol/quotes/latest", operation("latestQuote"), auth, (c) => {
    const symbol = decodeURIComponent(c.req.param("symbol"));
    const quote = world.prices.get(symbol);
    if (!quote) return c.json(alpacaErrors.notFound(`no quote found for ${symbol}`), 404);
    return c.json({ symbol, quote: quoteShape(quote) });
  });

  app.get("/v2/stocks/:symbol/bars", operation("bars"), auth, (c) => {
    const symbol = decodeURIComponent(c.req.param("symbol"));
    const timeframe = c.req.query("timeframe") ?? "1Day";
    if (!DAILY_TIMEFRAMES.has(timeframe)) {
      return c.json(
        { code: 42210000, message: `the sandbox serves daily bars only (timeframe=1Day), got ${timeframe}` },
        422,
      );
    }
    if (!world.prices.get(symbol)) return c.json({ bars: [], symbol, next_page_token: null });
    const now = world.now();
    const start = c.req.query("start")
      ? new Date(c.req.query("start") ?? "")
      : addDays(now, -DEFAULT_BARS * 1.5);
    const end = c.req.query("end") ? new Date(c.req.query("end") ?? "") : now;
    const limit = Math.min(MAX_BARS, Math.max(1, Number(c.req.query("limit") ?? MAX_BARS) || MAX_BARS));
    const span = Math.ceil((now.getTime() - start.getTime()) / 86_400_000) + 1;
    const bars = dailyBars(world, symbol, Math.min(MAX_BARS, Math.max(1, span)))
      .filter((b) => b.date >= new Date(start.toISOString().slice(0, 10)) && b.date <= end)
      .map((b) => ({
        t: b.date.toISOString(),
        o: b.open,
        h: b.high,
        l: b.low,
        c: b.close,
        v: b.volume,
        n: b.tradeCount,
        vw: b.vwap,
      }));
    const ordered = c.req.query("sort") === "desc" ? bars.reverse() : bars;
    return c.json({ bars: ordered.slice(0, limit), symbol, next_page_token: null });
  });

  return app;
}
