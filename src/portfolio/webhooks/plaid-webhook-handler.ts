import { z } from "zod";
import { withTransaction } from "../../core/db/database.js";
import type { PoolLike } from "../../core/db/queryable.js";
import { UnauthorizedError, UnavailableError, ValidationError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { setConnectionAccountsStatus } from "../store/accounts-store.js";
import type { HoldingsSync } from "../sync/holdings-sync.js";
import type { PlaidWebhookVerifier } from "./plaid-verification.js";
import {
  isPlaidEventRecorded,
  markPlaidItemBroken,
  plaidItemOwner,
  recordPlaidEvent,
  setPlaidConsentExpiry,
} from "./plaid-webhook-store.js";
import type { WebhookOutcome } from "./snaptrade-webhook-handler.js";

const plaidWebhookBody = z.looseObject({
  webhook_type: z.string().min(1),
  webhook_code: z.string().min(1),
  item_id: z.string().min(1),
  error: z.looseObject({ error_code: z.string() }).nullable().optional(),
  consent_expiration_time: z.string().datetime({ offset: true }).nullable().optional(),
});

export interface PlaidWebhookDeps {
  pool: PoolLike;
  verifier: PlaidWebhookVerifier | undefined;
  sync: HoldingsSync;
  logger: Logger;
}

/**
 * Plaid webhook deliveries: verified (Plaid-Verification JWT), de-duplicated by the signed body
 * and its issue time, then applied. HOLDINGS DEFAULT_UPDATE re-reads the user's Plaid holdings;
 * ITEM ERROR marks the item and its accounts broken; ITEM PENDING_EXPIRATION records when the
 * consent ends. Other events are acknowledged and ignored.
 */
export class PlaidWebhookHandler {
  constructor(private readonly deps: PlaidWebhookDeps) {}

  async handle(rawBody: string, verification: string | undefined): Promise<WebhookOutcome> {
    const { verifier, pool, logger } = this.deps;
    if (!verifier) throw new UnavailableError("Plaid is not configured on this server.");
    const verified = await verifier.verify(rawBody, verification);
    if (!verified.ok) {
      logger.warn({ reason: verified.reason }, "Plaid webhook refused");
      throw new UnauthorizedError(
        verified.reason === "stale"
          ? "The webhook's Plaid-Verification token is older than 5 minutes."
          : "The webhook's Plaid-Verification signature is missing or invalid.",
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      throw new ValidationError("The webhook body is not JSON.");
    }
    const parsed = plaidWebhookBody.safeParse(json);
    if (!parsed.success) throw new ValidationError("The webhook body is not a Plaid webhook.");
    const body = parsed.data;
    const event = {
      id: `plaid:${verified.bodySha256}:${verified.iat}`,
      eventType: `${body.webhook_type}.${body.webhook_code}`,
    };
    const userId = await plaidItemOwner(pool, body.item_id);
    if (!userId || !isHandled(event.eventType)) {
      return (await withTransaction(pool, (tx) => recordPlaidEvent(tx, event, userId)))
        ? "ignored"
        : "duplicate";
    }
    if (event.eventType === "HOLDINGS.DEFAULT_UPDATE") {
      if (await isPlaidEventRecorded(pool, event.id)) return "duplicate";
      const { plan } = await this.deps.sync.syncProvider(userId, "plaid");
      if (plan.warnings.length > 0 || plan.failed.some((f) => f.failure.status === null)) {
        // A passing failure: answer non-2xx so Plaid delivers the update again.
        throw new UnavailableError("Plaid could not be read to process this update; deliver it again later.");
      }
      return (await withTransaction(pool, (tx) => recordPlaidEvent(tx, event, userId)))
        ? "processed"
        : "duplicate";
    }
    const applied = await withTransaction(pool, async (tx) => {
      if (!(await recordPlaidEvent(tx, event, userId))) return false;
      if (event.eventType === "ITEM.ERROR") {
        await markPlaidItemBroken(tx, userId, body.item_id, body.error?.error_code ?? null);
        await setConnectionAccountsStatus(tx, userId, body.item_id, "broken");
      } else {
        await setPlaidConsentExpiry(tx, userId, body.item_id, body.consent_expiration_time ?? null);
      }
      return true;
    });
    return applied ? "processed" : "duplicate";
  }
}

function isHandled(eventType: string): boolean {
  return (
    eventType === "HOLDINGS.DEFAULT_UPDATE" ||
    eventType === "ITEM.ERROR" ||
    eventType === "ITEM.PENDING_EXPIRATION"
  );
}
