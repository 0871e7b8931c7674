import { Products } from "plaid";
import type { Logger } from "../../core/logger.js";
import type { BrokerSession } from "../session.js";
import { type PlaidCallSettings, PlaidCalls } from "./calls.js";
import { plaidApi } from "./plaid-api.js";
import { PlaidSession } from "./session.js";

export interface PlaidSettings {
  clientId: string;
  secret: string;
  /** The sandbox; Plaid's production host when undefined. */
  baseUrl: string | undefined;
}

export interface PlaidClient {
  session(accessToken: string): BrokerSession;
  exchangePublicToken(publicToken: string): Promise<{ accessToken: string; itemId: string }>;
  /** Only against a sandbox (Plaid's or ours): mints a public token without the Link UI. */
  createSandboxPublicToken?(institutionId: string): Promise<string>;
}

/** One SDK client per process, shared by every user's session. */
export function createPlaidClient(
  settings: PlaidSettings,
  calls: PlaidCallSettings,
  logger: Logger,
  now: () => Date,
): PlaidClient {
  const api = plaidApi(settings, calls);
  const plaidCalls = new PlaidCalls(api, calls, logger);

  const client: PlaidClient = {
    session: (accessToken) => new PlaidSession(plaidCalls, accessToken, now),

    async exchangePublicToken(publicToken) {
      const exchanged = await plaidCalls.write("itemPublicTokenExchange", (options) =>
        api.itemPublicTokenExchange({ public_token: publicToken }, options),
      );
      return { accessToken: exchanged.access_token, itemId: exchanged.item_id };
    },
  };
  if (settings.baseUrl !== undefined) {
    client.createSandboxPublicToken = async (institutionId) => {
      const created = await plaidCalls.write("sandboxPublicTokenCreate", (options) =>
        api.sandboxPublicTokenCreate(
          { institution_id: institutionId, initial_products: [Products.Investments] },
          options,
        ),
      );
      return created.public_token;
    };
  }
  return client;
}
