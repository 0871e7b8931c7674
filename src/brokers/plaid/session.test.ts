import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type BrokerSandbox,
  impatient,
  silentLogger,
  startBrokerSandbox,
  testCalls,
} from "../../../test/helpers/brokers/broker-sandbox.js";
import { brokerCallCounter } from "../call-counter.js";
import { AuthFailed, BrokerUnavailable, ConnectionBroken, RateLimited } from "../errors.js";
import type { BrokerSession } from "../session.js";
import { createPlaidClient, type PlaidClient } from "./client.js";

let sandbox: BrokerSandbox;
let plaid: PlaidClient;
let session: BrokerSession;
/** Gives up after 500 ms: for the calls a fault holds open. */
let impatientSession: BrokerSession;
let itemId: string;
let brokenItemPublicToken: string;

beforeAll(async () => {
  sandbox = await startBrokerSandbox();
  const [user, broken] = await sandbox.seed({
    prices: { VTI: 270, BND: 73.5 },
    users: [
      {
        id: "plaid-user",
        plaid: {
          institution: "Fidelity",
          accounts: [
            {
              name: "Roth IRA",
              number: "0000111122223333",
              cash: 500,
              positions: [
                { symbol: "VTI", units: 10, avgPrice: 200 },
                { symbol: "BND", units: 4 },
              ],
            },
          ],
        },
      },
      {
        id: "plaid-broken",
        plaid: { institution: "Vanguard", loginRequired: true, accounts: [{ name: "IRA" }] },
      },
    ],
  });
  brokenItemPublicToken = broken!.plaid!.publicToken;
  plaid = createPlaidClient(sandbox.config.plaid, testCalls(), silentLogger, () => new Date());
  const exchanged = await plaid.exchangePublicToken(user!.plaid!.publicToken);
  expect(exchanged.itemId).toBe(user!.plaid!.itemId);
  itemId = exchanged.itemId;
  session = plaid.session(exchanged.accessToken);
  impatientSession = createPlaidClient(
    sandbox.config.plaid,
    testCalls(impatient),
    silentLogger,
    () => new Date(),
  ).session(exchanged.accessToken);
});

afterEach(() => sandbox.clearFaults());
afterAll(() => sandbox.close());

describe("Plaid session", () => {
  it("lists read-only investment accounts with their value", async () => {
    const [account, ...others] = await session.listAccounts();
    expect(others).toEqual([]);
    expect(account).toMatchObject({
      provider: "plaid",
      connectionId: itemId,
      institution: "Fidelity",
      name: "Roth IRA",
      numberMasked: "••••3333",
      canTrade: false,
      connectionStatus: "active",
      buyingPower: null,
      currency: "USD",
    });
    expect(account?.totalValue).toBeGreaterThan(0);
    expect(JSON.stringify(account)).not.toContain("0000111122223333");
  });

  it("lists holdings as positions, cash left out, and shares one holdings answer with listAccounts", async () => {
    const fresh = plaid.session(
      (await plaid.exchangePublicToken(await plaid.createSandboxPublicToken!("ins_1"))).accessToken,
    );
    const before = brokerCallCounter.snapshot().plaid;
    const [account] = await fresh.listAccounts();
    expect(await fresh.listPositions(account!.id)).toHaveLength(2);
    expect(brokerCallCounter.snapshot().plaid - before).toBe(1);

    const [mine] = await session.listAccounts();
    const positions = await session.listPositions(mine!.id);
    expect(positions.map((p) => p.symbol).sort()).toEqual(["BND", "VTI"]);
    expect(positions.find((p) => p.symbol === "VTI")).toMatchObject({
      quantity: 10,
      price: 270,
      marketValue: 2_700,
    });
  });

  it("lists investment transactions as activities", async () => {
    const [account] = await session.listAccounts();
    const activities = await session.listActivities(account!.id, {
      from: new Date(Date.now() - 3 * 365 * 86_400_000),
      to: new Date(Date.now() + 86_400_000),
    });
    expect(activities.length).toBeGreaterThan(0);
    expect(activities.some((a) => a.type === "buy" && a.symbol !== null && (a.amount ?? 0) < 0)).toBe(true);
  });

  it("translates failures: timeout, 500, 429, login required, bad token", async () => {
    const [account] = await session.listAccounts();
    const from = new Date(Date.now() - 86_400_000);
    const range = { from, to: new Date() };
    await sandbox.fault("plaid.transactions", "timeout");
    await expect(impatientSession.listActivities(account!.id, range)).rejects.toBeInstanceOf(
      BrokerUnavailable,
    );
    await sandbox.fault("plaid.transactions", "error500");
    await expect(session.listActivities(account!.id, range)).rejects.toBeInstanceOf(BrokerUnavailable);
    await sandbox.fault("plaid.transactions", "rateLimit");
    await expect(session.listActivities(account!.id, range)).rejects.toEqual(new RateLimited("plaid", 1));
    await sandbox.fault("plaid.transactions", "connectionDisabled");
    await expect(session.listActivities(account!.id, range)).rejects.toMatchObject({
      name: "ConnectionBroken",
      connectionId: itemId,
      reconnectable: true,
    });
    await expect(plaid.session("access-sandbox-unknown").listAccounts()).rejects.toBeInstanceOf(AuthFailed);
  });

  it("an item that needs a new login is ConnectionBroken", async () => {
    const broken = plaid.session((await plaid.exchangePublicToken(brokenItemPublicToken)).accessToken);
    await expect(broken.listAccounts()).rejects.toBeInstanceOf(ConnectionBroken);
  });
});
