/** Fixed default credentials: the sandbox accepts these unless told otherwise (see README). */
export const DEFAULT_SNAPTRADE_CLIENT_ID = "SANDBOX-CLIENT-ID";
export const DEFAULT_SNAPTRADE_CONSUMER_KEY = "sandbox-consumer-key";
export const DEFAULT_PLAID_CLIENT_ID = "sandbox-plaid-client-id";
export const DEFAULT_PLAID_SECRET = "sandbox-plaid-secret";
export const DEFAULT_SUPABASE_ANON_KEY = "sandbox-anon-key";

/** Default port of the CLI (`npm run sandbox`). The library defaults to 0 (a free port). */
export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = "127.0.0.1";
