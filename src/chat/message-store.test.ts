import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";
import type { QueryTally } from "../core/db/query-counter.js";
import { OfflineChatModel } from "../models/offline/offline-chat-model.js";
import { SingleStatementPostgresSaver } from "./checkpoint-saver.js";

/**
 * A thread's messages live in an append-only store; a checkpoint is kept only for a turn that
 * waits on a card or failed. Measured by the pool's statement counter (bytes = statement parameters), not timings.
 */
describe("a long thread", () => {
  let t: TestService;
  const userId = () => t.demoUserId;
  const question = "what do I hold?";

  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.close();
  });

  const turn = async (threadId: string, content = question) => {
    const { result, tally } = await t.service.db.queries.measure(() =>
      t.service.chat.sendMessage(userId(), threadId, content),
    );
    expect(result.messages.at(-1)?.role).toBe("assistant");
    return { view: result, tally };
  };
  const turnWithCard = async (threadId: string, content: string) => {
    const { result, tally } = await t.service.db.queries.measure(() =>
      t.service.chat.sendMessage(userId(), threadId, content),
    );
    return { view: result, tally };
  };
  /** Of these cards, exactly the approved ones have an order. */
  const expectOrdersOnlyFor = async (approved: string[], cards: string[]) => {
    const orders = await t.service.orders.listOrders(userId(), { limit: 10 });
    const sent = orders.map((o) => o.confirmationId).filter((id) => cards.includes(id));
    expect(sent.sort()).toEqual([...approved].sort());
  };
  const checkpointStatements = (tally: QueryTally) =>
    tally.statements.filter((s) => s.source === "checkpointer");

  it("a turn that starts a new exchange reads and writes no checkpoint, and writes the same bytes at turn 20 as at turn 2", {
    timeout: 300_000,
  }, async () => {
    const thread = await t.service.chat.createThread(userId());
    const tallies: QueryTally[] = [];
    for (let n = 1; n <= 20; n++) tallies.push((await turn(thread.id)).tally);
    const [second, twentieth] = [tallies[1]!, tallies[19]!];
    // The same question answers with the same messages: the bytes differ only by ids and times.
    expect(twentieth.bytes.app).toBeLessThan(second.bytes.app * 1.1);
    for (const tally of tallies) {
      const statements = checkpointStatements(tally).map((s) => s.text);
      expect(statements, statements.join("\n")).toEqual([]);
      expect(tally.app).toBeLessThanOrEqual(4);
    }

    // The transcript has every message, in order, from the store.
    const view = await t.service.chat.getThread(userId(), thread.id);
    expect(view.messages.filter((m) => m.role === "user")).toHaveLength(20);
    expect(view.earlierBefore).toBeNull();
    // No checkpoint holds a turn that ended: the message store has all of it.
    const state = await t.service.graph.getState({
      configurable: { thread_id: thread.id, userId: userId() },
    });
    expect((state.values as { messages?: unknown[] }).messages ?? []).toEqual([]);
  });

  it("a turn that ends at a card keeps its checkpoint, and the yes that approves it resumes from it", {
    timeout: 120_000,
  }, async () => {
    const thread = await t.service.chat.createThread(userId());
    const { tally: prepared, view } = await turnWithCard(thread.id, "buy 1 share of AAPL");
    expect(view.pendingConfirmation).not.toBeNull();
    // The card's checkpoint is stored by the statement that records the turn's messages and frees
    // the thread: no statement of the saver's own, and LangGraph's view of the thread waits on it.
    expect(checkpointStatements(prepared).map((s) => s.text)).toEqual([]);
    const stored = await t.service.graph.getState({
      configurable: { thread_id: thread.id, userId: userId() },
    });
    expect(stored.tasks.flatMap((task) => task.interrupts.map((i) => i.value))).toEqual([
      expect.objectContaining({ proposalId: view.pendingConfirmation!.id }),
    ]);
    const { result, tally: approved } = await t.service.db.queries.measure(() =>
      t.service.chat.sendMessage(userId(), thread.id, "yes"),
    );
    expect(result.pendingConfirmation).toBeNull();
    // The checkpoint it resumes from is read by the statement that opens the turn, not by the saver.
    expect(checkpointStatements(approved).filter((s) => /^select/i.test(s.text))).toHaveLength(0);
    const orders = await t.service.orders.listOrders(userId(), { limit: 5, symbol: "AAPL" });
    expect(orders.some((o) => o.confirmationId === view.pendingConfirmation!.id)).toBe(true);
    // The approval's own checkpoint is stored after its answer: LangGraph's view of the thread
    // then no longer waits on the decided card.
    const config = { configurable: { thread_id: thread.id, userId: userId() } };
    let waiting = (await t.service.graph.getState(config)).next;
    for (let i = 0; i < 100 && waiting.length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      waiting = (await t.service.graph.getState(config)).next;
    }
    expect(waiting).toEqual([]);
  });

  it("only a turn likely to resume a card (a yes or no, a decision) reads its checkpoint as it opens", {
    timeout: 120_000,
  }, async () => {
    const opening = vi.spyOn(SingleStatementPostgresSaver.prototype, "latestCheckpointSql");
    const saverRead = vi.spyOn(SingleStatementPostgresSaver.prototype, "readCheckpoint");
    try {
      const thread = await t.service.chat.createThread(userId());
      const say = (content: string) => t.service.chat.sendMessage(userId(), thread.id, content);
      await say(question);
      expect(opening).not.toHaveBeenCalled();
      // A card waits: a reply that is neither yes nor no resumes from a checkpoint the saver reads.
      const card = (await say("buy 1 share of AAPL")).pendingConfirmation!;
      expect((await say("what would it cost?")).pendingConfirmation?.id).toBe(card.id);
      expect(opening).not.toHaveBeenCalled();
      expect(saverRead).toHaveBeenCalledTimes(1);
      // A no, and a decision on the next card: read by the statement that opens the turn.
      expect((await say("no")).pendingConfirmation).toBeNull();
      const next = (await say("buy 1 share of MSFT")).pendingConfirmation!;
      await t.service.chat.decide(userId(), thread.id, next.id, { decision: "reject" });
      expect(opening).toHaveBeenCalledTimes(2);
      expect(saverRead).toHaveBeenCalledTimes(1);
    } finally {
      opening.mockRestore();
      saverRead.mockRestore();
    }
  });

  it("cards made after earlier ones in the same thread are each decided by their own reply", {
    timeout: 120_000,
  }, async () => {
    const thread = await t.service.chat.createThread(userId());
    const say = (content: string) => t.service.chat.sendMessage(userId(), thread.id, content);
    const first = (await say("buy 1 share of AAPL")).pendingConfirmation!;
    expect((await say("yes")).pendingConfirmation).toBeNull();
    const second = (await say("buy 1 share of MSFT")).pendingConfirmation!;
    expect(second.id).not.toBe(first.id);
    expect((await say("no")).pendingConfirmation).toBeNull();
    const third = (await say("buy 2 shares of AAPL")).pendingConfirmation!;
    const decided = await t.service.chat.decide(userId(), thread.id, third.id, {
      decision: "approve",
      hash: third.hash,
    });
    expect(decided.pendingConfirmation).toBeNull();
    expect(decided.order?.confirmationId).toBe(third.id);
    await expectOrdersOnlyFor([first.id, third.id], [first.id, second.id, third.id]);
  });

  it("a thread whose checkpoints carry the library's plain version numbers (stored before) goes on, card after card", {
    timeout: 120_000,
  }, async () => {
    const thread = await t.service.chat.createThread(userId());
    const say = (content: string) => t.service.chat.sendMessage(userId(), thread.id, content);
    // The card is made as the library numbers versions (1, 2, 3 …), as before; it is approved now.
    const plain = vi
      .spyOn(SingleStatementPostgresSaver.prototype, "getNextVersion")
      .mockImplementation((current) => (typeof current === "number" ? current + 1 : 1));
    let first: { id: string };
    try {
      first = (await say("buy 1 share of AAPL")).pendingConfirmation!;
    } finally {
      plain.mockRestore();
    }
    expect((await say("yes")).pendingConfirmation).toBeNull();
    const second = (await say("buy 1 share of MSFT")).pendingConfirmation!;
    expect(second.id).not.toBe(first.id);
    expect((await say("no")).pendingConfirmation).toBeNull();
    const third = (await say("buy 2 shares of AAPL")).pendingConfirmation!;
    expect((await say("yes")).pendingConfirmation).toBeNull();
    await expectOrdersOnlyFor([first.id, third.id], [first.id, second.id, third.id]);
  });

  it("a turn that fails keeps its checkpoint: the next turn recovers the failed turn's message", {
    timeout: 120_000,
  }, async () => {
    const thread = await t.service.chat.createThread(userId());
    await turn(thread.id);
    const failing = vi
      .spyOn(OfflineChatModel.prototype, "_generate")
      .mockRejectedValueOnce(new Error("the model is not answering"));
    try {
      await expect(
        t.service.chat.sendMessage(userId(), thread.id, "how much cash do I have?"),
      ).rejects.toThrow(/not answering/);
    } finally {
      failing.mockRestore();
    }
    await turn(thread.id);
    const view = await t.service.chat.getThread(userId(), thread.id);
    expect(view.messages.filter((m) => m.role === "user").map((m) => m.content)).toEqual([
      question,
      "how much cash do I have?",
      question,
    ]);
  });

  it("a thread whose row lags its checkpoint (a failed turn) is settled from it once, and goes on", {
    timeout: 120_000,
  }, async () => {
    const thread = await t.service.chat.createThread(userId());
    await turn(thread.id);
    await t.service.db.pool.query("update chat_threads set settled = false where id = $1", [thread.id]);
    const { tally } = await turn(thread.id, "how much cash do I have?");
    // The recovery reads the checkpoint; the turn itself, a new exchange, does not.
    expect(checkpointStatements(tally).filter((s) => /^select/i.test(s.text))).toHaveLength(1);
    const { tally: next } = await turn(thread.id);
    expect(checkpointStatements(next)).toEqual([]);
    const view = await t.service.chat.getThread(userId(), thread.id);
    const ids = view.messages.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(view.messages.filter((m) => m.role === "user").map((m) => m.content)).toEqual([
      question,
      "how much cash do I have?",
      question,
    ]);
  });

  it("GET reads the transcript in pages, newest last, each page continuing the one after it", {
    timeout: 120_000,
  }, async () => {
    const token = await t.signIn();
    const thread = await t.service.chat.createThread(userId());
    const asked = ["what do I hold?", "what is my AAPL position?", "how much cash do I have?"];
    for (const content of asked) await turn(thread.id, content);
    const all = await t.service.chat.getThread(userId(), thread.id);
    const page = async (query: string) => {
      const response = await t.api(token, `/api/threads/${thread.id}${query}`);
      expect(response.status).toBe(200);
      return (await response.json()) as { messages: Array<{ id: string }>; earlierBefore: string | null };
    };
    const pages: Array<Array<{ id: string }>> = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const got = await page(`?limit=2${cursor ? `&before=${encodeURIComponent(cursor)}` : ""}`);
      expect(got.messages.length).toBeLessThanOrEqual(2);
      pages.unshift(got.messages);
      cursor = got.earlierBefore;
    }
    expect(pages.flat().map((m) => m.id)).toEqual(all.messages.map((m) => m.id));
    const bad = await t.api(token, `/api/threads/${thread.id}?limit=0`);
    expect(bad.status).toBe(400);
  });
});
