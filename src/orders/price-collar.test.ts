import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";

/**
 * Alpaca checks a market buy against buying power at a price above the market (its collar):
 * a buy that fits at the quoted price may still be refused, and the card says so before approval.
 */
describe("an Alpaca market buy near the account's buying power", () => {
  let t: TestService;
  const user = () => ({ userId: t.demoUserId, threadId: null, channel: "api" as const });

  beforeAll(async () => {
    t = await startTestService({
      env: { MAX_ORDER_NOTIONAL: "100000", MAX_DAILY_NOTIONAL: "1000000" },
      sandboxBehaviour: {},
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("warns on the card, and the sandbox (collar on) refuses it as Alpaca would", async () => {
    await t.admin("/__sandbox/prices", { INTC: 30 });
    const accounts = await t.service.portfolio.service.listAccounts(t.demoUserId);
    const alpaca = accounts.find((a) => a.provider === "alpaca");
    const buyingPower = alpaca!.buyingPower!;
    // 98 % of buying power at the quote: fits at the price, not at the price plus 4 %.
    const quantity = Math.floor((buyingPower * 0.98) / 30);
    const card = await t.service.orders.prepare(user(), {
      symbol: "INTC",
      side: "buy",
      quantity,
      account: "Alpaca",
    });
    expect(card.warnings.join("\n")).toMatch(
      /checks a market buy at up to .* more than this account's buying power/,
    );
    const { order } = await t.service.orders.decide(user(), card.id, {
      decision: "approve",
      hash: card.hash,
    });
    expect(order?.status).toBe("rejected");
    expect(order?.statusDetail).toMatch(/buying power/);
  });

  it("a buy well inside buying power carries no such warning", async () => {
    const card = await t.service.orders.prepare(user(), {
      symbol: "INTC",
      side: "buy",
      quantity: 1,
      account: "Alpaca",
    });
    expect(card.warnings.join("\n")).not.toMatch(/checks a market buy/);
  });
});
