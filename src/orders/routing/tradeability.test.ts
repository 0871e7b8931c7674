import { describe, expect, it } from "vitest";
import { canTradeNow, whyCannotTrade } from "./tradeability.js";
import type { RoutableAccount } from "./types.js";

const account = (over: Partial<RoutableAccount>): RoutableAccount => ({
  id: "a",
  provider: "snaptrade",
  institution: "Robinhood",
  name: "Individual",
  canTrade: true,
  connectionStatus: "active",
  buyingPower: 100,
  isPaper: false,
  ...over,
});

describe("whether an account can take an order, and why not", () => {
  it.each([
    [{}, null],
    [{ provider: "alpaca" as const }, null],
    [{ provider: "plaid" as const }, "it is linked through Plaid, which is read-only"],
    [
      { connectionStatus: "broken" as const },
      "its connection to Robinhood is broken and must be reconnected",
    ],
    [
      { connectionStatus: "disabled" as const },
      "its connection to Robinhood is disabled and must be reconnected",
    ],
    [{ canTrade: false }, "it is connected with read-only access; reconnect it with trading access"],
    [{ provider: "alpaca" as const, canTrade: false }, "trading is not enabled on it"],
  ])("%j → %s", (over, why) => {
    expect(whyCannotTrade(account(over))).toBe(why);
    expect(canTradeNow(account(over))).toBe(why === null);
  });
});
