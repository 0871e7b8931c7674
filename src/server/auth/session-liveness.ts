import type { SupabaseClient } from "@supabase/supabase-js";
import { LRUCache } from "lru-cache";
import { UnauthorizedError, UnavailableError } from "../../core/errors.js";

export interface SessionLivenessOptions {
  /** A read is served on the auth server's last "alive" answer for this long. Default 30 s. */
  readCacheSeconds?: number;
  /** A write asks again when the last answer is older than this. Default 0: every write asks. */
  writeCacheSeconds?: number;
  /** Sessions remembered (alive or revoked). Default 10,000. */
  maxSessions?: number;
}

/**
 * Whether a verified token's session (and its user) still exists, asked of the auth server
 * (`GET /auth/v1/user`: 403 `session_not_found` once the session is revoked, `user_not_found`
 * once the user is deleted). A valid signature only proves the token was issued; this is what
 * makes a logout or a deleted user stop a token before its expiry.
 */
export class SessionLiveness {
  private readonly alive: LRUCache<string, number>;
  private readonly revoked: LRUCache<string, true>;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly readCacheMs: number;
  private readonly writeCacheMs: number;

  constructor(
    private readonly supabase: SupabaseClient,
    options: SessionLivenessOptions = {},
  ) {
    this.readCacheMs = (options.readCacheSeconds ?? 30) * 1000;
    this.writeCacheMs = (options.writeCacheSeconds ?? 0) * 1000;
    const max = options.maxSessions ?? 10_000;
    this.alive = new LRUCache({ max });
    this.revoked = new LRUCache({ max });
  }

  /**
   * Resolves when the session `sessionKey` of `token` (for user `userId`) is alive; throws
   * UnauthorizedError when the auth server says it is not, UnavailableError when it cannot say.
   */
  async check(token: string, sessionKey: string, userId: string, write: boolean): Promise<void> {
    if (this.revoked.has(sessionKey)) throw revokedError();
    const askedAt = this.alive.get(sessionKey);
    const maxAge = write ? this.writeCacheMs : this.readCacheMs;
    if (askedAt !== undefined && Date.now() - askedAt < maxAge) return;
    // Concurrent requests of one session share one question.
    let pending = this.inFlight.get(sessionKey);
    if (!pending) {
      pending = this.ask(token, sessionKey, userId).finally(() => this.inFlight.delete(sessionKey));
      this.inFlight.set(sessionKey, pending);
    }
    await pending;
  }

  private async ask(token: string, sessionKey: string, userId: string): Promise<void> {
    const askedAt = Date.now();
    let answer: Awaited<ReturnType<SupabaseClient["auth"]["getUser"]>>;
    try {
      answer = await this.supabase.auth.getUser(token);
    } catch {
      throw unavailableError();
    }
    if (answer.error) {
      const status = (answer.error as { status?: number }).status ?? 0;
      // 4xx: the auth server looked at this token and refuses it (revoked session, deleted user).
      if (status >= 400 && status < 500 && status !== 429) {
        this.alive.delete(sessionKey);
        this.revoked.set(sessionKey, true);
        throw revokedError();
      }
      throw unavailableError();
    }
    if (answer.data.user?.id.toLowerCase() !== userId) throw revokedError();
    this.alive.set(sessionKey, askedAt);
  }
}

const revokedError = () =>
  new UnauthorizedError(
    "The session of this access token has ended (signed out, or the user no longer exists).",
  );

const unavailableError = () =>
  new UnavailableError("The sign-in service is not answering; please try again shortly.", "auth_unavailable");
