import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrokerSandbox,
  silentLogger,
  startBrokerSandbox,
  testCalls,
} from "../../../test/helpers/brokers/broker-sandbox.js";
import { BrokerNotFound } from "../errors.js";
import type { TradingSession } from "../session.js";
import { createSnaptradeClient } from "./client.js";

let sandbox: BrokerSandbox;
let session: TradingSession;
const userId = "snap-reads-user";

beforeAll(async () => {
  sandbox = await startBrokerSandbox();
  await sandbox.seed({
    prices: { AAPL: 200, TSLA: 250, VTI: 270 },
    users: [
      {
        id: userId,
        snaptrade: {
          connections: [
            {
              brokerage: "Robinhood",
              type: "trade",
              attached: true,
              accounts: [
                {
                  name: "Individual",
                  number: "123456789",
                  cash: 5_000,
                  buyingPower: 8_000,
                  positions: [
                    { symbol: "AAPL", units: 10, avgPrice: 150 },
                    { symbol: "TSLA", units: 2, avgPrice: 300 },
                  ],
                },
              ],
            },
            {
              brokerage: "Schwab",
              type: "read",
              attached: true,
              accounts: [{ name: "Brokerage", cash: 100, positions: [{ symbol: "VTI", units: 5 }] }],
            },
            {
              brokerage: "E*TRADE",
              type: "trade",
              disabled: true,
              attached: true,
              accounts: [{ name: "Old" }],
            },
          ],
        },
      },
    ],
  });
  const snaptrade = createSnaptradeClient(
    sandbox.config.snaptrade,
    testCalls(),
    silentLogger,
    () => new Date(),
  );
  session = snaptrade.session(await snaptrade.registerUser(userId));
});

afterAll(() => sandbox.close());

async function accountNamed(name: string) {
  const account = (await session.listAccounts()).find((a) => a.name === name);
  if (!account) throw new Error(`no account ${name}`);
  return account;
}

describe("SnapTrade session reads", () => {
  it("lists accounts with balances, trading ability from the connection, and masked numbers", async () => {
    const accounts = await session.listAccounts();
    expect(accounts).toHaveLength(3);
    const individual = accounts.find((a) => a.name === "Individual");
    expect(individual).toMatchObject({
      provider: "snaptrade",
      institution: "Robinhood",
      numberMasked: "••••6789",
      canTrade: true,
      connectionStatus: "active",
      cash: 5_000,
      buyingPower: 8_000,
      currency: "USD",
    });
    expect(individual?.id).toBe(`snaptrade_${individual?.providerAccountId}`);
    expect(individual?.totalValue).toBeGreaterThan(5_000);
    expect(JSON.stringify(accounts)).not.toContain("123456789");
    expect(accounts.find((a) => a.name === "Brokerage")).toMatchObject({
      canTrade: false,
      connectionStatus: "active",
    });
    expect(accounts.find((a) => a.name === "Old")).toMatchObject({
      canTrade: false,
      connectionStatus: "disabled",
    });
  });

  it("lists positions from positions/all with numbers, total cost basis and market value", async () => {
    const account = await accountNamed("Individual");
    const positions = await session.listPositions(account.id);
    const apple = positions.find((p) => p.symbol === "AAPL");
    expect(apple).toMatchObject({
      accountId: account.id,
      quantity: 10,
      price: 200,
      marketValue: 2_000,
      costBasis: 1_500,
    });
    expect(apple?.description).toBe("Apple Inc.");
    expect(positions.map((p) => p.symbol).sort()).toEqual(["AAPL", "TSLA"]);
  });

  it("normalizes account activities", async () => {
    const account = await accountNamed("Individual");
    const activities = await session.listActivities(account.id, {
      from: new Date(Date.now() - 3 * 365 * 86_400_000),
      to: new Date(Date.now() + 86_400_000),
    });
    expect(activities.length).toBeGreaterThan(0);
    for (const activity of activities) {
      expect(activity.accountId).toBe(account.id);
      expect(["buy", "sell", "dividend", "deposit", "withdrawal", "fee", "interest", "other"]).toContain(
        activity.type,
      );
      expect(Number.isNaN(Date.parse(activity.at))).toBe(false);
    }
    expect(activities.some((a) => a.type === "buy" && a.symbol !== null)).toBe(true);
  });

  it("quotes a symbol", async () => {
    const account = await accountNamed("Individual");
    const quote = await session.getQuote(account.id, "aapl");
    expect(quote).toMatchObject({ symbol: "AAPL", price: 200, source: "snaptrade quote" });
    expect(quote.bid).toBeLessThan(quote.price);
    expect(quote.ask).toBeGreaterThan(quote.price);
  });

  it("looks up a symbol, and answers null for an unknown one", async () => {
    const account = await accountNamed("Individual");
    expect(await session.lookupSymbol(account.id, "VTI")).toMatchObject({
      symbol: "VTI",
      description: "Vanguard Total Stock Market ETF",
      tradable: true,
    });
    expect(await session.lookupSymbol(account.id, "ZZZZQ")).toBeNull();
  });

  it("gives the regular US session as its market clock", async () => {
    const clock = await session.marketClock();
    expect(typeof clock.isOpen).toBe("boolean");
    expect(Date.parse(clock.nextOpen ?? "")).toBeGreaterThan(Date.now() - 1);
  });

  it("refuses account ids of other providers or accounts it does not know", async () => {
    await expect(session.listPositions("alpaca_123")).rejects.toBeInstanceOf(BrokerNotFound);
    await expect(session.listPositions("snaptrade_not-an-account")).rejects.toBeInstanceOf(BrokerNotFound);
  });
});
