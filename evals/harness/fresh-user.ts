import { randomBytes, randomUUID } from "node:crypto";
import { signInWithPassword } from "../../src/cli/auth.js";
import { ServiceClient } from "../../src/cli/service-client.js";
import type { SeedUser } from "../scenario-schema.js";
import type { EvalService } from "./eval-service.js";
import type { SandboxAdmin, SeededUser } from "./sandbox-admin.js";

/** A newly seeded sandbox user, signed in and linked to the service. */
export interface FreshUser {
  userId: string;
  token: string;
  client: ServiceClient;
}

/**
 * Seeds a user of its own for one scenario and links its brokers the way a person would, over
 * the service's HTTP API: the SnapTrade portal (trade access) and its callback, the Alpaca keys,
 * the Plaid public token. This mirrors `linkSandboxUser`, which the service runs for the demo user.
 */
export async function createFreshUser(
  service: EvalService,
  admin: SandboxAdmin,
  seed: SeedUser,
  options: { timeoutMs: number },
): Promise<FreshUser> {
  const userId = randomUUID();
  const email = `eval-${userId.slice(0, 8)}@example.com`;
  const password = randomBytes(12).toString("base64url");
  const { symbols, ...user } = seed;
  const [seeded] = await admin.seed({
    users: [{ id: userId, email, password, ...user }],
    ...(symbols ? { symbols } : {}),
  });
  if (!seeded) throw new Error("the sandbox seeded no user");
  const token = await signInWithPassword({
    authUrl: service.sandboxUrl,
    anonKey: "sandbox-anon-key",
    email,
    password,
  });
  await linkBrokers(service.url, token, seed, seeded);
  return { userId, token, client: new ServiceClient(service.url, token, { timeoutMs: options.timeoutMs }) };
}

async function linkBrokers(
  serviceUrl: string,
  token: string,
  seed: SeedUser,
  seeded: SeededUser,
): Promise<void> {
  const api = async (path: string, body: unknown) => {
    const response = await fetch(`${serviceUrl}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  if (seed.snaptrade && seed.snaptrade.connections.length > 0) {
    const { redirectUrl } = (await api("/api/snaptrade/connection-url", { connectionType: "trade" })) as {
      redirectUrl: string;
    };
    // The sandbox portal's autoconnect stands in for the user pressing Connect.
    const portal = new URL(redirectUrl);
    portal.searchParams.set("autoconnect", "1");
    const callback = await followOneRedirect(portal.toString());
    const back = await fetch(callback, { redirect: "manual" });
    await back.body?.cancel();
    if (back.status !== 302) throw new Error(`the SnapTrade callback answered ${back.status}`);
  }
  if (seeded.alpaca) {
    await api("/api/alpaca/credentials", {
      keyId: seeded.alpaca.keyId,
      secret: seeded.alpaca.secret,
      paper: true,
    });
  }
  if (seeded.plaid) await api("/api/plaid/exchange", { publicToken: seeded.plaid.publicToken });
}

async function followOneRedirect(url: string): Promise<string> {
  const response = await fetch(url, { redirect: "manual" });
  await response.body?.cancel();
  const location = response.headers.get("location");
  if (!location) throw new Error(`the SnapTrade portal did not redirect (HTTP ${response.status})`);
  return new URL(location, url).toString();
}
