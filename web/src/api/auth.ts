// AuthClient is the client behind `createClient(url, key).auth`; importing it alone keeps
// Storage, Realtime, PostgREST and Functions (half the library) out of the bundle.
import { AuthClient, type Session } from "@supabase/supabase-js";
import type { AppConfig } from "./types.js";

export interface Auth {
  session(): Promise<Session | null>;
  /** The access token for `Authorization: Bearer` (supabase-js refreshes it when due). */
  accessToken(): Promise<string | null>;
  signIn(email: string, password: string): Promise<Session>;
  signOut(): Promise<void>;
  /** Calls back on sign-in, sign-out and refresh; returns an unsubscribe function. */
  onChange(listener: (session: Session | null) => void): () => void;
}

/** Supabase Auth with the session kept in localStorage, as createClient would configure it. */
export function createAuth(config: AppConfig): Auth {
  const client = new AuthClient({
    url: `${config.supabaseUrl.replace(/\/$/, "")}/auth/v1`,
    headers: { apikey: config.supabaseAnonKey, authorization: `Bearer ${config.supabaseAnonKey}` },
    storageKey: "trading-agent-auth",
    persistSession: true,
    autoRefreshToken: true,
    detectSessionInUrl: false,
  });
  return {
    async session() {
      const { data } = await client.getSession();
      return data.session;
    },
    async accessToken() {
      const { data } = await client.getSession();
      return data.session?.access_token ?? null;
    },
    async signIn(email, password) {
      const { data, error } = await client.signInWithPassword({ email, password });
      if (error || !data.session) throw new Error(error?.message ?? "Sign-in failed.");
      return data.session;
    },
    async signOut() {
      // "local": forget this browser's session even when the server cannot be reached.
      await client.signOut({ scope: "local" });
    },
    onChange(listener) {
      const { data } = client.onAuthStateChange((_event, session) => listener(session));
      return () => data.subscription.unsubscribe();
    },
  };
}
