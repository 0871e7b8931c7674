import type { AppConfig } from "../server/api-types.js";
import { ApiError, ServiceUnreachableError } from "./api-error.js";

/** Where and as whom to sign in. Flags win over what the service publishes. */
export interface SignInSettings {
  authUrl: string;
  anonKey: string;
  email: string;
  password: string;
}

export interface SignInFlags {
  authUrl?: string | undefined;
  anonKey?: string | undefined;
  email?: string | undefined;
  password?: string | undefined;
}

/** The sandbox's public anon key: the embedded default signs in with it. */
const SANDBOX_ANON_KEY = "sandbox-anon-key";

/** `GET /app-config.json`, or null when this service does not publish one. */
export async function fetchAppConfig(serviceUrl: string): Promise<AppConfig | null> {
  let response: Response;
  try {
    response = await fetch(`${serviceUrl.replace(/\/+$/, "")}/app-config.json`, {
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new ServiceUnreachableError(serviceUrl, error);
  }
  if (!response.ok) {
    await response.body?.cancel();
    return null;
  }
  const body = (await response.json().catch(() => null)) as Partial<AppConfig> | null;
  if (!body || typeof body.supabaseUrl !== "string") return null;
  return body as AppConfig;
}

/** Combines the flags with the service's app config; says exactly what is missing. */
export function resolveSignIn(flags: SignInFlags, config: AppConfig | null): SignInSettings {
  const demo = config?.demoCredentials;
  const authUrl = flags.authUrl ?? config?.supabaseUrl;
  const email = flags.email ?? demo?.email;
  const password = flags.password ?? demo?.password;
  const missing: string[] = [];
  if (!authUrl) missing.push("--auth-url <Supabase URL>");
  if (!email) missing.push("--email <address>");
  if (!password) missing.push("--password <password>");
  if (!authUrl || !email || !password) {
    const why = config
      ? "the service's /app-config.json does not include them"
      : "the service publishes no /app-config.json";
    throw new Error(`cannot sign in: ${why}; pass ${missing.join(", ")}`);
  }
  return { authUrl, email, password, anonKey: flags.anonKey ?? config?.supabaseAnonKey ?? SANDBOX_ANON_KEY };
}

/** Supabase Auth's password grant: the access token to send as `Authorization: Bearer`. */
export async function signInWithPassword(settings: SignInSettings): Promise<string> {
  const url = `${settings.authUrl.replace(/\/+$/, "")}/auth/v1/token?grant_type=password`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", apikey: settings.anonKey },
      body: JSON.stringify({ email: settings.email, password: settings.password }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new ServiceUnreachableError(settings.authUrl, error);
  }
  if (!response.ok) throw await ApiError.from(response, `sign-in as ${settings.email} failed`);
  const body = (await response.json()) as { access_token?: unknown };
  if (typeof body.access_token !== "string")
    throw new ApiError(502, "no_token", "sign-in returned no access token");
  return body.access_token;
}
