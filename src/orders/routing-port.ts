import type { OrderSide } from "../brokers/model.js";
import type { PortfolioSnapshot } from "../portfolio/service.js";

/** What the orders engine asks of the routing rules (src/routing implements them). */
export interface RouteRequest {
  side: OrderSide;
  symbol: string;
  quantity: number | null;
  notional: number | null;
  sellAll: boolean;
  fraction: number | null;
  accountHint: string | null;
  /** Dollar estimate, for the buying-power check of buys (null when not yet known). */
  estimatedAmount: number | null;
}

export type RouteDecision =
  | {
      kind: "routed";
      accountId: string;
      reason: string;
      /** Shares of the symbol the chosen account holds (0 for a buy of something new). */
      heldQuantity: number;
      alternatives: Array<{
        accountId: string;
        holds: number;
        buyingPower: number | null;
        canTrade: boolean;
        whyNot: string | null;
      }>;
      /** Buys: whether routing already found the estimate above buying power (null: not checked). */
      fitsBuyingPower: boolean | null;
      warnings: string[];
    }
  | { kind: "refused"; reason: string }
  | { kind: "clarify"; question: string };

export type RouteOrder = (snapshot: PortfolioSnapshot, request: RouteRequest) => RouteDecision;
