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

/** `key`: the anon key by default; the service-role key for `auth.admin`. */
export function supabaseClient(url: string, key: string = DEFAULT_SUPABASE_ANON_KEY) {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: NoRealtimeTransport as never },
  });
}
