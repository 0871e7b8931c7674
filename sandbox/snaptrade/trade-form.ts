import { z } from "zod";
import type { OrderSide, OrderType, TimeInForce } from "../world/types.js";

/** Numbers may arrive as strings (`notional_value` is number | string in the SDK). */
const amount = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .nullish();

/** The body of `trade/impact` and `trade/place` (SnapTrade's ManualTradeForm family). */
export const tradeFormSchema = z.object({
  account_id: z.string().min(1),
  action: z.enum(["BUY", "SELL", "BUY_TO_OPEN", "BUY_TO_CLOSE", "SELL_TO_OPEN", "SELL_TO_CLOSE"]),
  universal_symbol_id: z.string().nullish(),
  symbol: z.string().nullish(),
  order_type: z.enum(["Limit", "Market", "StopLimit", "Stop"]),
  time_in_force: z.enum(["FOK", "Day", "GTC", "IOC", "GTD"]),
  trading_session: z.enum(["REGULAR", "EXTENDED"]).nullish(),
  expiry_date: z.string().nullish(),
  price: amount,
  stop: amount,
  units: amount,
  notional_value: amount,
  client_order_id: z.string().nullish(),
});

export type TradeForm = z.output<typeof tradeFormSchema>;

export interface NormalizedTrade {
  accountId: string;
  symbolRef: string;
  side: OrderSide;
  orderType: OrderType;
  timeInForce: TimeInForce;
  limitPrice: number | null;
  stopPrice: number | null;
  units: number | null;
  notional: number | null;
  clientOrderId: string | null;
}

const ORDER_TYPES: Record<TradeForm["order_type"], OrderType> = {
  Limit: "limit",
  Market: "market",
  StopLimit: "stop_limit",
  Stop: "stop",
};

const TIME_IN_FORCE: Record<TradeForm["time_in_force"], TimeInForce> = {
  FOK: "fok",
  Day: "day",
  GTC: "gtc",
  IOC: "ioc",
  GTD: "gtc",
};

export type ParsedTrade = { ok: true; trade: NormalizedTrade } | { ok: false; message: string };

/** Parses and normalizes a trade form; the message is what SnapTrade-style 400s carry. */
export function parseTradeForm(body: unknown): ParsedTrade {
  const parsed = tradeFormSchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      message: `Invalid trade: ${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`,
    };
  }
  const form = parsed.data;
  const symbolRef = form.universal_symbol_id ?? form.symbol;
  if (!symbolRef) return { ok: false, message: "Invalid trade: universal_symbol_id or symbol is required" };
  const orderType = ORDER_TYPES[form.order_type];
  return {
    ok: true,
    trade: {
      accountId: form.account_id,
      symbolRef,
      side: form.action.startsWith("BUY") ? "buy" : "sell",
      orderType,
      timeInForce: TIME_IN_FORCE[form.time_in_force],
      limitPrice: orderType === "limit" || orderType === "stop_limit" ? (form.price ?? null) : null,
      stopPrice: orderType === "stop" || orderType === "stop_limit" ? (form.stop ?? null) : null,
      units: form.units ?? null,
      notional: form.notional_value ?? null,
      clientOrderId: form.client_order_id ?? null,
    },
  };
}
