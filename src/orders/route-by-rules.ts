import type { PortfolioSnapshot } from "../portfolio/service.js";
import { routeTrade } from "../routing/route-trade.js";
import type { TradeAmount } from "../routing/types.js";
import type { RouteDecision, RouteRequest } from "./routing-port.js";

function amountOf(request: RouteRequest): TradeAmount {
  if (request.sellAll) return { kind: "all" };
  if (request.fraction !== null) return { kind: "fraction", fraction: request.fraction };
  if (request.notional !== null) return { kind: "notional", notional: request.notional };
  return { kind: "shares", quantity: request.quantity ?? 0 };
}

/** The orders engine's routing port, answered by the pure rules of src/routing over a snapshot. */
export function routeByRules(snapshot: PortfolioSnapshot, request: RouteRequest): RouteDecision {
  const result = routeTrade(
    {
      side: request.side,
      symbol: request.symbol,
      amount: amountOf(request),
      accountName: request.accountHint,
      price:
        request.estimatedAmount !== null && request.quantity
          ? request.estimatedAmount / request.quantity
          : null,
    },
    snapshot.accounts,
    snapshot.positions,
  );
  if (result.kind !== "routed") return result;
  const held = snapshot.positions
    .filter(
      (p) => p.accountId === result.account.id && p.symbol.toUpperCase() === request.symbol.toUpperCase(),
    )
    .reduce((sum, p) => sum + p.quantity, 0);
  return {
    kind: "routed",
    accountId: result.account.id,
    reason: result.reason,
    heldQuantity: held,
    alternatives: result.alternatives.map((alt) => ({
      accountId: alt.account.id,
      holds: alt.holds,
      buyingPower: alt.buyingPower,
      canTrade: alt.canTrade,
      whyNot: alt.whyNot,
    })),
    fitsBuyingPower: result.fitsBuyingPower,
    warnings: result.warnings,
  };
}
