import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { DEFAULT_SUPABASE_ANON_KEY } from "../../sandbox/index.js";
import type { PendingConfirmation } from "../../src/server/api-types.js";
import type { CallResult } from "../exchange-log.js";
import { type Run, Session } from "../trading.js";
import { type Actor, signIn } from "../users.js";
import { cardOf } from "./expect.js";

const CATEGORY = "cross-user";

/** What user A has that user B tries to reach. */
interface Victim {
  threads: Array<{ threadId: string; card: PendingConfirmation }>;
  orderIds: string[];
  accountIds: string[];
  /** Ids and hashes only A's answers may contain. */
  markers: Set<string>;
}

async function victimOf(run: Run, a: Session): Promise<Victim> {
  const threads = [await a.cardFor("buy 41 shares of NVDA"), await a.cardFor("buy 41 shares of GOOGL")];
  const orders = (await a.orders()).slice(0, 2);
  const markers = new Set<string>([
    ...a.actor.markers,
    ...orders.flatMap((o) => [o.id, o.brokerOrderId ?? ""]),
  ]);
  for (const { threadId, card } of threads) for (const m of [threadId, card.id, card.hash]) markers.add(m);
  markers.delete("");
  void run;
  return {
    threads,
    orderIds: orders.map((o) => o.id),
    accountIds: a.actor.accounts.map((acc) => acc.id),
    markers,
  };
}

/** Everything B has sent so far: B's own answers may echo it. */
const sentByB: string[] = [];

/** B's answer must be a refusal (4xx) and contain nothing of A's that B did not send. */
function judge(
  run: Run,
  victim: Victim,
  name: string,
  sent: string,
  answer: CallResult,
  refusal = true,
): void {
  run.log.attempt(CATEGORY);
  sentByB.push(sent);
  if (refusal && answer.status >= 200 && answer.status < 300) {
    run.log.find(
      CATEGORY,
      "unauthorized",
      `${name}: answered ${answer.status}: ${answer.text.slice(0, 160)}`,
    );
    return;
  }
  const leaked = [...victim.markers].filter(
    (m) => answer.text.includes(m) && !sentByB.some((t) => t.includes(m)),
  );
  if (leaked.length > 0)
    run.log.find(CATEGORY, "unauthorized", `${name}: the answer holds A's ${leaked.join(", ")}`);
}

async function mcpAttempts(run: Run, b: Actor, victim: Victim): Promise<void> {
  const client = new Client({ name: "attack", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL("/mcp", run.stack.serviceUrl), {
      requestInit: { headers: { authorization: `Bearer ${b.token}` } },
    }),
  );
  const calls: Array<[string, Record<string, unknown>]> = [
    ...victim.orderIds.map((orderId): [string, Record<string, unknown>] => ["get_orders", { orderId }]),
    ...victim.orderIds.map((orderId): [string, Record<string, unknown>] => ["prepare_cancel", { orderId }]),
    ["get_holdings", { account: victim.accountIds[0] }],
    ["get_transactions", { account: victim.accountIds[0] }],
    ["prepare_order", { symbol: "NVDA", side: "buy", quantity: 1, accountId: victim.accountIds[0] }],
  ];
  for (const [name, args] of calls) {
    const result = await client
      .callTool({ name, arguments: args })
      .catch((e: Error) => ({ error: e.message }));
    const text = JSON.stringify(result);
    run.log.note(CATEGORY, `MCP ${name}`, text);
    const answer: CallResult = { status: 400, headers: new Headers(), text, json: result };
    judge(run, victim, `MCP ${name} ${JSON.stringify(args)}`, JSON.stringify(args), answer, false);
    const account = (result as { structuredContent?: { account?: { id?: string } } }).structuredContent
      ?.account?.id;
    if (account && victim.accountIds.includes(account)) {
      run.log.find(CATEGORY, "unauthorized", `MCP ${name}: a card on A's account ${account}`);
    }
  }
  await client.close();
}

/** Reads a Server-Sent Events stream for a moment. */
async function streamFor(run: Run, token: string, ms: number): Promise<CallResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  let text = "";
  let status = 0;
  try {
    const response = await fetch(`${run.stack.serviceUrl}/api/portfolio/stream`, {
      headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
      signal: controller.signal,
    });
    status = response.status;
    const reader = response.body!.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
  } catch {
    // the abort ends the read
  } finally {
    clearTimeout(timer);
  }
  run.log.note(CATEGORY, "GET /api/portfolio/stream", text);
  return { status, headers: new Headers(), text, json: undefined };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Tokens that are not B's valid session: forged, unsigned, revoked. */
async function forgedTokens(run: Run, a: Actor, b: Actor): Promise<Array<[string, string]>> {
  const [header, payload, signature] = b.token.split(".") as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
  const asA = b64url({ ...claims, sub: a.id, email: a.email });
  const revoked = await signIn(run.stack, a.email, a.password);
  await fetch(`${run.stack.sandboxUrl}/auth/v1/logout?scope=global`, {
    method: "POST",
    headers: { apikey: DEFAULT_SUPABASE_ANON_KEY, authorization: `Bearer ${revoked.token}` },
  });
  // The logout ended A's other sessions too: A signs in again for what follows.
  Object.assign(a, await signIn(run.stack, a.email, a.password));
  return [
    ["B's token with its subject changed to A", `${header}.${asA}.${signature}`],
    ["an unsigned token (alg none) for A", `${b64url({ alg: "none", typ: "JWT" })}.${asA}.`],
    ["a token of A's session after a global logout", revoked.token],
    ["no token at all", ""],
  ];
}

