import type { Logger } from "../../core/logger.js";
import { type PlaidCallSettings, PlaidCalls } from "./calls.js";
import type { PlaidSettings } from "./client.js";
import { plaidApi } from "./plaid-api.js";

/** A Plaid webhook verification key (a public EC JWK) and its life. */
export interface PlaidWebhookKey {
  alg: string;
  crv: string;
  kid: string;
  kty: string;
  use: string;
  x: string;
  y: string;
  createdAt: number;
  /** Set once Plaid retired the key: webhooks signed with it are no longer to be trusted. */
  expiredAt: number | null;
}

/** `/webhook_verification_key/get`: the key that signed a webhook's `Plaid-Verification` JWT. */
export type PlaidWebhookKeySource = (keyId: string) => Promise<PlaidWebhookKey>;

export function createPlaidWebhookKeySource(
  settings: PlaidSettings,
  calls: PlaidCallSettings,
  logger: Logger,
): PlaidWebhookKeySource {
  const api = plaidApi(settings, calls);
  const plaidCalls = new PlaidCalls(api, calls, logger);
  return async (keyId) => {
    const { key } = await plaidCalls.read("webhookVerificationKeyGet", (options) =>
      api.webhookVerificationKeyGet({ key_id: keyId }, options),
    );
    return {
      alg: key.alg,
      crv: key.crv,
      kid: key.kid,
      kty: key.kty,
      use: key.use,
      x: key.x,
      y: key.y,
      createdAt: key.created_at,
      expiredAt: key.expired_at ?? null,
    };
  };
}
