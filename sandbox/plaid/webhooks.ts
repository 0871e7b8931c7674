import { createHash } from "node:crypto";
import { SignJWT } from "jose";
import type { EcSigningKey } from "../lib/ec-key.js";
import type { SandboxContext } from "../runtime/context.js";
import type { WebhookDelivery } from "../world/types.js";
import { plaidWebhookPayload } from "./webhook-payloads.js";

export interface PlaidWebhookInput {
  itemId: string;
  webhookType?: string;
  webhookCode?: string;
  [field: string]: unknown;
}

/**
 * Plaid webhooks, signed the way Plaid signs them: a `Plaid-Verification` ES256 JWT whose
 * header carries the `kid` served by /webhook_verification_key/get and whose claims carry
 * `iat` and the SHA-256 of the exact body bytes.
 */
export class PlaidWebhooks {
  constructor(
    private readonly ctx: SandboxContext,
    readonly key: EcSigningKey,
  ) {}

  /** The JWK /webhook_verification_key/get answers for this key. */
  verificationJwk() {
    const { alg, crv, kid, kty, use, x, y } = this.key.publicJwk();
    return { alg, crv, kid, kty, use, x, y, created_at: this.key.createdAt, expired_at: null };
  }

  async send(input: PlaidWebhookInput): Promise<WebhookDelivery | null> {
    const url = this.ctx.config.plaidWebhookUrl;
    if (!url) return null;
    const { itemId, webhookType = "HOLDINGS", webhookCode = "DEFAULT_UPDATE", ...extra } = input;
    const payload = {
      ...plaidWebhookPayload(webhookType, webhookCode, itemId, {
        holdingsCount: this.holdingsCount(itemId),
        now: this.ctx.world.now(),
      }),
      ...extra,
    };
    const body = JSON.stringify(payload);
    const jwt = await new SignJWT({ request_body_sha256: createHash("sha256").update(body).digest("hex") })
      .setProtectedHeader({ alg: "ES256", kid: this.key.kid, typ: "JWT" })
      .setIssuedAt()
      .sign(this.key.privateKey);
    return this.ctx.webhooks.send({
      provider: "plaid",
      eventType: `${webhookType}.${webhookCode}`,
      url,
      body,
      headers: { "Plaid-Verification": jwt },
      payload,
    });
  }

  private holdingsCount(itemId: string): number {
    return this.ctx.world.accountsOfItem(itemId).reduce((n, a) => n + a.positions.length, 0);
  }
}
