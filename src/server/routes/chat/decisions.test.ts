import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenApiContract, type OpenApiDocument } from "../../../../test/helpers/openapi-contract.js";
import { startTestService, type TestService } from "../../../../test/helpers/service.js";

const DECIDE = "/api/threads/{threadId}/confirmations/{confirmationId}";
const THREAD = "/api/threads/{threadId}";

interface Card {
  id: string;
  hash: string;
}

/** Decisions over HTTP answer as DESIGN.md section 4 says, with bodies that match /openapi.json. */
describe("decision answers over HTTP", () => {
  let t: TestService;
  let token: string;
  let contract: OpenApiContract;

  beforeAll(async () => {
    t = await startTestService();
    token = await t.signIn();
    contract = new OpenApiContract((await (await fetch(`${t.url}/openapi.json`)).json()) as OpenApiDocument);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A thread waiting on a card to sell one AAPL share. */
  async function threadWithCard(): Promise<{ threadId: string; card: Card }> {
    const created = await t.api(token, "/api/threads", { method: "POST" });
    const { threadId } = (await created.json()) as { threadId: string };
    const asked = await t.api(token, `/api/threads/${threadId}/messages`, {
      body: { content: "sell 1 share of AAPL" },
    });
    const view = (await asked.json()) as { pendingConfirmation: Card | null };
    expect(view.pendingConfirmation).not.toBeNull();
    return { threadId, card: view.pendingConfirmation! };
  }

  async function decide(threadId: string, cardId: string, body: unknown) {
    const response = await t.api(token, `/api/threads/${threadId}/confirmations/${cardId}`, { body });
    const copy = response.clone();
    expect(await contract.check(DECIDE, "post", response)).toBeNull();
    return { status: copy.status, body: (await copy.json()) as Record<string, unknown> };
  }

  async function pendingOf(threadId: string): Promise<Card | null> {
    const response = await t.api(token, `/api/threads/${threadId}`);
    const copy = response.clone();
    expect(await contract.check(THREAD, "get", response)).toBeNull();
    return ((await copy.json()) as { pendingConfirmation: Card | null }).pendingConfirmation;
  }

  it("a wrong hash answers 409, sends nothing, leaves the card as it was, and reject still works", async () => {
    const { threadId, card } = await threadWithCard();
    const wrong = await decide(threadId, card.id, { decision: "approve", hash: "A".repeat(64) });
    expect(wrong.status).toBe(409);
    expect(await t.sandboxOrders()).toHaveLength(0);
    expect(await pendingOf(threadId)).toMatchObject({ id: card.id, hash: card.hash });

    const rejected = await decide(threadId, card.id, { decision: "reject" });
    expect(rejected.status).toBe(200);
    expect(rejected.body.order).toBeNull();
    expect(await pendingOf(threadId)).toBeNull();
    // Decided: a second decision is a conflict, not a silent success.
    expect((await decide(threadId, card.id, { decision: "approve", hash: card.hash })).status).toBe(409);
    expect(await t.sandboxOrders()).toHaveLength(0);
  });

  it("an expired card answers 410 and sends nothing", async () => {
    const { threadId, card } = await threadWithCard();
    await t.service.db.pool.query(
      "update trade_proposals set expires_at = now() - interval '1 second' where id = $1",
      [card.id],
    );
    const late = await decide(threadId, card.id, { decision: "approve", hash: card.hash });
    expect(late.status).toBe(410);
    expect(await t.sandboxOrders()).toHaveLength(0);
  });

  it("an approval answers 200 with the order, in the documented shape", async () => {
    const { threadId, card } = await threadWithCard();
    const approved = await decide(threadId, card.id, { decision: "approve", hash: card.hash });
    expect(approved.status).toBe(200);
    expect(approved.body.order).toMatchObject({ confirmationId: card.id, symbol: "AAPL", side: "sell" });
    // Approving again returns the same order, not a second one.
    const again = await decide(threadId, card.id, { decision: "approve", hash: card.hash });
    expect(again.status).toBe(200);
    expect((again.body.order as { id: string }).id).toBe((approved.body.order as { id: string }).id);
    expect(await t.sandboxOrders()).toHaveLength(1);
  });

  it("accepts any RFC 4122 id layout in the path (the variant digit is not checked)", async () => {
    for (const variant of ["0", "7", "c", "f"]) {
      const id = `0f8fad5b-d9cb-469f-${variant}165-70867728950e`;
      const response = await t.api(token, `/api/threads/${id}`);
      expect(response.status, id).toBe(404);
    }
    expect((await t.api(token, `/api/threads/${randomUUID()}x`)).status).toBe(400);
  });
});
