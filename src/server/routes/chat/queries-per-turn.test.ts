import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postgresUrl } from "../../../../test/helpers/databases.js";
import { startTestService, type TestService } from "../../../../test/helpers/service.js";
import type { QueryTally, TallyReport } from "../../../core/db/query-counter.js";

/**
 * Statements a chat request sends to the database, counted per request by the pool's counter
 * (the checkpointer's apart). Counts, not timings: they do not move with the machine's load.
 * Before the merges (the same requests): read turn 12, prepare 27, approve 38 app statements; then
 * 5, 20 and 25; then 4, 7 and 11; issue 16 asks for at most 5, 12 and 12.
 */
const backends = [{ backend: "pglite" as const }, ...(postgresUrl ? [{ backend: "postgres" as const }] : [])];

describe.each(backends)("statements per chat request on $backend", ({ backend }) => {
  let t: TestService;
  let token: string;

  beforeAll(async () => {
    t = await startTestService({ backend });
    token = await t.signIn();
  });
  afterAll(async () => {
    await t?.close();
  });
  // Linking and trades set off webhooks whose refreshes a read would join: count each request alone.
  beforeEach(() => t.settled());

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

  /** Every statement of the request, numbered, the checkpointer's marked: what a failure shows. */
  const describeTally = (tally: QueryTally) =>
    [
      `${tally.app} app statements (${tally.checkpointer} checkpointer):`,
      ...tally.statements.map(
        (s, i) => `${String(i + 1).padStart(2)}. ${s.source === "app" ? "" : "[checkpointer] "}${s.text}`,
      ),
    ].join("\n");

  /** The app statements whose text starts with one of `starts`, in order. */
  const appStatements = (tally: QueryTally, ...starts: string[]) =>
    tally.statements.filter((s) => s.source === "app" && starts.some((start) => s.text.startsWith(start)));

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
    expect(first.tally.app, describeTally(first.tally)).toBeLessThanOrEqual(5);

    const threadId = await newThread();
    const send = (content: string) => () =>
      t.api(token, `/api/threads/${threadId}/messages`, { body: { content } });
    const read = await counted(/\/messages$/, send("what do I hold?"));
    expect(read.body.pendingConfirmation).toBeNull();
    // The turn opens in one statement (the message budget, ownership, touch, history, lease); a
    // new exchange that ends without a card reads and writes no checkpoint.
    expect(read.tally.app, describeTally(read.tally)).toBeLessThanOrEqual(3);
    expect(appStatements(read.tally, "insert into rate_limit_windows"), describeTally(read.tally)).toEqual(
      [],
    );
    expect(read.tally.checkpointer, describeTally(read.tally)).toBe(0);

    const prepare = await counted(/\/messages$/, send("buy 1 share of AAPL"));
    const card = prepare.body.pendingConfirmation!;
    expect(card).not.toBeNull();
    expect(prepare.tally.app, describeTally(prepare.tally)).toBeLessThanOrEqual(5);
    // The card's checkpoint is stored by the statement that records the turn and frees its thread.
    expect(prepare.tally.checkpointer, describeTally(prepare.tally)).toBe(0);
    // The account list (with positions, the default account setting and the sealed credentials)
    // is read once; the two trading sessions the card needs (the order's, the market clock's)
    // open from it and read nothing more.
    expect(
      appStatements(
        prepare.tally,
        "select exists (select 1 from snaptrade_users",
        "select (select row_to_json(s) from (select snaptrade_user_id",
      ),
      describeTally(prepare.tally),
    ).toHaveLength(1);
    expect(
      appStatements(
        prepare.tally,
        "select id, provider, provider_account_id",
        "select snaptrade_user_id",
        "select account_id, key_id_encrypted",
        "select default_account_id",
      ),
      describeTally(prepare.tally),
    ).toEqual([]);
    // The proposal and its audit event in one statement, no transaction of their own.
    expect(appStatements(prepare.tally, "begin", "commit"), describeTally(prepare.tally)).toEqual([]);

    const approve = await counted(/\/confirmations\//, () =>
      t.api(token, `/api/threads/${threadId}/confirmations/${card.id}`, {
        body: { decision: "approve", hash: card.hash },
      }),
    );
    expect(approve.tally.app, describeTally(approve.tally)).toBeLessThanOrEqual(10);
    // The checkpoint the approval resumes from is read by the statement that opens the turn (no
    // round trip of its own); the finished turn's checkpoint is stored after the answer.
    expect(approve.tally.checkpointer, describeTally(approve.tally)).toBe(0);
    // One read of the proposal; one transaction (begun with the user's decision lock in one round
    // trip, then the claim with the order row and its audit event in one statement).
    expect(appStatements(approve.tally, "select * from trade_proposals where id")).toHaveLength(1);
    expect(
      appStatements(approve.tally, "begin", "select pg_advisory_xact_lock", "with claimed", "commit"),
      describeTally(approve.tally),
    ).toEqual(
      ["begin; select pg_advisory_xact_lock(", "with claimed", "commit"].map((start) =>
        expect.objectContaining({
          text: expect.stringMatching(new RegExp(`^${start.replace(/[()]/g, "\\$&")}`)),
        }),
      ),
    );
    // Three audit entries (the claim's, the send's, the broker answer's), each written by the
    // statement that makes its change; the chain still verifies.
    const events = await t.service.orders.auditTrail(t.demoUserId, { proposalId: card.id });
    expect(events.map((e) => e.type)).toEqual([
      "proposal_created",
      "decision_approve",
      "order_sent",
      "broker_accepted",
    ]);
    expect(await t.service.orders.verifyAudit(t.demoUserId)).toMatchObject({ ok: true });
    expect(appStatements(approve.tally, "with head", "insert into audit_")).toEqual([]);
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
