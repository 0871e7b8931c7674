import { randomUUID } from "node:crypto";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  GetBuyingPowerResult,
  GetHoldingsResult,
  GetPerformanceResult,
} from "../src/models/tool-contracts.js";
import type { PrepareResult } from "../src/orders/contract/index.js";
import { startTestService, type TestService } from "../test/helpers/service.js";
import { createAgentTools } from "./index.js";

describe("agent tools", () => {
  let t: TestService;
  let tools: Map<string, StructuredToolInterface>;
  let otherUserId: string;
  let otherAccountId: string;
  const run = async (name: string, args: unknown, userId = t.demoUserId) =>
    String(
      await tools.get(name)!.invoke(args as never, { configurable: { thread_id: randomUUID(), userId } }),
    );

  beforeAll(async () => {
    t = await startTestService();
    tools = new Map<string, StructuredToolInterface>(
      createAgentTools({ portfolio: t.service.portfolio.service, orders: t.service.orders }).map((x) => [
        x.name,
        x,
      ]),
    );
    otherUserId = randomUUID();
    const seeded = await t.admin<{ users: Array<{ alpaca: { keyId: string; secret: string } }> }>(
      "/__sandbox/seed",
      {
        users: [
          {
            id: otherUserId,
            email: `other-${otherUserId.slice(0, 8)}@example.com`,
            password: "pw-other",
            alpaca: { cash: 1000, positions: [{ symbol: "AAPL", units: 3, avgPrice: 100 }] },
          },
        ],
      },
    );
    await t.service.portfolio.linking.linkSandboxUser(otherUserId, { alpaca: seeded.users[0]!.alpaca });
    otherAccountId = (await t.service.portfolio.service.listAccounts(otherUserId))[0]!.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it("read the signed-in user's data only", async () => {
    const mine = JSON.parse(await run("get_holdings", { symbol: "aapl" })) as GetHoldingsResult;
    expect(mine.filter).toEqual({ symbol: "AAPL" });
    expect(mine.positions[0]?.accounts.map((a) => a.institution).sort()).toEqual([
      "Charles Schwab",
      "Fidelity",
      "Robinhood",
    ]);
    const theirs = JSON.parse(await run("get_holdings", {}, otherUserId)) as GetHoldingsResult;
    expect(theirs.positions.map((p) => p.symbol)).toEqual(["AAPL"]);
    expect(JSON.stringify(theirs)).not.toContain("Schwab");
  });

  it("get_performance hands the model the figures of GET /api/portfolio/history: one computation", async () => {
    const fromTool = JSON.parse(await run("get_performance", { period: "1M" })) as GetPerformanceResult;
    const fromApi = await t.service.portfolio.service.history(t.demoUserId, "1M");
    expect(fromTool.scope).toBe("live");
    for (const key of ["period", "scope", "startValue", "netFlows"] as const)
      expect(fromTool[key]).toBe(fromApi[key]);
    expect(fromTool.change).toBe(Math.round((fromTool.gain! + fromTool.netFlows!) * 100) / 100);
  });

  it("get_buying_power never adds paper money to live money and leaves no listed account out", async () => {
    const result = JSON.parse(await run("get_buying_power", {})) as GetBuyingPowerResult;
    const accounts = await t.service.portfolio.service.listAccounts(t.demoUserId);
    expect(result.accounts.map((a) => a.accountId).sort()).toEqual(accounts.map((a) => a.id).sort());
    const liveTradeable = accounts.filter((a) => !a.isPaper && a.canTrade);
    expect(result.totalBuyingPower).toBe(liveTradeable.reduce((sum, a) => sum + (a.buyingPower ?? 0), 0));
    expect(result.totals.paper?.buyingPower).toBe(
      accounts.filter((a) => a.isPaper).reduce((sum, a) => sum + (a.buyingPower ?? 0), 0),
    );
  });

  it("refuse to run without the server-built run context", async () => {
    await expect(tools.get("get_accounts")!.invoke({}, {})).rejects.toThrow(/run context/);
  });

  it("never route to another user's account, even named by its id", async () => {
    const result = JSON.parse(
      await run("prepare_order", { symbol: "AAPL", side: "sell", quantity: 1, account: otherAccountId }),
    ) as PrepareResult;
    expect(result.status).toBe("needs_clarification");
    // The question offers the caller's own accounts; the other user's account is never used.
    expect(JSON.stringify(result)).toContain("Charles Schwab");
    const proposals = await t.service.db.pool.query("select 1 from trade_proposals where account_id = $1", [
      otherAccountId,
    ]);
    expect(proposals.rows).toHaveLength(0);
    expect(await t.sandboxOrders()).toHaveLength(0);
  });

  it("validate arguments with the contract's schemas", async () => {
    await expect(run("prepare_order", { symbol: "AAPL; DROP", side: "sell", quantity: 1 })).rejects.toThrow();
    await expect(run("get_quote", { symbol: "" })).rejects.toThrow();
  });

  it("prepare an order without sending it, and revise only a pending one", async () => {
    const prepared = JSON.parse(
      await run("prepare_order", { symbol: "NVDA", side: "buy", quantity: 1 }),
    ) as PrepareResult;
    expect(prepared.status).toBe("awaiting_confirmation");
    const revision = JSON.parse(await run("revise_pending_order", { quantity: 2 })) as PrepareResult;
    expect(revision).toMatchObject({ status: "refused" });
    expect(await t.sandboxOrders()).toHaveLength(0);
  });

  it.each([
    ["BTCUSD", /crypto/],
    ["ETH-USD", /crypto/],
    ["BITCOIN", /crypto/],
  ])("refuse a non-stock symbol in code, whatever model asked: %s", async (symbol, reason) => {
    const result = JSON.parse(
      await run("prepare_order", { symbol, side: "buy", quantity: 2 }),
    ) as PrepareResult;
    expect(result).toMatchObject({ status: "refused" });
    expect(JSON.stringify(result)).toMatch(reason);
    expect(JSON.stringify(result)).toMatch(/nothing was prepared/);
  });
});
