import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient, httpTransport } from "../../test/helpers/mcp-clients.js";
import { startTestService, type TestService, uniqueEmail } from "../../test/helpers/service.js";

interface Prepared {
  prepared: { status: string; confirmation?: { id: string; hash: string; text: string } };
  approval: {
    askedBy: string;
    state: string;
    approvalUrl: string;
    outcome: { outcome: string } | null;
  } | null;
}

const buyOne = { symbol: "NVDA", side: "buy", quantity: 1 };

describe("MCP over Streamable HTTP", () => {
  let t: TestService;
  let demo: string;
  let stranger: string;

  beforeAll(async () => {
    t = await startTestService();
    demo = await t.signIn();
    const email = uniqueEmail("mcp-stranger");
    await t.admin("/__sandbox/seed", { users: [{ id: randomUUID(), email, password: "stranger-password" }] });
    stranger = await t.signIn(email, "stranger-password");
  }, 60_000);
  afterAll(() => t?.close());

  const prepare = async (answer: Parameters<typeof connectClient>[1], modes?: Array<"form" | "url">) => {
    const { client, asked } = await connectClient(httpTransport(t.url, demo), answer, modes);
    const before = (await t.sandboxOrders()).length;
    const result = await client.callTool({ name: "prepare_order", arguments: buyOne });
    const placed = (await t.sandboxOrders()).length - before;
    await client.close();
    return { result: result.structuredContent as unknown as Prepared, placed, asked };
  };

  it("answers 401 with a bearer challenge naming the protected-resource metadata, which names Supabase Auth", async () => {
    const response = await fetch(`${t.url}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: {} }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer resource_metadata="${t.url}/.well-known/oauth-protected-resource"`,
    );
    const bad = await fetch(`${t.url}/mcp`, {
      method: "POST",
      headers: { authorization: "Bearer not.a.token" },
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
    const metadata = await (await fetch(`${t.url}/.well-known/oauth-protected-resource`)).json();
    expect(metadata).toMatchObject({
      resource: `${t.url}/mcp`,
      authorization_servers: [`${t.service.config.auth.supabaseUrl}/auth/v1`],
    });
  });

  it("lists read tools and prepare tools with titles, schemas and annotations, and no tool that approves", async () => {
    const { client } = await connectClient(httpTransport(t.url, demo), null);
    const { tools } = await client.listTools();
    await client.close();
    const names = tools.map((tool) => tool.name).sort();
    expect(names).toEqual([
      "get_accounts",
      "get_buying_power",
      "get_holdings",
      "get_orders",
      "get_performance",
      "get_portfolio_mode",
      "get_quote",
      "get_transactions",
      "prepare_cancel",
      "prepare_order",
    ]);
    expect(names.filter((n) => /approve|submit|confirm|place|decide|execute/.test(n))).toEqual([]);
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.description, tool.name).toBeTruthy();
      expect(tool.outputSchema?.type, tool.name).toBe("object");
      const readOnly = !tool.name.startsWith("prepare_");
      expect(tool.annotations, tool.name).toMatchObject({
        readOnlyHint: readOnly,
        destructiveHint: !readOnly,
      });
    }
  });

  it("reads holdings (all, and by symbol) as structured content", async () => {
    const { client } = await connectClient(httpTransport(t.url, demo), null);
    const all = await client.callTool({ name: "get_holdings", arguments: {} });
    const nvda = await client.callTool({ name: "get_holdings", arguments: { symbol: "nvda" } });
    await client.close();
    const positions = (all.structuredContent as { positions: Array<{ symbol: string }> }).positions;
    expect(positions.length).toBeGreaterThan(1);
    const one = (nvda.structuredContent as { positions: Array<{ symbol: string }> }).positions;
    expect(one.map((p) => p.symbol)).toEqual(["NVDA"]);
  });

  it("a form elicitation the user accepts with approve places exactly one order, audited as channel mcp", async () => {
    const { result, placed, asked } = await prepare(() => ({
      action: "accept",
      content: { decision: "approve" },
    }));
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ mode: "form" });
    expect((asked[0] as { message: string }).message).toContain(result.prepared.confirmation!.text);
    expect(result.approval).toMatchObject({
      askedBy: "form",
      state: "approved",
      outcome: { outcome: "submitted" },
    });
    expect(placed).toBe(1);
    const trail = await t.service.orders.auditTrail(t.demoUserId, {
      proposalId: result.prepared.confirmation!.id,
    });
    expect(JSON.stringify(trail)).toContain('"mcp"');
  });

  it.each([
    ["declined", { action: "decline" as const }, "rejected", "rejected"],
    [
      "accepted with reject",
      { action: "accept" as const, content: { decision: "reject" } },
      "rejected",
      "rejected",
    ],
    ["cancelled", { action: "cancel" as const }, "awaiting", "awaiting"],
  ])("a form elicitation %s places nothing", async (_label, answer, state, proposalStatus) => {
    const { result, placed } = await prepare(() => answer);
    expect(placed).toBe(0);
    expect(result.approval?.state).toBe(state);
    const id = result.prepared.confirmation!.id;
    expect(await t.service.orders.proposalStatus(t.demoUserId, id)).toBe(proposalStatus);
  });

  it("a client without elicitation gets the card and the approval page's link; nothing is placed", async () => {
    const { result, placed } = await prepare(null);
    expect(placed).toBe(0);
    const id = result.prepared.confirmation!.id;
    expect(result.approval).toMatchObject({
      askedBy: "link",
      state: "awaiting",
      approvalUrl: `${t.url}/confirm/${id}`,
    });
    const page = await fetch(`${t.url}/confirm/${id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<script type="module" src="\/confirm-assets\/[^"]+\.js">/);
  }, 60_000);

  it("a decision with no body answers 400 (not 500), and one not sent as JSON is refused; nothing is decided", async () => {
    const { result } = await prepare(null);
    const card = result.prepared.confirmation!;
    const path = `/api/mcp/confirmations/${card.id}`;
    const noBody = await fetch(`${t.url}${path}/decision`, {
      method: "POST",
      headers: { authorization: `Bearer ${demo}` },
    });
    expect(noBody.status).toBe(400);
    const asText = await fetch(`${t.url}${path}/decision`, {
      method: "POST",
      headers: { authorization: `Bearer ${demo}`, "content-type": "text/plain" },
      body: JSON.stringify({ decision: "reject" }),
    });
    expect(asText.status).toBeGreaterThanOrEqual(400);
    expect(asText.status).toBeLessThan(500);
    expect(await (await t.api(demo, path)).json()).toMatchObject({ awaiting: true });
  }, 60_000);

  it("URL mode sends the user to the web app's page, where the signed-in user's approval places one order", async () => {
    const { result, placed, asked } = await prepare(() => ({ action: "accept" }), ["form", "url"]);
    const card = result.prepared.confirmation!;
    expect(asked[0]).toMatchObject({
      mode: "url",
      url: `${t.url}/confirm/${card.id}`,
      elicitationId: card.id,
    });
    expect(placed).toBe(0);
    const path = `/api/mcp/confirmations/${card.id}`;
    expect((await t.api(stranger, path)).status).toBe(404);
    expect(
      (await t.api(stranger, `${path}/decision`, { body: { decision: "approve", hash: card.hash } })).status,
    ).toBe(404);
    expect(await (await t.api(demo, path)).json()).toMatchObject({
      confirmation: { id: card.id },
      awaiting: true,
    });
    const before = (await t.sandboxOrders()).length;
    const approved = await t.api(demo, `${path}/decision`, {
      body: { decision: "approve", hash: card.hash },
    });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ outcome: { outcome: "submitted" } });
    const again = await t.api(demo, `${path}/decision`, { body: { decision: "approve", hash: card.hash } });
    // A repeated approval is the engine's idempotent claim: the same order, nothing sent twice.
    expect(again.status).toBe(200);
    expect((await t.sandboxOrders()).length - before).toBe(1);
  });

  it("another user's token sees none of the first user's orders, cards or session", async () => {
    const { client: demoClient, asked } = await connectClient(httpTransport(t.url, demo), () => ({
      action: "cancel",
    }));
    await demoClient.callTool({ name: "prepare_order", arguments: buyOne });
    expect(asked).toHaveLength(1);
    const demoOrders = await demoClient.callTool({ name: "get_orders", arguments: {} });
    expect((demoOrders.structuredContent as { orders: unknown[] }).orders.length).toBeGreaterThan(0);
    const sessionId = (demoClient.transport as { sessionId?: string }).sessionId!;

    const { client } = await connectClient(httpTransport(t.url, stranger), null);
    const orders = await client.callTool({ name: "get_orders", arguments: {} });
    const holdings = await client.callTool({ name: "get_holdings", arguments: {} });
    const accounts = await client.callTool({ name: "get_accounts", arguments: {} });
    const cancel = await client.callTool({ name: "prepare_cancel", arguments: {} });
    await client.close();
    expect(orders.structuredContent).toEqual({ orders: [] });
    expect((holdings.structuredContent as { positions: unknown[] }).positions).toEqual([]);
    expect((accounts.structuredContent as { accounts: unknown[] }).accounts).toEqual([]);
    expect((cancel.structuredContent as Prepared).prepared.status).not.toBe("awaiting_confirmation");

    // The demo user's session answers as unknown to the stranger's token.
    const hijack = await fetch(`${t.url}/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${stranger}`,
        "mcp-session-id": sessionId,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 9,
        method: "tools/call",
        params: { name: "get_orders", arguments: {} },
      }),
    });
    expect(hijack.status).toBe(404);
    await demoClient.close();
  });
});
