import { randomBytes, randomUUID } from "node:crypto";
import { demoSeed } from "../../sandbox/demo.js";
import type { SandboxAdmin, SeededUser } from "./sandbox-admin.js";
import { ServiceClient, signIn } from "./service-client.js";

export type LinkedProvider = "snaptrade" | "alpaca" | "plaid";

export interface BenchUser {
  id: string;
  email: string;
  client: ServiceClient;
}

/**
 * A sandbox user with the demo portfolio's shape (6 accounts: 4 SnapTrade, Alpaca, Plaid), under
 * a fresh id, e-mail and broker credentials, limited to `providers`.
 */
export function portfolioSeedUser(providers: LinkedProvider[] = ["snaptrade", "alpaca", "plaid"]) {
  const demo = demoSeed().users?.[0];
  if (!demo) throw new Error("the sandbox demo seed has no user");
  const tag = randomBytes(5).toString("hex");
  return {
    id: randomUUID(),
    email: `bench-${tag}@example.com`,
    password: `bench-password-${tag}`,
    history: false,
    ...(providers.includes("snaptrade") ? { snaptrade: demo.snaptrade } : {}),
    ...(providers.includes("alpaca") && demo.alpaca
      ? { alpaca: { cash: demo.alpaca.cash, positions: demo.alpaca.positions } }
      : {}),
    ...(providers.includes("plaid") && demo.plaid
      ? { plaid: { institution: demo.plaid.institution, accounts: demo.plaid.accounts } }
      : {}),
  };
}

/** Passes the SnapTrade portal the way a browser would, then follows the redirect to our callback. */
async function linkSnaptrade(client: ServiceClient): Promise<void> {
  const answer = await client.request<{ redirectUrl: string }>("/api/snaptrade/connection-url", {
    body: { connectionType: "trade" },
  });
  if (answer.status !== 200) throw new Error(`connection-url answered ${answer.status}`);
  const { redirectUrl } = answer.body;
  const portal = new URL(redirectUrl);
  portal.searchParams.set("autoconnect", "1");
  const fromPortal = await fetch(portal, { redirect: "manual" });
  await fromPortal.body?.cancel();
  const callback = fromPortal.headers.get("location");
  if (!callback) throw new Error(`the SnapTrade portal did not redirect (${fromPortal.status})`);
  const done = await fetch(callback, { redirect: "manual" });
  await done.body?.cancel();
  if (done.status !== 302) throw new Error(`the SnapTrade callback answered ${done.status}`);
  const back = done.headers.get("location") ?? "";
  if (back.includes("warning=")) throw new Error(`the SnapTrade callback reported a problem: ${back}`);
}

/**
 * Seeds a user in the sandbox, signs in, and links every seeded provider through the service's
 * own HTTP routes (SnapTrade portal + callback, Alpaca keys, Plaid public token).
 */
export async function seedAndLinkUser(options: {
  admin: SandboxAdmin;
  serviceUrl: string;
  providers?: LinkedProvider[];
}): Promise<BenchUser & { seeded: SeededUser }> {
  const user = portfolioSeedUser(options.providers);
  const [seeded] = await options.admin.seed({ users: [user] });
  if (!seeded) throw new Error("the sandbox seeded nobody");
  const token = await signIn(options.admin.url, user.email, user.password);
  const client = new ServiceClient(options.serviceUrl, token);
  if (seeded.snaptrade) await linkSnaptrade(client);
  if (seeded.alpaca) {
    const { keyId, secret } = seeded.alpaca;
    const answer = await client.request("/api/alpaca/credentials", { body: { keyId, secret, paper: true } });
    if (answer.status !== 201) throw new Error(`Alpaca linking answered ${answer.status}`);
  }
  if (seeded.plaid) {
    const answer = await client.request("/api/plaid/exchange", {
      body: { publicToken: seeded.plaid.publicToken },
    });
    if (answer.status !== 201) throw new Error(`Plaid linking answered ${answer.status}`);
  }
  return { id: seeded.id, email: user.email, client, seeded };
}
