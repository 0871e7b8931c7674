import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrokerSandbox,
  silentLogger,
  startBrokerSandbox,
  testCalls,
} from "../../../test/helpers/brokers/broker-sandbox.js";
import { OrderRejected, RateLimited } from "../errors.js";
import type { BrokerAccount } from "../model.js";
import type { BudgetAnswer, BudgetPriority, RateBudget } from "../rate-budget.js";
import type { TradingSession } from "../session.js";
import { createSnaptradeClient } from "./client.js";

/** A budget the test opens and closes, recording who asked. */
class SwitchableBudget implements RateBudget {
  open = true;
  readonly asked: Array<{ credential: string; priority: BudgetPriority }> = [];
  async take(credential: string, priority: BudgetPriority): Promise<BudgetAnswer> {
    this.asked.push({ credential, priority });
    return this.open ? { granted: true } : { granted: false, retryAfterSeconds: 20 };
  }
}

let sandbox: BrokerSandbox;
let session: TradingSession;
let account: BrokerAccount;
const budget = new SwitchableBudget();

beforeAll(async () => {
  sandbox = await startBrokerSandbox();
  await sandbox.seed({
    users: [
      {
        id: "budget-user",
        history: false,
        snaptrade: {
          connections: [{ brokerage: "Webull", attached: true, accounts: [{ name: "Cash", cash: 10_000 }] }],
        },
      },
    ],
  });
  const client = createSnaptradeClient(
    sandbox.config.snaptrade,
    {
      ...testCalls({ readRetry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 60_000 } }),
      budget: { budget, credential: "snaptrade:test" },
    },
    silentLogger,
    () => new Date(),
  );
  session = client.session(await client.registerUser("budget-user"));
  [account] = (await session.listAccounts()) as [BrokerAccount];
});
afterAll(() => sandbox.close());

describe("SnapTrade calls spend the shared budget", () => {
  it("asks the budget before every call", async () => {
    budget.asked.length = 0;
    await session.listPositions(account.id);
    expect(budget.asked).toEqual([{ credential: "snaptrade:test", priority: "read" }]);
  });

  it("a read over budget is RateLimited at once, not retried or waited for, and never reaches SnapTrade", async () => {
    budget.open = false;
    try {
      const before = await sandbox.requestCount("snaptrade", "positions");
      const started = performance.now();
      const error = await session.listPositions(account.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimited);
      expect(error).toMatchObject({ retryAfter: 20, byOwnBudget: true });
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(await sandbox.requestCount("snaptrade", "positions")).toBe(before);
    } finally {
      budget.open = true;
    }
  });

  it("an order over budget is refused at once with nothing sent", async () => {
    // Preparing the order looked the symbol up; that listing is remembered.
    await session.lookupSymbol(account.id, "KO");
    budget.open = false;
    budget.asked.length = 0;
    try {
      const error = await session
        .placeOrder(
          {
            accountId: account.id,
            symbol: "KO",
            side: "buy",
            quantity: 1,
            notional: null,
            orderType: "market",
            limitPrice: null,
            stopPrice: null,
            timeInForce: "day",
            clientOrderId: "budget-order-1",
          },
          null,
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OrderRejected);
      expect((error as OrderRejected).reason).toMatch(/nothing was sent/);
      expect(await sandbox.orders("snaptrade")).toEqual([]);
      expect(budget.asked).toEqual([{ credential: "snaptrade:test", priority: "order" }]);
    } finally {
      budget.open = true;
    }
  });
});
