import { type Context, Hono } from "hono";
import { newId } from "../lib/ids.js";
import { roundMoney } from "../lib/numbers.js";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";
import type { Operation } from "../runtime/operation.js";
import type { Instrument } from "../world/catalogue.js";
import { buyingPower } from "../world/ledger.js";
import { cancelOrder, type OrderRequest, refusalFor, submitOrder } from "../world/matching.js";
import type { Account, SnaptradeConnection, TradeImpact } from "../world/types.js";
import { snaptradeAuth } from "./authenticate.js";
import { snaptradeErrors } from "./errors.js";
import { visibleAccount } from "./scope.js";
import {
  accountSimpleShape,
  orderRecordShape,
  SNAPTRADE_ORDER_TYPES,
  SNAPTRADE_TIME_IN_FORCE,
  USD,
  universalSymbol,
} from "./serialize.js";
import { type NormalizedTrade, parseTradeForm } from "./trade-form.js";

/** The world's order for a SnapTrade trade form. */
function orderRequest(account: Account, instrument: Instrument, trade: NormalizedTrade): OrderRequest {
  return {
    provider: "snaptrade",
    accountId: account.id,
    symbol: instrument.symbol,
    side: trade.side,
    quantity: trade.units,
    notional: trade.units === null ? trade.notional : null,
    orderType: trade.orderType,
    limitPrice: trade.limitPrice,
    stopPrice: trade.stopPrice,
    timeInForce: trade.timeInForce,
    clientOrderId: trade.clientOrderId,
  };
}

/** SnapTrade takes only a UUID as `client_order_id`. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A trade id from `trade/impact` is valid for five minutes, and only once. */
export const TRADE_TTL_MS = 5 * 60_000;

type Tradable = { ok: true; account: Account; instrument: Instrument } | { ok: false; response: Response };

