import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type BrokerSandbox,
  impatient,
  silentLogger,
  startBrokerSandbox,
  type TestCallSettings,
  testCalls,
} from "../../../test/helpers/brokers/broker-sandbox.js";
import { BrokerUnavailable, ConnectionBroken, OutcomeUnknown, RateLimited } from "../errors.js";
import type { BrokerAccount, OrderRequest } from "../model.js";
import type { TradingSession } from "../session.js";
import { createSnaptradeClient } from "./client.js";
import type { SnaptradeUserCredentials } from "./connections.js";

let sandbox: BrokerSandbox;
let credentials: SnaptradeUserCredentials;
let session: TradingSession;
/** Gives up after 500 ms: for the calls a fault holds open. */
let impatientSession: TradingSession;
let account: BrokerAccount;
const userId = "snap-faults-user";

const snaptradeClient = (overrides: Partial<TestCallSettings> = {}) =>
  createSnaptradeClient(sandbox.config.snaptrade, testCalls(overrides), silentLogger, () => new Date());

beforeAll(async () => {
  sandbox = await startBrokerSandbox();
  await sandbox.seed({
    users: [
      {
        id: userId,
        history: false,
        snaptrade: {
          connections: [
            { brokerage: "Webull", attached: true, accounts: [{ name: "Margin", cash: 50_000 }] },
          ],
        },
      },
    ],
  });
  const snaptrade = snaptradeClient();
  credentials = await snaptrade.registerUser(userId);
  session = snaptrade.session(credentials);
  impatientSession = snaptradeClient(impatient).session(credentials);
  [account] = (await session.listAccounts()) as [BrokerAccount];
});

afterEach(() => sandbox.clearFaults());
afterAll(() => sandbox.close());

let sequence = 0;
function marketBuy(): OrderRequest {
  sequence += 1;
  return {
    accountId: account.id,
    symbol: "KO",
    side: "buy",
    quantity: 1,
    notional: null,
    orderType: "market",
    limitPrice: null,
    stopPrice: null,
    timeInForce: "day",
    clientOrderId: `fault-proposal-${sequence}`,
  };
}

/** Runs a send and says how many order requests reached the broker meanwhile. */
async function sendsDuring(run: () => Promise<unknown>): Promise<number> {
  const before = await sandbox.requestCount("snaptrade", "placeOrder");
  await run().catch(() => undefined);
  return (await sandbox.requestCount("snaptrade", "placeOrder")) - before;
}

async function ordersFor(request: OrderRequest) {
  return (await sandbox.orders("snaptrade")).filter((o) => o.symbol === request.symbol);
}

async function timed<T>(run: () => Promise<T>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  try {
    await run();
    return { error: null, ms: Date.now() - started };
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
}

describe("SnapTrade reads under faults", () => {
  it("a read that times out is BrokerUnavailable", async () => {
    await sandbox.fault("snaptrade.positions", "timeout");
    const { error, ms } = await timed(() => impatientSession.listPositions(account.id));
    expect(error).toBeInstanceOf(BrokerUnavailable);
    expect(ms).toBeLessThan(2_000);
  });

  it("a read answered 500 is BrokerUnavailable, and a retrying session gets through", async () => {
    await sandbox.fault("snaptrade.positions", "error500");
    await expect(session.listPositions(account.id)).rejects.toBeInstanceOf(BrokerUnavailable);

    await sandbox.fault("snaptrade.positions", "error500", 1);
    const retrying = snaptradeClient({
      readRetry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 2_000 },
    }).session(credentials);
    await expect(retrying.listPositions(account.id)).resolves.toEqual([]);
  });

  it("a throttled read is RateLimited at once with the broker's hint, never the SDK's 35 s replay", async () => {
    await sandbox.fault("snaptrade.positions", "rateLimit", 5);
    const { error, ms } = await timed(() => session.listPositions(account.id));
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).retryAfter).toBe(1);
    expect(ms).toBeLessThan(1_000);
  });

  it("a disabled connection is ConnectionBroken, reconnectable, naming the connection", async () => {
    await sandbox.fault("snaptrade.positions", "connectionDisabled");
    const fresh = snaptradeClient().session(credentials);
    const failure = await fresh.listPositions(account.id).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConnectionBroken);
    expect(failure).toMatchObject({ reconnectable: true, connectionId: account.connectionId });
  });
});

describe("SnapTrade order sends under faults: sent once, outcome unknown", () => {
  it("no answer within the bound: OutcomeUnknown, nothing replayed", async () => {
    const request = marketBuy();
    await sandbox.fault("snaptrade.placeOrder", "timeout");
    const { error, ms } = await timed(() => impatientSession.placeOrder(request, null));
    expect(error).toBeInstanceOf(OutcomeUnknown);
    expect(ms).toBeLessThan(1_500);
    expect(await ordersFor(request)).toHaveLength(0);
    await sandbox.fault("snaptrade.placeOrder", "timeout");
    expect(await sendsDuring(() => impatientSession.placeOrder(marketBuy(), null))).toBe(1);
  });

  it("accepted, then no answer: OutcomeUnknown with exactly one order at the broker, found afterwards", async () => {
    const placedAfter = new Date();
    const request = { ...marketBuy(), symbol: "DIS" };
    await sandbox.fault("snaptrade.placeOrder", "acceptThenTimeout");
    await expect(impatientSession.placeOrder(request, null)).rejects.toBeInstanceOf(OutcomeUnknown);
    expect(await ordersFor(request)).toHaveLength(1);
    expect(await session.findOrder(request, placedAfter)).toMatchObject({ kind: "found" });
  });

  it("a previewed trade id whose placement goes unanswered: OutcomeUnknown, one order", async () => {
    const request = { ...marketBuy(), symbol: "PEP" };
    const preview = await session.previewOrder(request);
    await sandbox.fault("snaptrade.placeOrder", "acceptThenTimeout");
    await expect(impatientSession.placeOrder(request, preview)).rejects.toBeInstanceOf(OutcomeUnknown);
    expect(await ordersFor(request)).toHaveLength(1);
  });

  it("a 500 on the send: OutcomeUnknown", async () => {
    const request = { ...marketBuy(), symbol: "JNJ" };
    await sandbox.fault("snaptrade.placeOrder", "error500");
    await expect(session.placeOrder(request, null)).rejects.toBeInstanceOf(OutcomeUnknown);
    expect(await ordersFor(request)).toHaveLength(0);
    await sandbox.fault("snaptrade.placeOrder", "error500");
    expect(await sendsDuring(() => session.placeOrder(request, null))).toBe(1);
  });

  it("a throttled send is RateLimited at once: the SDK's POST replay never runs", async () => {
    const request = { ...marketBuy(), symbol: "PG" };
    await sandbox.fault("snaptrade.placeOrder", "rateLimit", 5);
    const { error, ms } = await timed(() => session.placeOrder(request, null));
    expect(error).toBeInstanceOf(RateLimited);
    expect(ms).toBeLessThan(1_000);
    expect(await ordersFor(request)).toHaveLength(0);
    expect(await sendsDuring(() => session.placeOrder(request, null))).toBe(1);
  });

  it("a disabled connection on the send: ConnectionBroken", async () => {
    await sandbox.fault("snaptrade.placeOrder", "connectionDisabled");
    await expect(session.placeOrder(marketBuy(), null)).rejects.toBeInstanceOf(ConnectionBroken);
  });
});
