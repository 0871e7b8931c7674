import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proposalHash } from "../src/orders/proposal-hash.js";
import { startTestService, type TestService } from "../test/helpers/service.js";

/**
 * A thread that was waiting on a card when the service was upgraded: its checkpoint (state with
 * the whole card, an interrupt whose value is the card) and its proposal row (a spec without a
 * schema version) were stored by the code before issue 11, and captured as they were.
 */
interface Fixture {
  threadId: string;
  userId: string;
  proposalId: string;
  hash: string;
  expiresAt: string;
  thread: Array<Record<string, unknown>>;
  proposal: Array<Record<string, unknown>>;
  checkpoints: Array<Record<string, unknown>>;
  blobs: Array<{
    thread_id: string;
    checkpoint_ns: string;
    channel: string;
    version: string;
    type: string;
    blob: string | null;
  }>;
  writes: Array<{
    thread_id: string;
    checkpoint_ns: string;
    checkpoint_id: string;
    task_id: string;
    idx: number;
    channel: string;
    type: string;
    blob: string;
  }>;
}

const fixture = JSON.parse(
  readFileSync(new URL("../test/fixtures/pre-issue-11-waiting-thread.json", import.meta.url), "utf8"),
) as Fixture;

describe("a thread waiting on a card stored before the card left the graph state", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Writes the captured rows, moved to this sandbox world's account and a fresh expiry. */
  async function restoreFixture() {
    const pool = t.service.db.pool;
    const row = fixture.proposal[0]!;
    const oldAccountId = row.account_id as string;
    const accounts = await t.service.portfolio.service.listAccounts(fixture.userId);
    const schwab = accounts.find((a) => a.institution === "Charles Schwab" && a.canTrade)!;
    const expiresAt = new Date(Date.now() + 4 * 60_000).toISOString();
    const hash = proposalHash(t.service.keyring.derive("proposal-hash"), {
      proposalId: fixture.proposalId,
      userId: fixture.userId,
      kind: "order",
      accountId: schwab.id,
      spec: row.order_spec,
      expiresAt,
    });
    const moved = (text: string) =>
      text
        .replaceAll(oldAccountId, schwab.id)
        .replaceAll(fixture.hash, hash)
        .replaceAll(fixture.expiresAt, expiresAt);
    const thread = fixture.thread[0]!;
    await pool.query(
      "insert into chat_threads (id, user_id, title, created_at, updated_at) values ($1,$2,$3,$4,$5)",
      [thread.id, thread.user_id, thread.title, thread.created_at, thread.updated_at],
    );
    const routing = JSON.parse(moved(JSON.stringify(row.routing)));
    await pool.query(
      `insert into trade_proposals (id, user_id, thread_id, kind, status, account_id, provider, order_spec, intent,
         estimate, routing, warnings, card_text, hash, expires_at, broker_preview, created_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
      [
        row.id,
        row.user_id,
        row.thread_id,
        row.kind,
        row.status,
        schwab.id,
        row.provider,
        JSON.stringify(row.order_spec),
        JSON.stringify(row.intent),
        JSON.stringify(row.estimate),
        JSON.stringify(routing),
        JSON.stringify(row.warnings),
        row.card_text,
        hash,
        expiresAt,
        row.broker_preview === null ? null : JSON.stringify(row.broker_preview),
        row.created_at,
      ],
    );
    for (const c of fixture.checkpoints) {
      await pool.query(
        `insert into langgraph.checkpoints (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata)
         values ($1,$2,$3,$4,$5,$6,$7)`,
        [
          c.thread_id,
          c.checkpoint_ns,
          c.checkpoint_id,
          c.parent_checkpoint_id,
          c.type,
          JSON.stringify(c.checkpoint),
          JSON.stringify(c.metadata),
        ],
      );
    }
    const bytes = (b64: string | null) =>
      b64 === null ? null : Buffer.from(moved(Buffer.from(b64, "base64").toString("utf8")), "utf8");
    for (const b of fixture.blobs) {
      await pool.query(
        `insert into langgraph.checkpoint_blobs (thread_id, checkpoint_ns, channel, version, type, blob) values ($1,$2,$3,$4,$5,$6)`,
        [b.thread_id, b.checkpoint_ns, b.channel, b.version, b.type, bytes(b.blob)],
      );
    }
    for (const w of fixture.writes) {
      await pool.query(
        `insert into langgraph.checkpoint_writes (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob)
         values ($1,$2,$3,$4,$5,$6,$7,$8)`,
        [w.thread_id, w.checkpoint_ns, w.checkpoint_id, w.task_id, w.idx, w.channel, w.type, bytes(w.blob)],
      );
    }
  }

  it("shows the card from its row, approves it exactly once, and the thread goes on", async () => {
    await restoreFixture();
    const { userId, threadId, proposalId } = fixture;
    const view = await t.service.chat.getThread(userId, threadId);
    expect(view.messages.some((m) => m.role === "user" && m.content === "sell 2 shares of AAPL")).toBe(true);
    // Its history, until now only in the checkpoint, is copied into the message store once; the
    // row says what the graph waits on, so later turns need not read the checkpoint to know it.
    const pool = t.service.db.pool;
    const row = await pool.query("select settled, waiting_on from chat_threads where id = $1", [threadId]);
    expect(row.rows[0]).toMatchObject({ settled: true, waiting_on: proposalId });
    const stored = await pool.query<{ content: string }>(
      "select content from chat_messages where thread_id = $1 and role = 'user' order by seq",
      [threadId],
    );
    expect(stored.rows.map((r) => r.content)).toEqual(
      view.messages.filter((m) => m.role === "user").map((m) => m.content),
    );
    expect(view.pendingConfirmation).toMatchObject({
      id: proposalId,
      kind: "order",
      order: { symbol: "AAPL", side: "sell", quantity: 2, orderType: "market" },
      account: { institution: "Charles Schwab" },
    });

    const decided = await t.service.chat.decide(userId, threadId, proposalId, { decision: "approve" });
    expect(decided.order?.status).toMatch(/filled|accepted/);
    expect(decided.pendingConfirmation).toBeNull();
    const again = await t.service.chat.decide(userId, threadId, proposalId, { decision: "approve" });
    expect(again.order?.id).toBe(decided.order?.id);
    const sent = (await t.sandboxOrders()).filter((o) => o.clientOrderId === proposalId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ symbol: "AAPL", side: "sell", quantity: 2 });

    const next = await t.service.chat.sendMessage(userId, threadId, "what do I hold?");
    expect(next.messages.at(-1)?.role).toBe("assistant");
    expect(next.pendingConfirmation).toBeNull();
    // The transcript keeps the old turns before the new ones, each once.
    const after = await t.service.chat.getThread(userId, threadId);
    const ids = after.messages.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(after.messages.slice(0, view.messages.length).map((m) => m.id)).toEqual(
      view.messages.map((m) => m.id),
    );
    expect(after.messages.at(-1)?.id).toBe(next.messages.at(-1)?.id);
  });
});
