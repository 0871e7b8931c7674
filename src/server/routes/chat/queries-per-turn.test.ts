import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../../../test/helpers/service.js";
import type { QueryTally, TallyReport } from "../../../core/db/query-counter.js";

/**
 * Statements a chat request sends to the database, counted per request by the pool's counter
 * (the checkpointer's apart). Counts, not timings: they do not move with the machine's load.
 * Before the merge (the same requests): read turn 12, prepare 27, approve 38 app statements.
 */
describe("statements per chat request", () => {
  let t: TestService;
  let token: string;

  beforeAll(async () => {
    t = await startTestService();
    token = await t.signIn();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The answer and the statements of the one request `work` makes to a path matching `pattern`. */
  async function counted(pattern: RegExp, work: () => Promise<Response>) {
    const reports: TallyReport[] = [];
    const stop = t.service.db.queries.observe((report) => reports.push(report));
    try {
      const response = await work();
      expect(response.status).toBe(200);
      const body = (await response.json()) as { pendingConfirmation: { id: string; hash: string } | null };
      const matching = reports.filter((r) => pattern.test(r.label));
      expect(matching).toHaveLength(1);
      return { body, tally: matching[0]!.tally };
    } finally {
      stop();
    }
  }

  const describeTally = (tally: QueryTally) =>
    tally.statements
      .filter((s) => s.source === "app")
      .map((s) => s.text)
      .join("\n");

  const newThread = async () => {
    const created = await t.api(token, "/api/threads", { method: "POST" });
    return ((await created.json()) as { threadId: string }).threadId;
  };

  it("a read turn, a prepare and an approve stay within their statement budgets", async () => {
    // The first holdings read in a while also records the portfolio's value (one statement, at
    // most once per intraday gap per user); the budget is for the turns in between.
    const firstThread = await newThread();
    const first = await counted(/\/messages$/, () =>
      t.api(token, `/api/threads/${firstThread}/messages`, { body: { content: "what do I hold?" } }),
    );
    expect(first.tally.app, describeTally(first.tally)).toBeLessThanOrEqual(6);

    const threadId = await newThread();
    const send = (content: string) => () =>
      t.api(token, `/api/threads/${threadId}/messages`, { body: { content } });
    const read = await counted(/\/messages$/, send("what do I hold?"));
    expect(read.body.pendingConfirmation).toBeNull();
    expect(read.tally.app, describeTally(read.tally)).toBeLessThanOrEqual(5);

    const prepare = await counted(/\/messages$/, send("buy 1 share of AAPL"));
    const card = prepare.body.pendingConfirmation!;
    expect(card).not.toBeNull();
    // 19 before the default trading account setting, whose read routing now needs (issue 16 aims at 12).
    expect(prepare.tally.app, describeTally(prepare.tally)).toBeLessThanOrEqual(20);

    const approve = await counted(/\/confirmations\//, () =>
      t.api(token, `/api/threads/${threadId}/confirmations/${card.id}`, {
        body: { decision: "approve", hash: card.hash },
      }),
    );
    expect(approve.tally.app, describeTally(approve.tally)).toBeLessThanOrEqual(25);
    // One statement per audit entry: the claim's, the send's and the broker answer's.
    const audits = approve.tally.statements.filter((s) => s.text.includes("audit_"));
    expect(audits).toHaveLength(3);
  });

  it("a read turn on a thread with a card still shows the card (read from its row)", async () => {
    const threadId = await newThread();
    const send = (content: string) => () =>
      t.api(token, `/api/threads/${threadId}/messages`, { body: { content } });
    const prepared = await counted(/\/messages$/, send("buy 1 share of MSFT"));
    expect(prepared.body.pendingConfirmation).not.toBeNull();
    const asked = await counted(/\/messages$/, send("what do I hold?"));
    expect(asked.body.pendingConfirmation?.id).toBe(prepared.body.pendingConfirmation!.id);
  });
});
