import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresUrl } from "../../test/helpers/databases.js";
import { startTestService, type TestService } from "../../test/helpers/service.js";
import { ConflictError, GoneError, NotFoundError } from "../core/errors.js";
import type { OrderChanges } from "./contract/index.js";
import { NeedsClarification, OrderRefused } from "./errors.js";
import { decisionHelpers } from "./test-support/decisions.js";

const other = "00000000-0000-4000-8000-0000000000ff";

const backends = [{ backend: "pglite" as const }, ...(postgresUrl ? [{ backend: "postgres" as const }] : [])];

describe.each(backends)("orders engine on $backend", ({ backend }) => {
  let t: TestService;
  const user = () => ({ userId: t.demoUserId, threadId: null, channel: "api" as const });
  const { sentFor: countFor } = decisionHelpers(() => t);
  const edit = async (proposalId: string, changes: OrderChanges) => {
    const answer = await t.service.orders.decide(user(), proposalId, { decision: "edit", changes });
    if (answer.decision !== "edit") throw new Error("an edit answers with a card");
    return answer.confirmation;
  };
  const held = async (symbol: string, institution: string) => {
    const snapshot = await t.service.portfolio.service.getSnapshot(t.demoUserId);
    const account = snapshot.accounts.find((a) => a.institution === institution)!;
    return snapshot.positions.find((p) => p.accountId === account.id && p.symbol === symbol)?.quantity ?? 0;
  };

  beforeAll(async () => {
    t = await startTestService({ backend, env: { MAX_DAILY_NOTIONAL: "20000" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("routes, previews and binds a sell of a symbol held in two tradeable accounts", async () => {
    const proposal = await t.service.orders.prepare(user(), { symbol: "AAPL", side: "sell", quantity: 2 });
    const card = proposal;
    expect(card.account).toMatchObject({
      provider: "snaptrade",
      institution: "Charles Schwab",
      name: "Individual Brokerage",
    });
    expect(card.routing.reason).toMatch(/holds the most AAPL/);
    expect(card.routing.alternatives.map((a) => [a.institution, a.canTrade])).toEqual(
      expect.arrayContaining([
        ["Robinhood", true],
        ["Fidelity", false],
      ]),
    );
    expect(card.estimate.amountSource).toBe("broker_preview");
    expect(card.text).toContain("Sell 2 shares of AAPL");
    expect(card.hash).toMatch(/^[\w-]{20,}$/);
    expect(new Date(card.expiresAt).getTime() - Date.now()).toBeGreaterThan(4 * 60_000);
    expect(await t.sandboxOrders()).toHaveLength(0);
  });

  it("a dollar-amount sell is checked against the shares held at the broker's price, with no false warning", async () => {
    const card = await t.service.orders.prepare(user(), { symbol: "NVDA", side: "sell", notional: 100 });
    expect(card.order).toMatchObject({ quantity: null, notional: 100 });
    expect(card.warnings.join(" ")).not.toMatch(/could not be checked|without a current price/i);
    expect(card.text).toContain("Sell $100.00 worth of NVDA");
    // And a dollar amount above what the account holds is refused before any card.
    await expect(
      t.service.orders.prepare(user(), { symbol: "NVDA", side: "sell", notional: 1_000_000 }),
    ).rejects.toThrow(/holds 40 NVDA, worth about \$[\d,.]+, less than the \$1,000,000\.00 asked for/);
  });

  it("approves once: a double approve returns the same order and sends nothing more", async () => {
    const proposal = await t.service.orders.prepare(user(), { symbol: "NVDA", side: "sell", quantity: 1 });
    const first = await t.service.orders.decide(user(), proposal.id, {
      decision: "approve",
      hash: proposal.hash,
    });
    const second = await t.service.orders.decide(user(), proposal.id, {
      decision: "approve",
      hash: proposal.hash,
    });
    expect(first.order?.id).toBe(second.order?.id);
    expect(first.order?.status).toMatch(/accepted|filled/);
    expect(first.order?.clientOrderId).toBe(proposal.id);
    expect(await countFor(proposal.id)).toBe(1);
    const events = await t.service.orders.auditTrail(t.demoUserId, { proposalId: proposal.id });
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        "proposal_created",
        "decision_approve",
        "order_sent",
        "broker_accepted",
        "duplicate_confirm",
      ]),
    );
    expect(events.filter((e) => e.type === "order_sent")).toHaveLength(1);
  });

  it("two concurrent approvals produce one broker order", async () => {
    const proposal = await t.service.orders.prepare(user(), { symbol: "NVDA", side: "buy", quantity: 1 });
    const results = await Promise.allSettled([
      t.service.orders.decide(user(), proposal.id, { decision: "approve", hash: proposal.hash }),
      t.service.orders.decide(user(), proposal.id, { decision: "approve", hash: proposal.hash }),
      t.service.orders.decide(user(), proposal.id, { decision: "approve", hash: proposal.hash }),
    ]);
    const ids = new Set(results.filter((r) => r.status === "fulfilled").map((r) => r.value.order?.id));
    expect(ids.size).toBe(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ConflictError);
    expect(await countFor(proposal.id)).toBe(1);
  });

  it("refuses a tampered hash, another user's proposal and an expired one, sending nothing", async () => {
    const proposal = await t.service.orders.prepare(user(), { symbol: "NVDA", side: "sell", quantity: 1 });
    await expect(
      t.service.orders.decide(user(), proposal.id, { decision: "approve", hash: `${proposal.hash}x` }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      t.service.orders.decide({ userId: other, channel: "api" }, proposal.id, {
        decision: "approve",
        hash: proposal.hash,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await t.service.orders.proposalStatus(t.demoUserId, proposal.id)).toBe("awaiting");
    await t.service.db.pool.query(
      "update trade_proposals set expires_at = now() - interval '1 second' where id = $1",
      [proposal.id],
    );
    await expect(
      t.service.orders.decide(user(), proposal.id, { decision: "approve", hash: proposal.hash }),
    ).rejects.toBeInstanceOf(GoneError);
    expect(await t.service.orders.proposalStatus(t.demoUserId, proposal.id)).toBe("expired");
    expect(await countFor(proposal.id)).toBe(0);
  });

  it("refuses a proposal whose stored order was changed behind our back", async () => {
    const proposal = await t.service.orders.prepare(user(), { symbol: "NVDA", side: "sell", quantity: 1 });
    await t.service.db.pool.query(
      `update trade_proposals set order_spec = jsonb_set(order_spec, '{order,quantity}', '30') where id = $1`,
      [proposal.id],
    );
    await expect(t.service.orders.decide(user(), proposal.id, { decision: "approve" })).rejects.toThrow(
      /integrity/,
    );
    expect(await countFor(proposal.id)).toBe(0);
  });

  it("an edit supersedes the old proposal: the old one cannot be approved, the new one sends once", async () => {
    const old = await t.service.orders.prepare(user(), { symbol: "TSLA", side: "sell", quantity: 1 });
    const edited = await edit(old.id, { quantity: 3 });
    expect(edited.id).not.toBe(old.id);
    expect(edited.hash).not.toBe(old.hash);
    expect(edited.order).toMatchObject({ quantity: 3, symbol: "TSLA" });
    await expect(
      t.service.orders.decide(user(), old.id, { decision: "approve", hash: old.hash }),
    ).rejects.toThrow(/replaced by an edited one/);
    const { order } = await t.service.orders.decide(user(), edited.id, {
      decision: "approve",
      hash: edited.hash,
    });
    expect(order?.quantity).toBe(3);
    expect(await countFor(old.id)).toBe(0);
    expect(await countFor(edited.id)).toBe(1);
  });

  it("an edit to another account re-checks routing and holdings", async () => {
    const proposal = await t.service.orders.prepare(user(), { symbol: "AAPL", side: "sell", quantity: 20 });
    const robinhood = proposal.routing.alternatives.find((a) => a.institution === "Robinhood")!;
    // Robinhood holds 12 AAPL: 20 cannot be sold there.
    await expect(edit(proposal.id, { accountId: robinhood.accountId })).rejects.toThrow(/holds 12/);
    const fidelity = proposal.routing.alternatives.find((a) => a.institution === "Fidelity")!;
    await expect(edit(proposal.id, { accountId: fidelity.accountId })).rejects.toThrow(/read-only|cannot/i);
    const moved = await edit(proposal.id, {
      accountId: robinhood.accountId,
      quantity: 2,
    });
    expect(moved.account.institution).toBe("Robinhood");
  });

  it("rejects: the decision is recorded and nothing is sent", async () => {
    const proposal = await t.service.orders.prepare(user(), { symbol: "NVDA", side: "sell", quantity: 1 });
    await t.service.orders.decide(user(), proposal.id, { decision: "reject" });
    expect(await t.service.orders.proposalStatus(t.demoUserId, proposal.id)).toBe("rejected");
    await expect(
      t.service.orders.decide(user(), proposal.id, { decision: "approve", hash: proposal.hash }),
    ).rejects.toThrow(/already rejected/);
    expect(await countFor(proposal.id)).toBe(0);
  });

  it.each([
    [{ symbol: "AAPL", side: "sell" as const, quantity: 60 }, /holds only 50|holds 50/],
    [{ symbol: "MSFT", side: "sell" as const, quantity: 1 }, /Fidelity/],
    [{ symbol: "ZZZZ", side: "buy" as const, quantity: 1 }, /ZZZZ/],
    [{ symbol: "AAPL", side: "sell" as const, quantity: 1, orderType: "limit" as const }, /limit price/],
  ])("refuses before any card: %o", async (intent, why) => {
    await expect(t.service.orders.prepare(user(), intent)).rejects.toThrow(why);
  });

  it("a sell with no size of a symbol held only read-only is refused at once, naming the account; otherwise asks how much", async () => {
    const readOnly = t.service.orders.prepare(user(), { symbol: "MSFT", side: "sell" });
    await expect(readOnly).rejects.toBeInstanceOf(OrderRefused);
    await expect(readOnly).rejects.toThrow(/Fidelity/);
    const asked = t.service.orders.prepare(user(), { symbol: "AAPL", side: "sell" });
    await expect(asked).rejects.toBeInstanceOf(NeedsClarification);
    await expect(asked).rejects.toThrow(/How much AAPL/);
  });

  it("resolves 'all' and fractions against the routed account's holding", async () => {
    const all = await t.service.orders.prepare(user(), {
      symbol: "TSLA",
      side: "sell",
      sellAll: true,
      account: "Robinhood",
    });
    expect(all.order).toMatchObject({ quantity: await held("TSLA", "Robinhood") });
    expect(all.basis).toMatch(/^All \S+ TSLA in Robinhood/);
    const half = await t.service.orders.prepare(user(), {
      symbol: "AAPL",
      side: "sell",
      fraction: 0.5,
      account: "Charles Schwab",
    });
    const schwab = await held("AAPL", "Charles Schwab");
    expect(half.order).toMatchObject({ quantity: schwab / 2 });
    expect(half.basis).toBe(
      `half of the ${schwab} AAPL in Charles Schwab Individual Brokerage = ${schwab / 2} shares`,
    );
    expect(half.text).toContain(`Size: half of the ${schwab} AAPL`);
  });

  it("asks which account when 'half' or 'all' of a symbol is held in several tradeable accounts", async () => {
    const asked = t.service.orders.prepare(user(), { symbol: "AAPL", side: "sell", fraction: 0.5 });
    await expect(asked).rejects.toBeInstanceOf(NeedsClarification);
    await expect(asked).rejects.toThrow(
      /Charles Schwab Individual Brokerage \(50\) and Robinhood Individual \(12\)/,
    );
    // Read-only holders are named, never silently left out.
    await expect(asked).rejects.toThrow(/Fidelity/);
  });

  it("holds the daily limit across split orders, at approval too", async () => {
    // Each order fits alone; together they pass the $20,000 daily limit.
    const a = await t.service.orders.prepare(user(), { symbol: "NVDA", side: "buy", notional: 8_000 });
    const b = await t.service.orders.prepare(user(), { symbol: "NVDA", side: "buy", notional: 8_000 });
    const c = await t.service.orders.prepare(user(), { symbol: "NVDA", side: "buy", notional: 8_000 });
    await t.service.orders.decide(user(), a.id, { decision: "approve", hash: a.hash });
    await t.service.orders.decide(user(), b.id, { decision: "approve", hash: b.hash });
    await expect(
      t.service.orders.decide(user(), c.id, { decision: "approve", hash: c.hash }),
    ).rejects.toBeInstanceOf(OrderRefused);
    expect(await t.service.orders.proposalStatus(t.demoUserId, c.id)).toBe("awaiting");
    expect(await countFor(c.id)).toBe(0);
    await expect(
      t.service.orders.prepare(user(), { symbol: "NVDA", side: "buy", notional: 8_000 }),
    ).rejects.toThrow(/daily limit/);
  });

  it("keeps every user's audit chain intact", async () => {
    const users = await t.service.orders.auditedUsers();
    // Not a loop over nothing: the tests above audited the demo user's decisions.
    expect(users).toContain(t.demoUserId);
    expect((await t.service.orders.auditTrail(t.demoUserId)).length).toBeGreaterThan(10);
    for (const userId of users) {
      expect(await t.service.orders.verifyAudit(userId)).toMatchObject({ ok: true });
    }
  });
});
