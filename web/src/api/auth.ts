import type { AppConfig } from "./types.js";

/**
 * Supabase Auth through its REST API (GoTrue): only what this page needs, the password grant,
 * the refresh grant and logout. The full client (@supabase/auth-js) was two thirds of the
 * bundle for these three calls.
 */

/** The part of a GoTrue session the page uses. */
export interface Session {
  access_token: string;
  refresh_token: string;
  /** Seconds since the epoch. */
  expires_at: number;
  user: { id: string; email?: string };
}

export interface Auth {
  session(): Promise<Session | null>;
  /** The access token for `Authorization: Bearer`, refreshed first when it is about to expire. */
  accessToken(): Promise<string | null>;
  signIn(email: string, password: string): Promise<Session>;
  signOut(): Promise<void>;
  /** Calls back on sign-in, sign-out and refresh; returns an unsubscribe function. */
  onChange(listener: (session: Session | null) => void): () => void;
}

const STORAGE_KEY = "trading-agent-auth";
/** Refresh this long before expiry, so a token never runs out in the middle of a request. */
const REFRESH_MARGIN_S = 60;

/** GoTrue answered with an error (bad password, used refresh token…). */
class AuthRefused extends Error {}

function readStored(): Session | null {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null") as Session | null;
    return stored?.access_token && stored.refresh_token && stored.user?.id ? stored : null;
  } catch {
    return null;
  }
}

function toSession(body: Partial<Session> & { expires_in?: number }): Session {
  if (!body.access_token || !body.refresh_token || !body.user?.id) throw new AuthRefused("Sign-in failed.");
  const expiresAt = body.expires_at ?? Math.floor(Date.now() / 1000) + (body.expires_in ?? 3600);
  return {
    access_token: body.access_token,
    refresh_token: body.refresh_token,
    expires_at: expiresAt,
    user: { id: body.user.id, ...(body.user.email ? { email: body.user.email } : {}) },
  };
}

/** Supabase Auth with the session kept in localStorage (and followed across tabs). */
export function createAuth(config: AppConfig): Auth {
  const base = `${config.supabaseUrl.replace(/\/$/, "")}/auth/v1`;
  const listeners = new Set<(session: Session | null) => void>();
  let current = readStored();
  let refreshing: Promise<Session | null> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const call = async (path: string, body: unknown, token = config.supabaseAnonKey) => {
    const response = await fetch(`${base}${path}`, {
      method: "POST",
      headers: {
        apikey: config.supabaseAnonKey,
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      const message = answer.error_description ?? answer.msg ?? answer.message;
      throw new AuthRefused(typeof message === "string" ? message : `Sign-in failed (${response.status}).`);
    }
    return answer;
  };

  const set = (session: Session | null) => {
    current = session;
    if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else localStorage.removeItem(STORAGE_KEY);
    schedule();
    for (const listener of listeners) listener(session);
  };

  const refresh = (): Promise<Session | null> => {
    const stale = current;
    if (!stale) return Promise.resolve(null);
    refreshing ??= call("/token?grant_type=refresh_token", { refresh_token: stale.refresh_token })
      .then((body) => {
        set(toSession(body));
        return current;
      })
      .catch((error: unknown) => {
        // Refused: the session is over. Unreachable: keep it and try again on the next use.
        if (error instanceof AuthRefused) set(null);
        return current;
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  };

  function schedule() {
    clearTimeout(timer);
    if (!current) return;
    const dueMs = (current.expires_at - REFRESH_MARGIN_S) * 1000 - Date.now();
    timer = setTimeout(() => void refresh(), Math.max(dueMs, 1000));
  }

  const session = async () => {
    if (current && current.expires_at - REFRESH_MARGIN_S <= Date.now() / 1000) return refresh();
    return current;
  };

  window.addEventListener("storage", (event) => {
    if (event.key !== STORAGE_KEY) return;
    current = readStored();
    schedule();
    for (const listener of listeners) listener(current);
  });
  schedule();

  return {
    session,
    accessToken: async () => (await session())?.access_token ?? null,
    async signIn(email, password) {
      const signedIn = toSession(await call("/token?grant_type=password", { email, password }));
      set(signedIn);
      return signedIn;
    },
    async signOut() {
      const token = current?.access_token;
      set(null);
      // Revokes this browser's refresh token; forgetting the session above does not wait for it.
      if (token) await call("/logout?scope=local", {}, token).catch(() => {});
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
