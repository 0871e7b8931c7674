import { randomUUID } from "node:crypto";
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { earlierTurnsNote, earlierTurnsNoteName } from "../../graphs/run-history.js";
import { withIds } from "../../graphs/state.js";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";
import { migrate } from "../core/db/migrate.js";
import { fromStoredMessages, toStoredRows } from "./stored-messages.js";
import { historyTurns, summaryTurns, ThreadsRepository } from "./threads-repository.js";

/** One turn as the graph makes it: a request, a tool call, its result (several for some), an answer. */
function turnMessages(n: number) {
  const calls = Array.from({ length: 1 + (n % 3) }, (_, i) => ({
    id: `call-${n}-${i}`,
    name: i === 0 ? "get_holdings" : "prepare_order",
    args: {},
    type: "tool_call" as const,
  }));
  return withIds([
    new HumanMessage(`request number ${n}`),
    new AIMessage({ content: "", tool_calls: calls }),
    ...calls.map(
      (call, i) =>
        new ToolMessage({
          content: JSON.stringify(
            i === 0 ? { positions: [], turn: n } : { status: "refused", reason: "no", turn: n },
          ),
          tool_call_id: call.id,
          name: call.name,
        }),
    ),
    new AIMessage(`answer number ${n}`),
  ]);
}

describe("the history a turn's model gets from the message store", () => {
  let db: TestDatabase;
  let threads: ThreadsRepository;
  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db.pool);
    threads = new ThreadsRepository(db.pool, { singleProcess: true });
  });
  afterAll(async () => {
    await db?.close();
  });

  async function threadWithTurns(count: number) {
    const userId = randomUUID();
    const { id } = await threads.create(userId);
    for (let n = 1; n <= count; n++) {
      await threads.withLease(id, async (lease) => {
        lease.record({ messages: toStoredRows(turnMessages(n)), waitingOn: null });
      });
    }
    return { userId, id };
  }

  it("a short thread: every message, in order, and no summary", async () => {
    const { userId, id } = await threadWithTurns(3);
    const history = await threads.openTurn(userId, id, "", async (thread) => thread.history);
    const recent = fromStoredMessages(history.recent);
    expect(recent).toHaveLength([1, 2, 3].flatMap((n) => turnMessages(n)).length);
    expect(recent.filter((m) => m.getType() === "human").map((m) => m.content)).toEqual([
      "request number 1",
      "request number 2",
      "request number 3",
    ]);
    expect(history.earlier).toEqual([]);
    expect(earlierTurnsNote({ ...history, recent })).toBeNull();
  });

  it("a long thread: the last turns whole from a request on (no tool result without its call), earlier ones extracted", async () => {
    const turns = historyTurns + summaryTurns + 4;
    const { userId, id } = await threadWithTurns(turns);
    const history = await threads.openTurn(userId, id, "", async (thread) => thread.history);
    const recent = fromStoredMessages(history.recent);
    expect(recent[0]?.getType()).toBe("human");
    const requests = recent.filter((m) => m.getType() === "human").map((m) => m.content);
    expect(requests).toEqual(
      Array.from({ length: historyTurns }, (_, i) => `request number ${turns - historyTurns + 1 + i}`),
    );
    const calledIds = new Set(recent.flatMap((m) => (m as AIMessage).tool_calls?.map((c) => c.id) ?? []));
    for (const m of recent.filter((m) => m.getType() === "tool"))
      expect(calledIds.has((m as ToolMessage).tool_call_id)).toBe(true);

    const firstSummarized = turns - historyTurns - summaryTurns + 1;
    const asked = history.earlier.filter((e) => e.role === "user").map((e) => e.gist);
    expect(asked).toEqual(
      Array.from({ length: summaryTurns }, (_, i) => `request number ${firstSummarized + i}`),
    );
    // What each tool reported, from its own answer: prepare_order's status, never a made-up outcome.
    expect(history.earlier.filter((e) => e.role === "tool").map((e) => e.gist)).toContain(
      "prepare_order: refused",
    );
    expect(history.earlierOmitted).toBe(true);
    const note = earlierTurnsNote({ ...history, recent })!;
    expect(note.name).toBe(earlierTurnsNoteName);
    expect(note.content).toContain(`the user asked: "request number ${firstSummarized}"`);
    expect(note.content).toMatch(/older turns are not shown/);
    expect(String(note.content).length).toBeLessThan(summaryTurns * 400);
  });

  it("a read tool's result is whole only in the latest earlier turn: an older one is left out with a note, its call still answered", async () => {
    const { userId, id } = await threadWithTurns(3);
    const history = await threads.openTurn(userId, id, "", async (thread) => thread.history);
    const results = fromStoredMessages(history.recent).filter(
      (m): m is ToolMessage => m.getType() === "tool",
    );
    const holdings = results.filter((m) => m.name === "get_holdings");
    expect(holdings.map((m) => m.tool_call_id)).toEqual(["call-1-0", "call-2-0", "call-3-0"]);
    expect(JSON.parse(holdings[2]!.text)).toEqual({ positions: [], turn: 3 });
    for (const older of holdings.slice(0, 2)) {
      expect(older.text).toMatch(
        /^Left out: the result get_holdings gave in an earlier turn\. Its figures may be out of date; call get_holdings again for current ones\.$/,
      );
      expect(older.id).toBeTruthy();
    }
    // A tool that acted (an order's card, a refusal) is not a read: its result stays whole in every turn.
    const prepared = results.filter((m) => m.name === "prepare_order");
    expect(prepared.length).toBeGreaterThan(0);
    for (const result of prepared) expect(JSON.parse(result.text)).toMatchObject({ status: "refused" });
  });

  it("a message already stored is not stored twice (a recovery appends what the store lacks)", async () => {
    const { userId, id } = await threadWithTurns(1);
    const again = turnMessages(2);
    await threads.settleFromCheckpoint(id, toStoredRows([...again, ...again]), null);
    const history = await threads.openTurn(userId, id, "", async (thread) => thread.history);
    expect(history.recent).toHaveLength(turnMessages(1).length + again.length);
  });
});
