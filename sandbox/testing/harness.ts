import { type RunningSandbox, type StartSandboxOptions, startSandbox } from "../server.js";
import type { snaptradeClient } from "./snaptrade-client.js";

type SnaptradeClient = ReturnType<typeof snaptradeClient>;

/** A controllable clock for tests: real time plus an offset the test moves. */
export function movableClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms: number) {
      offsetMs += ms;
    },
  };
}

/** A sandbox for one test file: loopback, free port, frozen prices unless asked otherwise. */
export function startTestSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ port: 0, priceTickMs: 0, partialFillDelayMs: 50, ...options });
}

export async function admin(sandbox: RunningSandbox, path: string, body?: unknown): Promise<Response> {
  return fetch(`${sandbox.url}/__sandbox${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * What the service does to link SnapTrade: register the user, get a portal link, pass the
 * portal (without a browser) and land on its callback URL.
 */
export async function registerAndConnect(
  client: SnaptradeClient,
  userId: string,
  login: {
    connectionType?: "read" | "trade" | "trade-if-available";
    reconnect?: string;
    broker?: string;
  } = {},
) {
  const { data: registration } = await client.authentication.registerSnapTradeUser({ userId });
  const userSecret = registration.userSecret ?? "";
  const location = await passPortal(client, userId, userSecret, login);
  return { userSecret, location };
}

export async function passPortal(
  client: SnaptradeClient,
  userId: string,
  userSecret: string,
  login: {
    connectionType?: "read" | "trade" | "trade-if-available";
    reconnect?: string;
    broker?: string;
  } = {},
): Promise<URL> {
  const { data } = await client.authentication.loginSnapTradeUser({
    userId,
    userSecret,
    connectionType: login.connectionType ?? "trade",
    customRedirect: "http://127.0.0.1:9/api/snaptrade/callback?state=signed-state",
    ...(login.reconnect ? { reconnect: login.reconnect } : {}),
    ...(login.broker ? { broker: login.broker } : {}),
  });
  const redirectURI = (data as { redirectURI: string }).redirectURI;
  const response = await fetch(`${redirectURI}?autoconnect=1`, { redirect: "manual" });
  if (response.status !== 302) throw new Error(`portal answered ${response.status}`);
  return new URL(response.headers.get("location") ?? "");
}
