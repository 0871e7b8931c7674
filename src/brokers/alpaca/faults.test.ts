import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type BrokerSandbox,
  impatient,
  silentLogger,
  startBrokerSandbox,
  type TestCallSettings,
  testCalls,
} from "../../../test/helpers/brokers/broker-sandbox.js";
import { AuthFailed, BrokerUnavailable, OrderRejected, OutcomeUnknown, RateLimited } from "../errors.js";
import type { BrokerAccount, OrderRequest } from "../model.js";
import type { TradingSession } from "../session.js";
import { type AlpacaCredentials, createAlpacaClient } from "./client.js";

let sandbox: BrokerSandbox;
let credentials: AlpacaCredentials;
let session: TradingSession;
/** Gives up after 500 ms: for the calls a fault holds open. */
let impatientSession: TradingSession;
let account: BrokerAccount;

const alpacaClient = (overrides: Partial<TestCallSettings> = {}) =>
  createAlpacaClient(
    sandbox.config.alpaca,
    { ...testCalls(overrides), cacheSize: 4 },
    silentLogger,
    () => new Date(),
  );

beforeAll(async () => {
  sandbox = await startBrokerSandbox();
  const [user] = await sandbox.seed({
    users: [{ id: "alpaca-faults", history: false, alpaca: { cash: 50_000 } }],
  });
  credentials = { keyId: user!.alpaca!.keyId, secret: user!.alpaca!.secret, paper: true };
  session = alpacaClient().session(credentials);
  impatientSession = alpacaClient(impatient).session(credentials);
  [account] = (await session.listAccounts()) as [BrokerAccount];
});

afterEach(() => sandbox.clearFaults());
afterAll(() => sandbox.close());

let sequence = 0;
function marketBuy(symbol: string): OrderRequest {
  sequence += 1;
  return {
    accountId: account.id,
    symbol,
    side: "buy",
    quantity: 1,
    notional: null,
    orderType: "market",
    limitPrice: null,
    stopPrice: null,
    timeInForce: "day",
    clientOrderId: `alpaca-fault-${sequence}`,
  };
}

async function recorded(request: OrderRequest) {
  return (await sandbox.orders("alpaca")).filter((o) => o.clientOrderId === request.clientOrderId);
}

/** Order POSTs that reached the sandbox while `run` ran. */
async function sendsDuring(run: () => Promise<unknown>): Promise<number> {
  const before = await sandbox.requestCount("alpaca", "createOrder");
  await run().catch(() => undefined);
  return (await sandbox.requestCount("alpaca", "createOrder")) - before;
}

describe("Alpaca reads under faults", () => {
  it("timeout and 500 are BrokerUnavailable; 429 is RateLimited with the hint", async () => {
    await sandbox.fault("alpaca.account", "timeout");
    await expect(impatientSession.listAccounts()).rejects.toBeInstanceOf(BrokerUnavailable);
    await sandbox.fault("alpaca.positions", "error500");
    await expect(session.listPositions(account.id)).rejects.toBeInstanceOf(BrokerUnavailable);
    await sandbox.fault("alpaca.asset", "rateLimit", 3);
    await expect(session.lookupSymbol(account.id, "MSFT")).rejects.toEqual(new RateLimited("alpaca", 1));
  });

  it("a retrying session rides out a 500 and waits out a short rate-limit hint", async () => {
    const retrying = alpacaClient({ readRetry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 2_000 } }).session(
      credentials,
    );
    await sandbox.fault("alpaca.positions", "error500", 1);
    await expect(retrying.listPositions(account.id)).resolves.toEqual([]);
    await sandbox.fault("alpaca.asset", "rateLimit", 1);
    await expect(retrying.lookupSymbol(account.id, "MSFT")).resolves.toMatchObject({ symbol: "MSFT" });
  });

  it("a blocked account on a read is AuthFailed, on an order OrderRejected", async () => {
    await sandbox.fault("alpaca.account", "connectionDisabled");
    await expect(session.listAccounts()).rejects.toBeInstanceOf(AuthFailed);
    await sandbox.fault("alpaca.createOrder", "connectionDisabled");
    await expect(session.placeOrder(marketBuy("KO"), null)).rejects.toBeInstanceOf(OrderRejected);
  });
});

describe("Alpaca order sends under faults: sent once", () => {
  it("no answer: OutcomeUnknown, one POST, no order", async () => {
    const request = marketBuy("PEP");
    await sandbox.fault("alpaca.createOrder", "timeout");
    expect(await sendsDuring(() => impatientSession.placeOrder(request, null))).toBe(1);
    await sandbox.fault("alpaca.createOrder", "timeout");
    await expect(impatientSession.placeOrder(request, null)).rejects.toBeInstanceOf(OutcomeUnknown);
    expect(await recorded(request)).toHaveLength(0);
  });

  it("accepted then no answer: OutcomeUnknown with exactly one order; found by client order id; a resend adopts it", async () => {
    const request = marketBuy("JNJ");
    await sandbox.fault("alpaca.createOrder", "acceptThenTimeout");
    await expect(impatientSession.placeOrder(request, null)).rejects.toBeInstanceOf(OutcomeUnknown);
    expect(await recorded(request)).toHaveLength(1);

    const lookup = await session.findOrder(request, new Date(0));
    expect(lookup.kind).toBe("found");
    const resent = await session.placeOrder(request, null);
    if (lookup.kind === "found") expect(resent.brokerOrderId).toBe(lookup.order.brokerOrderId);
    expect(await recorded(request)).toHaveLength(1);
  });

  it("a 500 on the send: OutcomeUnknown after one POST", async () => {
    await sandbox.fault("alpaca.createOrder", "error500");
    const request = marketBuy("PG");
    await expect(session.placeOrder(request, null)).rejects.toBeInstanceOf(OutcomeUnknown);
    await sandbox.fault("alpaca.createOrder", "error500");
    expect(await sendsDuring(() => session.placeOrder(request, null))).toBe(1);
  });

  it("a throttled send is RateLimited after one POST: the SDK does not replay order POSTs", async () => {
    await sandbox.fault("alpaca.createOrder", "rateLimit", 3);
    const request = marketBuy("KO");
    expect(await sendsDuring(() => session.placeOrder(request, null))).toBe(1);
    await expect(session.placeOrder(request, null)).rejects.toBeInstanceOf(RateLimited);
    expect(await recorded(request)).toHaveLength(0);
  });
});
