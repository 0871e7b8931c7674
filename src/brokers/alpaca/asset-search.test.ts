import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrokerSandbox,
  silentLogger,
  startBrokerSandbox,
  testCalls,
} from "../../../test/helpers/brokers/broker-sandbox.js";
import type { BrokerAccount } from "../model.js";
import type { TradingSession } from "../session.js";
import { createAlpacaClient } from "./client.js";

let sandbox: BrokerSandbox;
let session: TradingSession;
let otherUsersSession: TradingSession;
let account: BrokerAccount;
let otherAccount: BrokerAccount;

beforeAll(async () => {
  sandbox = await startBrokerSandbox();
  const users = await sandbox.seed({
    symbols: [
      { symbol: "VRDX", name: "Veridex Marine Systems Corp.", price: 18.2 },
      { symbol: "VRDY.A", name: "Veridyne Class A", price: 7 },
    ],
    users: [
      { id: "assets-one", alpaca: { cash: 1_000 } },
      { id: "assets-two", alpaca: { cash: 1_000 } },
    ],
  });
  const client = createAlpacaClient(
    sandbox.config.alpaca,
    { ...testCalls(), cacheSize: 4 },
    silentLogger,
    () => new Date(),
  );
  const open = (i: number) =>
    client.session({ keyId: users[i]!.alpaca!.keyId, secret: users[i]!.alpaca!.secret, paper: true });
  session = open(0);
  otherUsersSession = open(1);
  [account] = (await session.listAccounts()) as [BrokerAccount];
  [otherAccount] = (await otherUsersSession.listAccounts()) as [BrokerAccount];
});
afterAll(() => sandbox.close());

describe("Alpaca asset search (GET /v2/assets through the SDK)", () => {
  it("finds assets by a part of the name, case-insensitive, with Alpaca's name", async () => {
    expect(await session.searchSymbols(account.id, "veridex marine")).toEqual([
      { symbol: "VRDX", description: "Veridex Marine Systems Corp.", tradable: true, fractionable: true },
    ]);
  });

  it("lists ticker-prefix matches before name matches", async () => {
    const found = await session.searchSymbols(account.id, "VRD");
    expect(found.map((f) => f.symbol)).toEqual(["VRDX", "VRDY.A"]);
  });

  it("reads the asset list once for every user of the environment", async () => {
    const before = await sandbox.requestCount("alpaca", "assets");
    await session.searchSymbols(account.id, "marine");
    await otherUsersSession.searchSymbols(otherAccount.id, "veridyne");
    expect(await sandbox.requestCount("alpaca", "assets")).toBe(before);
  });

  it("looks a share class up in any spelling", async () => {
    expect(await session.lookupSymbol(account.id, "VRDY/A")).toMatchObject({ symbol: "VRDY.A" });
    expect(await session.lookupSymbol(account.id, "vrdy-a")).toMatchObject({ symbol: "VRDY.A" });
  });

  it("answers nothing for a text no asset matches", async () => {
    expect(await session.searchSymbols(account.id, "zzyzx nothing")).toEqual([]);
  });
});
