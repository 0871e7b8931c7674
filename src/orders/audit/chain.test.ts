import { describe, expect, it } from "vitest";
import { type AuditEvent, eventHash, genesisHash, verifyChain } from "./chain.js";

function chain(length: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  let prev = genesisHash;
  for (let seq = 1; seq <= length; seq++) {
    const body = {
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
      userId: "00000000-0000-4000-8000-000000000001",
      seq,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
      actor: "user" as const,
      type: seq === 1 ? "proposal_created" : "decision_approve",
      threadId: null,
      proposalId: null,
      orderId: null,
      data: { cardText: `Sell ${seq} shares of AAPL`, nested: { b: 1, a: [1, 2] } },
      prevHash: prev,
    };
    const event = { ...body, hash: eventHash(body) };
    events.push(event);
    prev = event.hash;
  }
  return events;
}

describe("audit hash chain", () => {
  it("verifies an intact chain", () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, events: 5 });
    expect(verifyChain([])).toEqual({ ok: true, events: 0 });
  });

  it("hashes the canonical form: key order does not matter", () => {
    const [event] = chain(1);
    const { hash, ...body } = event!;
    const reordered = Object.fromEntries(Object.entries(body).reverse()) as typeof body;
    expect(eventHash(reordered)).toBe(hash);
  });

  it("reports the first broken link when an event's content was edited", () => {
    const events = chain(5);
    events[2] = { ...events[2]!, data: { cardText: "Sell 300 shares of AAPL" } };
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 3, why: /content/ });
  });

  it("reports a removed event and a re-hashed forgery", () => {
    const removed = chain(5);
    removed.splice(1, 1);
    expect(verifyChain(removed)).toMatchObject({ ok: false, brokenAt: 3 });
    const forged = chain(4);
    const { hash: _old, ...body } = { ...forged[1]!, type: "decision_reject" };
    forged[1] = { ...body, hash: eventHash(body) };
    expect(verifyChain(forged)).toMatchObject({ ok: false, brokenAt: 3, why: /previous-hash/ });
  });
});
