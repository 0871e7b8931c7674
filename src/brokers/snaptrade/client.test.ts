import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrokerSandbox,
  silentLogger,
  startBrokerSandbox,
  testCalls,
} from "../../../test/helpers/brokers/broker-sandbox.js";
import { AuthFailed, BrokerNotFound } from "../errors.js";
import { createSnaptradeClient, type SnaptradeClient } from "./client.js";

let sandbox: BrokerSandbox;
let snaptrade: SnaptradeClient;
const userId = "snap-admin-user";

beforeAll(async () => {
  sandbox = await startBrokerSandbox();
  await sandbox.seed({
    users: [
      {
        id: userId,
        history: false,
        snaptrade: {
          connections: [
            { brokerage: "Robinhood", type: "trade", accounts: [{ name: "Individual", cash: 100 }] },
            { brokerage: "Fidelity", type: "read", attached: true, accounts: [{ name: "Roth IRA" }] },
          ],
        },
      },
    ],
  });
  snaptrade = createSnaptradeClient(sandbox.config.snaptrade, testCalls(), silentLogger, () => new Date());
});

afterAll(() => sandbox.close());

describe("SnapTrade users and connections", () => {
  it("registers a user, links a connection through the portal, and manages it", async () => {
    const credentials = await snaptrade.registerUser(userId);
    expect(credentials.userId).toBe(userId);
    expect(credentials.userSecret).toBeTruthy();

    expect((await snaptrade.listConnections(credentials)).map((c) => c.brokerageName)).toEqual(["Fidelity"]);

    const portal = await snaptrade.loginUrl(credentials, {
      connectionType: "trade",
      customRedirect: "http://127.0.0.1:9/api/snaptrade/callback?state=s",
    });
    const passed = await fetch(`${portal}?autoconnect=1`, { redirect: "manual" });
    expect(passed.status).toBe(302);
    expect(passed.headers.get("location")).toMatch(/^http:\/\/127\.0\.0\.1:9\/api\/snaptrade\/callback/);

    const connections = await snaptrade.listConnections(credentials);
    const robinhood = connections.find((c) => c.brokerageName === "Robinhood");
    expect(robinhood).toMatchObject({
      type: "trade",
      disabled: false,
      disabledAt: null,
      brokerageSlug: "ROBINHOOD",
    });
    expect(connections.find((c) => c.brokerageName === "Fidelity")).toMatchObject({ type: "read" });

    expect(await snaptrade.getConnection(credentials, robinhood!.id)).toEqual(robinhood);
    await expect(snaptrade.refreshConnection(credentials, robinhood!.id)).resolves.toBeUndefined();
    await snaptrade.removeConnection(credentials, robinhood!.id);
    await expect(snaptrade.getConnection(credentials, robinhood!.id)).rejects.toBeInstanceOf(BrokerNotFound);

    await expect(snaptrade.session({ userId, userSecret: "wrong" }).listAccounts()).rejects.toBeInstanceOf(
      AuthFailed,
    );

    await snaptrade.deleteUser(userId);
    await expect(snaptrade.listConnections(credentials)).rejects.toBeInstanceOf(AuthFailed);
  });
});