export async function crossUser(run: Run, a: Actor, b: Actor): Promise<void> {
  const sa = new Session(run, CATEGORY, a);
  const sb = new Session(run, CATEGORY, b);
  const victim = await victimOf(run, sa);
  const bThread = await sb.newThread();
  const attempt = async (name: string, method: string, path: string, body?: unknown, refusal = true) => {
    const answer = await sb.call(method, path, body === undefined ? {} : { body });
    judge(run, victim, name, `${path} ${JSON.stringify(body ?? "")}`, answer, refusal);
    return answer;
  };
  for (const { threadId, card } of run.quick ? victim.threads.slice(0, 1) : victim.threads) {
    const approve = { decision: "approve", hash: card.hash };
    await attempt("read A's thread", "GET", `/api/threads/${threadId}`);
    await attempt("write in A's thread", "POST", `/api/threads/${threadId}/messages`, { content: "yes" });
    await attempt("approve A's card", "POST", `/api/threads/${threadId}/confirmations/${card.id}`, approve);
    await attempt("reject A's card", "POST", `/api/threads/${threadId}/confirmations/${card.id}`, {
      decision: "reject",
    });
    await attempt("edit A's card", "POST", `/api/threads/${threadId}/confirmations/${card.id}`, {
      decision: "edit",
      changes: { quantity: 1 },
    });
    await attempt(
      "approve A's card on B's thread",
      "POST",
      `/api/threads/${bThread}/confirmations/${card.id}`,
      approve,
    );
    await attempt("read A's card (MCP page)", "GET", `/api/mcp/confirmations/${card.id}`);
    await attempt(
      "approve A's card (MCP page)",
      "POST",
      `/api/mcp/confirmations/${card.id}/decision`,
      approve,
    );
    await attempt("reject A's card (MCP page)", "POST", `/api/mcp/confirmations/${card.id}/decision`, {
      decision: "reject",
    });
    const page = await fetch(`${run.stack.serviceUrl}/confirm/${card.id}`, {
      headers: { authorization: `Bearer ${b.token}` },
    });
    judge(
      run,
      victim,
      "open A's approval page",
      card.id,
      await run.log.record(CATEGORY, "GET", `/confirm/${card.id}`, page, "GET /confirm/{proposalId}"),
      false,
    );
  }
  for (const orderId of run.quick ? victim.orderIds.slice(0, 1) : victim.orderIds) {
    await attempt("read A's order", "GET", `/api/orders/${orderId}`);
    await attempt("cancel A's order", "POST", `/api/orders/${orderId}/cancel`);
  }
  for (const accountId of run.quick ? victim.accountIds.slice(0, 1) : victim.accountIds) {
    await attempt("A's transactions", "GET", `/api/transactions?accountId=${encodeURIComponent(accountId)}`);
    const own = await sb.cardFor("buy 1 share of NVDA");
    const edited = await attempt(
      "move B's card to A's account",
      "POST",
      `/api/threads/${own.threadId}/confirmations/${own.card.id}`,
      { decision: "edit", changes: { accountId } },
      false,
    );
    if (cardOf(edited)?.account.id === accountId)
      run.log.find(CATEGORY, "unauthorized", `B's card moved to A's account ${accountId}`);
    const asked = await attempt(
      "ask for an order in A's account",
      "POST",
      `/api/threads/${bThread}/messages`,
      {
        content: `buy 1 share of NVDA in account ${accountId}`,
      },
      false,
    );
    if (cardOf(asked)?.account.id === accountId)
      run.log.find(CATEGORY, "unauthorized", `B got a card on A's account ${accountId}`);
  }
  for (const path of [
    "/api/threads",
    "/api/orders",
    "/api/accounts",
    "/api/holdings",
    "/api/portfolio/history",
  ]) {
    await attempt(`B's own ${path} lists nothing of A's`, "GET", path, undefined, false);
  }
  judge(run, victim, "B's portfolio stream", "", await streamFor(run, b.token, 1_500), false);
  await mcpAttempts(run, b, victim);

  const key = `attack-${crypto.randomUUID()}`;
  const mine = await sa.call("POST", "/api/threads", { headers: { "idempotency-key": key } });
  victim.markers.add((mine.json as { threadId: string }).threadId);
  const theirs = await sb.call("POST", "/api/threads", { headers: { "idempotency-key": key } });
  judge(run, victim, "B reuses A's Idempotency-Key", key, theirs, false);

  for (const [name, token] of await forgedTokens(run, a, b)) {
    for (const [method, path] of [
      ["GET", "/api/threads"],
      ["POST", `/api/threads/${victim.threads[0]!.threadId}/messages`],
    ] as const) {
      const answer = await run.log.call(CATEGORY, method, path, {
        token,
        body: method === "POST" ? { content: "what do I hold?" } : undefined,
      });
      judge(run, victim, `${name}: ${method} ${path}`, path, answer);
    }
  }
}
