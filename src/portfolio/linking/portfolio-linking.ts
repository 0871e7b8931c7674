import type { Account, PortfolioWarning } from "../service.js";
import type { KeyLinking } from "./key-linking.js";
import { linkSandboxUser, type SandboxLinkingDeps, type SandboxSeedResult } from "./sandbox-linking.js";
import type { ConnectionUrlRequest, SnaptradeLinking } from "./snaptrade-linking.js";

/** Every way an account gets linked, for the routes and for the embedded demo. */
export class PortfolioLinking {
  constructor(
    private readonly snaptrade: SnaptradeLinking,
    private readonly keys: KeyLinking,
    private readonly sandboxDeps: SandboxLinkingDeps,
    private readonly refreshCooldownMs: number,
  ) {}

  /** The SnapTrade portal URL (registers the user on first use). */
  connectionUrl(userId: string, request: ConnectionUrlRequest, requestOrigin: string): Promise<string> {
    return this.snaptrade.connectionUrl(userId, request, requestOrigin);
  }

  /** The portal's redirect: throws InvalidLinkState for a bad or expired state (nothing changed). */
  completeCallback(state: string | undefined): Promise<{ userId: string; warnings: PortfolioWarning[] }> {
    return this.snaptrade.completeCallback(state);
  }

  reconnectUrl(userId: string, connectionId: string): Promise<string | null> {
    return this.snaptrade.reconnectUrl(userId, connectionId);
  }

  /** Asks SnapTrade to refresh the user's connections (rate-limited), then syncs every provider. */
  refresh(userId: string): Promise<PortfolioWarning[]> {
    return this.snaptrade.refresh(userId, this.refreshCooldownMs);
  }

  linkAlpaca(userId: string, keys: { keyId: string; secret: string; paper: boolean }): Promise<Account> {
    return this.keys.linkAlpaca(userId, keys);
  }

  async exchangePlaid(userId: string, publicToken: string): Promise<Account[]> {
    return (await this.keys.exchangePlaid(userId, publicToken)).accounts;
  }

  /** Links a sandbox-seeded user as a real user would be linked; idempotent across restarts. */
  linkSandboxUser(userId: string, seed: SandboxSeedResult): Promise<void> {
    return linkSandboxUser(this.sandboxDeps, userId, seed);
  }
}
