import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";
import type { QueryTally } from "../core/db/query-counter.js";

/**
 * A thread's messages live in an append-only store; the checkpoint keeps only the turn in
 * progress. Measured by the pool's statement counter (bytes = statement parameters), not timings.
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
  const checkpointStatements = (tally: QueryTally) =>
    tally.statements.filter((s) => s.source === "checkpointer");

  it("a turn writes the same bytes at turn 20 as at turn 2, with one checkpoint read and one write", {
    timeout: 300_000,
  }, async () => {
    const thread = await t.service.chat.createThread(userId());
    const tallies: QueryTally[] = [];
    for (let n = 1; n <= 20; n++) tallies.push((await turn(thread.id)).tally);
    const [second, twentieth] = [tallies[1]!, tallies[19]!];
    // The same question answers with the same messages: the bytes differ only by ids and times.
    expect(twentieth.bytes.checkpointer).toBeLessThan(second.bytes.checkpointer * 1.1);
    expect(twentieth.bytes.app).toBeLessThan(second.bytes.app * 1.1);
    for (const tally of [second, twentieth]) {
      const statements = checkpointStatements(tally).map((s) => s.text.toLowerCase());
      expect(statements, statements.join("\n")).toHaveLength(2);
      expect(statements[0]).toMatch(/^select/);
      expect(statements[1]).toMatch(/^with blobs as \( ?insert into/);
      expect(tally.app).toBeLessThanOrEqual(5);
    }

    // The transcript has every message, in order, from the store.
    const view = await t.service.chat.getThread(userId(), thread.id);
    expect(view.messages.filter((m) => m.role === "user")).toHaveLength(20);
    expect(view.earlierBefore).toBeNull();
    // The checkpoint holds the last turn only.
    const state = await t.service.graph.getState({
      configurable: { thread_id: thread.id, userId: userId() },
    });
    const kept = (state.values as { messages: Array<{ getType(): string }> }).messages;
    expect(kept.filter((m) => m.getType() === "human")).toHaveLength(1);
  });

  it("a thread whose row lags its checkpoint (a failed turn) is settled from it once, and goes on", {
    timeout: 120_000,
  }, async () => {
    const thread = await t.service.chat.createThread(userId());
    await turn(thread.id);
    await t.service.db.pool.query("update chat_threads set settled = false where id = $1", [thread.id]);
    const { tally } = await turn(thread.id, "how much cash do I have?");
    // The one checkpoint read a settled turn makes, plus the recovery's.
    expect(checkpointStatements(tally).filter((s) => /^select/i.test(s.text)).length).toBeGreaterThan(1);
    const { tally: next } = await turn(thread.id);
    expect(checkpointStatements(next)).toHaveLength(2);
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
