/** DESIGN.md section 4 `pendingConfirmation`: what the user is asked to approve, from the stored proposal. */
export interface PendingConfirmation {
  id: string;
  kind: "order" | "cancel";
  order: {
    symbol: string;
    description: string;
    side: "buy" | "sell";
    quantity: number | null;
    notional: number | null;
    orderType: "market" | "limit" | "stop" | "stop_limit";
    limitPrice: number | null;
    stopPrice: number | null;
    timeInForce: "day" | "gtc" | "ioc" | "fok";
  };
  account: {
    id: string;
    provider: "snaptrade" | "alpaca" | "plaid";
    institution: string;
    name: string;
    numberMasked: string;
    isPaper: boolean;
  };
  routing: {
    reason: string;
    alternatives: Array<{
      accountId: string;
      institution: string;
      name: string;
      holds: number;
      buyingPower: number | null;
      canTrade: boolean;
      whyNot: string | null;
    }>;
  };
  estimate: {
    price: number | null;
    priceSource: string;
    asOf: string;
    amount: number | null;
    amountSource: "broker_preview" | "estimate";
    fees: number | null;
    buyingPowerBefore: number | null;
    buyingPowerAfter: number | null;
    currency: string;
  };
  warnings: string[];
  text: string;
  hash: string;
  expiresAt: string;
}
