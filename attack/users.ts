import {
  DEFAULT_SUPABASE_ANON_KEY,
  DEMO_ALPACA_KEY_ID,
  DEMO_ALPACA_SECRET,
  DEMO_EMAIL,
  DEMO_PASSWORD,
  DEMO_PLAID_PUBLIC_TOKEN,
  DEMO_USER_ID,
} from "../sandbox/index.js";
import type { Secret } from "./invariants.js";
import type { Stack } from "./stack.js";

export interface Account {
  id: string;
  provider: string;
  institution: string;
  name: string;
  canTrade: boolean;
}

/** A signed-in user of the service with its linked accounts. */
export interface Actor {
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
  accounts: Account[];
  /** Things only this user may see (for the cross-user leak check). */
  markers: Set<string>;
  /** Broker credentials the service keeps for this user. */
  brokerSecrets: Secret[];
}

/** A Supabase password sign-in at the sandbox's auth server. */
export async function signIn(
  stack: Stack,
  email: string,
  password: string,
): Promise<{ token: string; refreshToken: string }> {
  const response = await fetch(`${stack.sandboxUrl}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { apikey: DEFAULT_SUPABASE_ANON_KEY, "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email} refused: ${response.status}`);
  const session = (await response.json()) as { access_token: string; refresh_token: string };
  return { token: session.access_token, refreshToken: session.refresh_token };
}

async function post(stack: Stack, token: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${stack.serviceUrl}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
    redirect: "manual",
  });
}

/** Links what a user has the way a person does: the SnapTrade portal, Alpaca keys, Plaid Link's token. */
async function link(
  stack: Stack,
  token: string,
  alpaca: { keyId: string; secret: string },
  plaidPublicToken: string,
): Promise<void> {
  const portal = (await (
    await post(stack, token, "/api/snaptrade/connection-url", { connectionType: "trade" })
  ).json()) as {
    redirectUrl: string;
  };
  const connected = await fetch(`${portal.redirectUrl}?autoconnect=1`, { redirect: "manual" });
  const callback = connected.headers.get("location");
  if (!callback) throw new Error(`the SnapTrade portal did not redirect (${connected.status})`);
  const done = await fetch(callback, { redirect: "manual" });
  if (done.status !== 302) throw new Error(`the SnapTrade callback answered ${done.status}`);
  const keys = await post(stack, token, "/api/alpaca/credentials", { ...alpaca, paper: true });
  if (keys.status !== 201) throw new Error(`Alpaca keys refused: ${keys.status} ${await keys.text()}`);
  const plaid = await post(stack, token, "/api/plaid/exchange", { publicToken: plaidPublicToken });
  if (plaid.status !== 201) throw new Error(`Plaid exchange refused: ${plaid.status} ${await plaid.text()}`);
}

async function accountsOf(stack: Stack, token: string): Promise<Account[]> {
  const response = await fetch(`${stack.serviceUrl}/api/accounts`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { accounts: Account[] }).accounts;
}

interface SeededUser {
  id: string;
  alpaca: { keyId: string; secret: string };
  plaid: { publicToken: string };
}

/**
 * The trading user of the run: well funded (so the run's own orders are not refused for want of
 * cash), with a Schwab and a Robinhood connection, an Alpaca paper account and a Plaid item.
 */
export async function seededTrader(stack: Stack, email: string): Promise<Actor> {
  const password = `attack-${crypto.randomUUID()}`;
  const seeded = await stack.admin<{ users: SeededUser[] }>("/seed", {
    users: [
      {
        email,
        password,
        snaptrade: {
          connections: [
            {
              brokerage: "Charles Schwab",
              accounts: [
                {
                  name: "Individual Brokerage",
                  cash: 5_000_000,
                  positions: [
                    { symbol: "GOOGL", units: 500 },
                    { symbol: "JPM", units: 500 },
                  ],
                },
              ],
            },
            {
              brokerage: "Robinhood",
              accounts: [
                { name: "Robinhood Individual", cash: 5_000_000, positions: [{ symbol: "AMD", units: 500 }] },
              ],
            },
          ],
        },
        alpaca: {
          cash: 5_000_000,
          positions: [
            { symbol: "NVDA", units: 500 },
            { symbol: "SPY", units: 500 },
          ],
        },
        plaid: {
          institution: "Vanguard",
          accounts: [{ name: "Vanguard Brokerage", cash: 1_000, positions: [{ symbol: "VTI", units: 3 }] }],
        },
      },
    ],
  });
  const user = seeded.users[0]!;
  const session = await signIn(stack, email, password);
  await link(stack, session.token, user.alpaca, user.plaid.publicToken);
  const accounts = await accountsOf(stack, session.token);
  return {
    id: user.id,
    email,
    password,
    ...session,
    accounts,
    markers: new Set(accounts.map((a) => a.id)),
    brokerSecrets: [{ label: `${email} Alpaca secret`, value: user.alpaca.secret }],
  };
}

/** The sandbox's demo user, linked as `npm start` links it. */
export async function demoUser(stack: Stack): Promise<Actor> {
  const session = await signIn(stack, DEMO_EMAIL, DEMO_PASSWORD);
  await link(
    stack,
    session.token,
    { keyId: DEMO_ALPACA_KEY_ID, secret: DEMO_ALPACA_SECRET },
    DEMO_PLAID_PUBLIC_TOKEN,
  );
  const accounts = await accountsOf(stack, session.token);
  return {
    id: DEMO_USER_ID,
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    ...session,
    accounts,
    markers: new Set(accounts.map((a) => a.id)),
    brokerSecrets: [{ label: "demo Alpaca secret", value: DEMO_ALPACA_SECRET }],
  };
}

/**
 * Everything no answer or log line may contain: sessions, keys, broker secrets the sandbox holds
 * for the users, and full account numbers.
 */
export async function secretsOf(stack: Stack, actors: Actor[], extra: Secret[]): Promise<Secret[]> {
  const secrets: Secret[] = [...extra];
  for (const actor of actors) {
    secrets.push(
      { label: `${actor.email} access token`, value: actor.token },
      { label: `${actor.email} refresh token`, value: actor.refreshToken },
      { label: `${actor.email} password`, value: actor.password },
      ...actor.brokerSecrets,
    );
    const world = await stack.admin<{
      accounts: Array<{ number?: string }>;
      plaidItems: Array<{ accessToken?: string }>;
    }>(`/users/${actor.id}`);
    for (const account of world.accounts) {
      if (account.number)
        secrets.push({ label: `${actor.email} full account number`, value: account.number });
    }
    for (const item of world.plaidItems) {
      if (item.accessToken)
        secrets.push({ label: `${actor.email} Plaid access token`, value: item.accessToken });
    }
  }
  return secrets;
}
