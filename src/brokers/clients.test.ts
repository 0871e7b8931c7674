import { describe, expect, it } from "vitest";
import { createLogger } from "../core/logger.js";
import { createBrokerClients } from "./clients.js";

const logger = createLogger({ level: "silent" });
const alpaca = { tradingBaseUrl: undefined, dataBaseUrl: undefined };

describe("createBrokerClients", () => {
  it("builds only the providers that have credentials; Alpaca keys are per user", () => {
    const clients = createBrokerClients({ snaptrade: undefined, plaid: undefined, alpaca }, logger);
    expect(clients.snaptrade).toBeUndefined();
    expect(clients.plaid).toBeUndefined();
    expect(clients.alpaca.session({ keyId: "PKTEST00", secret: "SKTEST00", paper: true }).provider).toBe(
      "alpaca",
    );
  });

  it("offers sandbox public tokens only against a sandbox base URL", () => {
    const live = createBrokerClients(
      {
        snaptrade: { clientId: "id", consumerKey: "key", baseUrl: undefined },
        plaid: { clientId: "id", secret: "secret", baseUrl: undefined },
        alpaca,
      },
      logger,
    );
    expect(live.snaptrade?.session({ userId: "u", userSecret: "s" }).provider).toBe("snaptrade");
    expect(live.plaid?.createSandboxPublicToken).toBeUndefined();
    const sandbox = createBrokerClients(
      {
        snaptrade: undefined,
        plaid: { clientId: "id", secret: "secret", baseUrl: "http://127.0.0.1:4010" },
        alpaca,
      },
      logger,
    );
    expect(sandbox.plaid?.createSandboxPublicToken).toBeTypeOf("function");
  });
});
