import { createClient } from "@supabase/supabase-js";
import { DEFAULT_SUPABASE_ANON_KEY } from "../defaults.js";

/**
 * supabase-js 2.109 wants a WebSocket constructor at createClient, and Node 20 has none; Auth
 * never opens a socket, so a constructor that refuses to be used is enough.
 */
class NoRealtimeTransport {
  constructor() {
    throw new Error("realtime is not available in the sandbox");
  }
}

export function supabaseClient(url: string) {
  return createClient(url, DEFAULT_SUPABASE_ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: NoRealtimeTransport as never },
  });
}
