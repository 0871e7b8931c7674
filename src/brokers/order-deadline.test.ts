import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrokerSandbox,
  silentLogger,
  startBrokerSandbox,
} from "../../test/helpers/brokers/broker-sandbox.js";
import { loadConfig } from "../core/config.js";
import { createBrokerClients } from "./clients.js";
import { OutcomeUnknown } from "./errors.js";
import type { OrderRequest } from "./model.js";

/** The broker accepts the order and then stays silent far longer than any deadline here. */
const brokerSilenceMs = 20_000;
const configuredDeadlineMs = 700;

let sandbox: BrokerSandbox;

beforeAll(async () => {
  sandbox = await startBrokerSandbox({ faultHoldMs: brokerSilenceMs });
});
afterAll(() => sandbox.close());

function clients(env: Record<string, string>) {
  const { brokerCalls } = loadConfig(env);
  return createBrokerClients({ ...sandbox.config, brokerCalls }, silentLogger, {
    readRetry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 50 },
  });
}

const marketBuy = (accountId: string, clientOrderId: string): OrderRequest => ({
  accountId,
  symbol: "KO",
  side: "buy",
  quantity: 1,
  notional: null,
  orderType: "market",
  limitPrice: null,
  stopPrice: null,
  timeInForce: "day",
  clientOrderId,
});

async function elapsed(run: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

describe("an order send has its own configured deadline", () => {
  it("is a few seconds by default, shorter than any read timeout", () => {
    const { brokerCalls } = loadConfig({});
    expect(brokerCalls.orderDeadlineMs).toBeLessThanOrEqual(5_000);
    expect(brokerCalls.orderDeadlineMs).toBeLessThan(brokerCalls.timeoutMs);
    expect(() => loadConfig({ BROKER_ORDER_DEADLINE_MS: "soon" })).toThrow(/BROKER_ORDER_DEADLINE_MS/);
  });

  it("SnapTrade: a placement the broker never answers is `unknown` once the configured deadline passes", async () => {
    await sandbox.seed({
      users: [
        {
          id: "deadline-snap",
          history: false,
          snaptrade: {
            connections: [
              { brokerage: "Webull", attached: true, accounts: [{ name: "Cash", cash: 10_000 }] },
            ],
          },
        },
      ],
    });
    const snaptrade = clients({ BROKER_ORDER_DEADLINE_MS: String(configuredDeadlineMs) }).snaptrade!;
    const session = snaptrade.session(await snaptrade.registerUser("deadline-snap"));
    const [account] = await session.listAccounts();
    await sandbox.fault("snaptrade.placeOrder", "acceptThenTimeout");
    const { error, ms } = await elapsed(() =>
      session.placeOrder(marketBuy(account!.id, "deadline-snap-1"), null),
    );
    expect(error).toBeInstanceOf(OutcomeUnknown);
    expect(ms).toBeGreaterThanOrEqual(configuredDeadlineMs - 50);
    expect(ms).toBeLessThan(brokerSilenceMs / 2);
    // It did reach the broker: the reconciler, not a resend, settles it.
    expect((await sandbox.orders("snaptrade")).length).toBe(1);
  });

  it("Alpaca: the same deadline bounds an order POST", async () => {
    const [user] = await sandbox.seed({
      users: [{ id: "deadline-alpaca", history: false, alpaca: { cash: 10_000 } }],
    });
    const alpaca = clients({ BROKER_ORDER_DEADLINE_MS: String(configuredDeadlineMs) }).alpaca;
    const session = alpaca.session({ keyId: user!.alpaca!.keyId, secret: user!.alpaca!.secret, paper: true });
    const [account] = await session.listAccounts();
    await sandbox.fault("alpaca.createOrder", "acceptThenTimeout");
    const { error, ms } = await elapsed(() =>
      session.placeOrder(marketBuy(account!.id, "deadline-alpaca-1"), null),
    );
    expect(error).toBeInstanceOf(OutcomeUnknown);
    expect(ms).toBeLessThan(brokerSilenceMs / 2);
  });
});
