import { withTransaction } from "../../core/db/database.js";
import type { PoolLike } from "../../core/db/queryable.js";
import type { Logger } from "../../core/logger.js";
import type { SnaptradeClient } from "../broker-clients.js";
import { deleteAccountsOfConnection } from "../store/accounts-store.js";
import type { CredentialsStore } from "../store/credentials-store.js";
import type { KeyLinking } from "./key-linking.js";
import type { SnaptradeLinking } from "./snaptrade-linking.js";

/** What the broker sandbox's `/__sandbox/seed` answered for one user (the fields used here). */
export interface SandboxSeedResult {
  snaptrade?: { connections: unknown[] } | undefined;
  alpaca?: { keyId: string; secret: string } | undefined;
  plaid?: { itemId?: string | undefined; publicToken: string } | undefined;
}

export interface SandboxLinkingDeps {
  pool: PoolLike;
  client: SnaptradeClient | undefined;
  credentials: CredentialsStore;
  snaptrade: SnaptradeLinking;
  keys: KeyLinking;
  logger: Logger;
}

/** Passes the sandbox portal without a browser: `autoconnect=1` redirects straight to our callback. */
async function passSandboxPortal(portalUrl: string): Promise<string | undefined> {
  const url = new URL(portalUrl);
  url.searchParams.set("autoconnect", "1");
  const response = await fetch(url, { redirect: "manual" });
  await response.body?.cancel();
  const location = response.headers.get("location");
  if (!location) throw new Error(`the sandbox portal did not redirect (HTTP ${response.status})`);
  return new URL(location).searchParams.get("state") ?? undefined;
}

/**
 * Links a sandbox-seeded user the way a real user is linked: SnapTrade registration, the
 * portal and the callback sync; Alpaca keys through the same validation; the Plaid public token
 * exchanged. Safe to run at every start: what is linked and still known to the sandbox is only
 * re-synced. The embedded sandbox forgets everything when it stops, so links it no longer knows
 * (a SnapTrade user it rejects, Plaid items other than the seeded one) are dropped and redone.
 */
export async function linkSandboxUser(
  deps: SandboxLinkingDeps,
  userId: string,
  seed: SandboxSeedResult,
): Promise<void> {
  const { pool, credentials, logger } = deps;
  if (seed.snaptrade && deps.client) {
    const existing = await credentials.snaptrade(pool, userId).catch(() => null);
    const known = existing ? await deps.client.listConnections(existing).catch(() => null) : null;
    if (known && known.length > 0) {
      await deps.snaptrade.syncAfterLink(userId);
    } else {
      if (existing && !known) await deps.snaptrade.forgetUser(userId);
      const portalUrl = await deps.snaptrade.connectionUrl(
        userId,
        { connectionType: "trade" },
        "http://127.0.0.1",
      );
      await deps.snaptrade.completeCallback(await passSandboxPortal(portalUrl));
    }
  }
  if (seed.alpaca) {
    await deps.keys.linkAlpaca(userId, { keyId: seed.alpaca.keyId, secret: seed.alpaca.secret, paper: true });
  }
  if (seed.plaid) {
    const items = await credentials.plaidItems(pool, userId);
    // Without the seeded item's id (the demo seeding at start-up), a stored item that still works
    // is that link: exchanging its spent public token again would only be refused.
    const linked = seed.plaid.itemId
      ? items.some((i) => i.itemId === seed.plaid?.itemId)
      : items.length > 0 && (await deps.keys.workingPlaidItem(userId)) !== null;
    if (!linked) {
      const exchanged = await deps.keys
        .exchangePlaid(userId, seed.plaid.publicToken)
        .catch((error: unknown) => {
          // A public token works once: a sandbox that outlived our last start already gave us the item.
          if (items.length > 0) return null;
          throw error;
        });
      const itemId = exchanged?.itemId ?? items[0]?.itemId;
      const dead = items.filter((i) => i.itemId !== itemId);
      await withTransaction(pool, async (tx) => {
        for (const item of dead) {
          await deleteAccountsOfConnection(tx, userId, item.itemId);
          await credentials.deletePlaidItem(tx, userId, item.itemId);
        }
      });
      if (dead.length > 0) logger.info({ userId, dropped: dead.length }, "stale sandbox Plaid items dropped");
    }
  }
}