/** Trading endpoints: quotes, symbol search, impact, place (checked and forced), cancel. */
export function snaptradeTradingRoutes(ctx: SandboxContext, operation: Operation): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { world } = ctx;
  const auth = snaptradeAuth(ctx, "userAndSecret");
  const referenceAuth = snaptradeAuth(ctx, "none");

  /** Read-only and disabled connections refuse trading, as SnapTrade does. */
  const tradable = (c: Context<SandboxEnv>, accountId: string, symbolRef: string): Tradable => {
    const found = visibleAccount(world, c, accountId);
    if (!found) return { ok: false, response: c.json(snaptradeErrors.notFound(), 404) };
    const refusal = connectionRefusal(c, found.connection);
    if (refusal) return { ok: false, response: refusal };
    const instrument = world.catalogue.find(symbolRef);
    if (!instrument) {
      return {
        ok: false,
        response: c.json(snaptradeErrors.badRequest(`Could not find symbol: ${symbolRef}`), 400),
      };
    }
    return { ok: true, account: found.account, instrument };
  };

  const connectionRefusal = (c: Context<SandboxEnv>, connection: SnaptradeConnection): Response | null => {
    if (connection.disabled) return c.json(snaptradeErrors.connectionDisabled(), 402);
    if (connection.type === "read") {
      return c.json(
        snaptradeErrors.permission(
          `The connection to ${connection.brokerage.name} is read-only; trading requires a trade connection.`,
        ),
        403,
      );
    }
    return null;
  };

  /** What the brokerage refuses before the order reaches the market; impact refuses it too. */
  const brokerageRefusal = (
    c: Context<SandboxEnv>,
    account: Account,
    instrument: Instrument,
    trade: NormalizedTrade,
  ): Response | null => {
    const connection = account.connectionId ? world.connections.get(account.connectionId) : undefined;
    const fractional = trade.units !== null && !Number.isInteger(trade.units);
    if (fractional && connection?.brokerage.allowsFractionalUnits === false) {
      return c.json(
        snaptradeErrors.badRequest(`${connection.brokerage.name} does not support fractional units.`),
        400,
      );
    }
    const refusal = refusalFor(world, orderRequest(account, instrument, trade));
    return refusal
      ? c.json(snaptradeErrors.badRequest(`Order could not be placed: ${refusal.message}`), 400)
      : null;
  };

  const place = (
    c: Context<SandboxEnv>,
    account: Account,
    instrument: Instrument,
    trade: NormalizedTrade,
  ) => {
    const refused = brokerageRefusal(c, account, instrument, trade);
    if (refused) return refused;
    const result = submitOrder(world, orderRequest(account, instrument, trade));
    if (!result.ok) {
      return c.json(snaptradeErrors.badRequest(`Order could not be placed: ${result.refusal.message}`), 400);
    }
    return c.json(orderRecordShape(world, result.order));
  };

  app.get("/accounts/:accountId/quotes", operation("quotes"), auth, (c) => {
    if (!visibleAccount(world, c, c.req.param("accountId") ?? ""))
      return c.json(snaptradeErrors.notFound(), 404);
    const refs = (c.req.query("symbols") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const instruments = refs.map((ref) => world.catalogue.find(ref));
    const unknown = refs.filter((_, i) => !instruments[i]);
    if (refs.length === 0 || unknown.length > 0) {
      return c.json(
        snaptradeErrors.badRequest(`Could not find symbol(s): ${unknown.join(",") || "none given"}`),
        400,
      );
    }
    return c.json(
      instruments.map((instrument) => {
        const price = world.prices.price(instrument?.symbol ?? "");
        return {
          symbol: instrument ? universalSymbol(instrument) : null,
          last_trade_price: price,
          bid_price: roundMoney(price - 0.01),
          ask_price: roundMoney(price + 0.01),
          bid_size: 100,
          ask_size: 100,
        };
      }),
    );
  });

  const search = (c: Context<SandboxEnv>) => {
    const body = c.get("snaptradeBody") as { substring?: unknown } | null;
    const substring = typeof body?.substring === "string" ? body.substring : "";
    return c.json(world.catalogue.search(substring).map(universalSymbol));
  };
  app.post("/accounts/:accountId/symbols", operation("symbols"), auth, (c) =>
    visibleAccount(world, c, c.req.param("accountId") ?? "")
      ? search(c)
      : c.json(snaptradeErrors.notFound(), 404),
  );
  app.post("/symbols", operation("symbols"), referenceAuth, search);
  app.get("/symbols/:query", operation("symbols"), referenceAuth, (c) => {
    const instrument = world.catalogue.find(decodeURIComponent(c.req.param("query")));
    return instrument ? c.json(universalSymbol(instrument)) : c.json(snaptradeErrors.notFound(), 404);
  });

  app.post("/trade/impact", operation("impact"), auth, (c) => {
    const parsed = parseTradeForm(c.get("snaptradeBody"));
    if (!parsed.ok) return c.json(snaptradeErrors.badRequest(parsed.message), 400);
    const { trade } = parsed;
    const check = tradable(c, trade.accountId, trade.symbolRef);
    if (!check.ok) return check.response;
    const { account, instrument } = check;
    const refused = brokerageRefusal(c, account, instrument, trade);
    if (refused) return refused;
    const impact: TradeImpact = {
      id: newId(),
      userId: c.get("snaptradeUserId"),
      accountId: account.id,
      symbol: instrument.symbol,
      side: trade.side,
      orderType: trade.orderType,
      timeInForce: trade.timeInForce,
      limitPrice: trade.limitPrice,
      stopPrice: trade.stopPrice,
      units: trade.units,
      notional: trade.units === null ? trade.notional : null,
      createdAt: world.nowIso(),
      usedAt: null,
    };
    world.impacts.set(impact.id, impact);
    const price = trade.limitPrice ?? trade.stopPrice ?? world.prices.price(instrument.symbol);
    const cost = impact.notional ?? roundMoney((impact.units ?? 0) * price);
    const remaining = roundMoney(account.cash + (trade.side === "buy" ? -cost : cost));
    // Many brokerages give SnapTrade no price and no remaining cash for an impact.
    const withoutPrices = world.behaviour.snaptradeImpactWithoutPrices;
    return c.json({
      trade: {
        id: impact.id,
        account: account.id,
        order_type: SNAPTRADE_ORDER_TYPES[impact.orderType],
        time_in_force: SNAPTRADE_TIME_IN_FORCE[impact.timeInForce],
        symbol: {
          brokerage_symbol_id: instrument.id,
          universal_symbol_id: instrument.id,
          currency: USD,
          local_id: instrument.symbol,
        },
        action: trade.side === "buy" ? "BUY" : "SELL",
        units: impact.units ?? roundMoney((impact.notional ?? 0) / price),
        price: withoutPrices ? null : price,
      },
      trade_impacts: [
        {
          account: account.id,
          currency: USD.id,
          remaining_cash: withoutPrices ? null : remaining,
          estimated_commission: 0,
          forex_fees: 0,
        },
      ],
      combined_remaining_balance: {
        account: accountSimpleShape(world, account),
        currency: USD,
        cash: withoutPrices
          ? null
          : roundMoney(buyingPower(world, account) + (trade.side === "buy" ? -cost : cost)),
      },
    });
  });

  /** `trade/place`: no impact, no dedupe (SnapTrade passes client_order_id through). */
  app.post("/trade/place", operation("placeOrder"), auth, (c) => {
    const parsed = parseTradeForm(c.get("snaptradeBody"));
    if (!parsed.ok) return c.json(snaptradeErrors.badRequest(parsed.message), 400);
    const { clientOrderId } = parsed.trade;
    if (clientOrderId !== null && !UUID.test(clientOrderId))
      return c.json(snaptradeErrors.badRequest("client_order_id must be a valid UUID."), 400);
    const check = tradable(c, parsed.trade.accountId, parsed.trade.symbolRef);
    if (!check.ok) return check.response;
    return place(c, check.account, check.instrument, parsed.trade);
  });

  app.post("/trade/:tradeId", operation("placeOrder"), auth, (c) => {
    const tradeId = c.req.param("tradeId");
    const impact = world.impacts.get(tradeId);
    if (!impact || impact.userId !== c.get("snaptradeUserId")) return c.json(snaptradeErrors.notFound(), 404);
    if (impact.usedAt)
      return c.json(snaptradeErrors.badRequest(`Trade ${tradeId} has already been placed.`), 400);
    const age = world.now().getTime() - new Date(impact.createdAt).getTime();
    if (age > TRADE_TTL_MS) {
      return c.json(
        snaptradeErrors.badRequest(`Trade ${tradeId} has expired. Please create a new trade impact.`),
        400,
      );
    }
    const check = tradable(c, impact.accountId, impact.symbol);
    if (!check.ok) return check.response;
    impact.usedAt = world.nowIso();
    return place(c, check.account, check.instrument, {
      accountId: impact.accountId,
      symbolRef: impact.symbol,
      side: impact.side,
      orderType: impact.orderType,
      timeInForce: impact.timeInForce,
      limitPrice: impact.limitPrice,
      stopPrice: impact.stopPrice,
      units: impact.units,
      notional: impact.notional,
      clientOrderId: null,
    });
  });

  app.post("/accounts/:accountId/trading/cancel", operation("cancel"), auth, (c) => {
    const found = visibleAccount(world, c, c.req.param("accountId") ?? "");
    if (!found) return c.json(snaptradeErrors.notFound(), 404);
    if (found.connection.disabled) return c.json(snaptradeErrors.connectionDisabled(), 402);
    const body = c.get("snaptradeBody") as { brokerage_order_id?: unknown } | null;
    const order = world.orders.get(String(body?.brokerage_order_id ?? ""));
    if (!order?.visible || order.accountId !== found.account.id)
      return c.json(snaptradeErrors.notFound(), 404);
    const result = cancelOrder(world, order);
    if (!result.ok) {
      const record = orderRecordShape(world, order);
      return c.json(
        snaptradeErrors.badRequest(`Order ${order.id} cannot be canceled (status ${record.status}).`),
        400,
      );
    }
    return c.json({ brokerage_order_id: order.id, raw_response: { status: "CANCELED", id: order.id } });
  });

  return app;
}
