import { type Context, Hono } from "hono";
import { roundMoney } from "../lib/numbers.js";
import { unixSeconds } from "../lib/time.js";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";
import type { Operation } from "../runtime/operation.js";
import { dailyBars } from "../world/bars.js";
import type { Account } from "../world/types.js";
import type { World } from "../world/world.js";
import { alpacaAuth } from "./authenticate.js";
import { alpacaErrors } from "./errors.js";
import {
  accountShape,
  activityShape,
  activityType,
  assetShape,
  optionPositionShape,
  positionShape,
} from "./serialize.js";

const PERIOD_DAYS: Record<string, number> = {
  "1W": 5,
  "1M": 21,
  "3M": 63,
  "6M": 126,
  "1A": 252,
  "1Y": 252,
  all: 252,
};

/** Equity over time: today's holdings valued at each day's close (a fair sandbox estimate). */
function portfolioHistory(world: World, account: Account, period: string) {
  if (period === "1D") {
    // Intraday: hourly points from yesterday's close to now.
    const hours = 7;
    const now = world.now();
    const points = Array.from({ length: hours }, (_, i) => {
      const weight = (i + 1) / hours;
      let equity = account.cash;
      for (const p of account.positions) {
        const quote = world.prices.get(p.symbol);
        const price = quote ? quote.previousClose + (quote.price - quote.previousClose) * weight : p.avgPrice;
        equity += p.units * price;
      }
      return { at: unixSeconds(now) - (hours - 1 - i) * 3600, equity: roundMoney(equity) };
    });
    return { points, timeframe: "1H" };
  }
  const days = PERIOD_DAYS[period] ?? 21;
  const barsBySymbol = new Map(account.positions.map((p) => [p.symbol, dailyBars(world, p.symbol, days)]));
  const points = Array.from({ length: days }, (_, i) => {
    let equity = account.cash;
    let at = unixSeconds(world.now());
    for (const p of account.positions) {
      const bar = barsBySymbol.get(p.symbol)?.[i];
      if (bar) at = unixSeconds(bar.date);
      equity += p.units * (bar?.close ?? p.avgPrice);
    }
    return { at, equity: roundMoney(equity) };
  });
  return { points, timeframe: "1D" };
}

/** Account, positions, assets, clock, activities and portfolio history. */
export function alpacaAccountRoutes(ctx: SandboxContext, operation: Operation): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { world } = ctx;
  const auth = alpacaAuth(ctx);
  const accountOf = (c: Context<SandboxEnv>) => world.accounts.get(c.get("alpacaAccountId")) as Account;

  app.get("/v2/account", operation("account"), auth, (c) => c.json(accountShape(world, accountOf(c))));

  app.get("/v2/positions", operation("positions"), auth, (c) => {
    const account = accountOf(c);
    return c.json([
      ...account.positions.map((p) => positionShape(world, account, p)),
      ...(account.optionPositions ?? []).map(optionPositionShape),
    ]);
  });

  app.get("/v2/positions/:symbol", operation("position"), auth, (c) => {
    const account = accountOf(c);
    const ref = decodeURIComponent(c.req.param("symbol"));
    const symbol = world.catalogue.find(ref)?.symbol ?? ref.toUpperCase();
    const position = account.positions.find((p) => p.symbol === symbol);
    if (!position) return c.json(alpacaErrors.notFound("position does not exist"), 404);
    return c.json(positionShape(world, account, position));
  });

  // The master list: Alpaca filters by status, asset class and exchange (every sandbox asset is
  // an active US equity).
  app.get("/v2/assets", operation("assets"), auth, (c) => {
    const status = c.req.query("status");
    const assetClass = c.req.query("asset_class") ?? "us_equity";
    const exchange = c.req.query("exchange")?.toUpperCase();
    if ((status && status !== "active") || assetClass !== "us_equity") return c.json([]);
    const instruments = world.catalogue.all().filter((i) => !exchange || i.exchange === exchange);
    return c.json(instruments.map(assetShape));
  });

  app.get("/v2/assets/:symbol", operation("asset"), auth, (c) => {
    const instrument = world.catalogue.find(decodeURIComponent(c.req.param("symbol")));
    return instrument
      ? c.json(assetShape(instrument))
      : c.json(alpacaErrors.notFound("asset not found"), 404);
  });

  app.get("/v2/clock", operation("clock"), auth, (c) => {
    const clock = world.clock.state();
    return c.json({
      timestamp: clock.timestamp.toISOString(),
      is_open: clock.isOpen,
      next_open: clock.nextOpen.toISOString(),
      next_close: clock.nextClose.toISOString(),
    });
  });

  app.get("/v2/account/activities", operation("activities"), auth, (c) => {
    const account = accountOf(c);
    const types = (c.req.query("activity_types") ?? c.req.query("activity_type"))?.split(",").filter(Boolean);
    const after = c.req.query("after");
    const until = c.req.query("until");
    const date = c.req.query("date");
    const ascending = c.req.query("direction") === "asc";
    const pageSize = Math.min(100, Math.max(1, Number(c.req.query("page_size") ?? 100) || 100));
    const pageToken = c.req.query("page_token");
    let activities = world
      .activitiesOf(account.id)
      .filter((a) => !types || types.includes(activityType(a)))
      .filter(
        (a) =>
          (!after || a.at > after) &&
          (!until || a.at < until) &&
          (!date || a.at.startsWith(date.slice(0, 10))),
      )
      .sort((a, b) => (ascending ? a.at.localeCompare(b.at) : b.at.localeCompare(a.at)));
    if (pageToken) {
      const index = activities.findIndex((a) => a.id === pageToken.split("::").pop());
      if (index >= 0) activities = activities.slice(index + 1);
    }
    return c.json(activities.slice(0, pageSize).map((a) => activityShape(world, a)));
  });

  app.get("/v2/account/portfolio/history", operation("portfolioHistory"), auth, (c) => {
    const account = accountOf(c);
    const { points, timeframe } = portfolioHistory(world, account, c.req.query("period") ?? "1M");
    const base = points[0]?.equity ?? account.cash;
    return c.json({
      timestamp: points.map((p) => p.at),
      equity: points.map((p) => p.equity),
      profit_loss: points.map((p) => roundMoney(p.equity - base)),
      profit_loss_pct: points.map((p) => (base > 0 ? Math.round(((p.equity - base) / base) * 1e6) / 1e6 : 0)),
      base_value: base,
      base_value_asof: new Date((points[0]?.at ?? 0) * 1000).toISOString().slice(0, 10),
      timeframe: c.req.query("timeframe") ?? timeframe,
    });
  });

  return app;
}
