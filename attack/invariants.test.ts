import { describe, expect, it } from "vitest";
import type { Exchange } from "./exchange-log.js";
import { checkBrokerOrders, checkExchanges, checkRecords, checkSecrets } from "./invariants.js";
import { type BrokerOrder, type Card, type CardOrder, Ledger, type OrderRecord } from "./ledger.js";

const cardOrder: CardOrder = {
  symbol: "NVDA",
  side: "buy",
  quantity: 2,
  notional: null,
  orderType: "market",
  limitPrice: null,
  stopPrice: null,
};

function card(id: string, fields: Partial<Card> = {}): Card {
  return {
    proposalId: id,
    category: "order-safety",
    userId: "user-a",
    accountId: "alpaca_acc-1",
    order: cardOrder,
    approved: true,
    ...fields,
  };
}

function brokerOrder(id: string, fields: Partial<BrokerOrder> = {}): BrokerOrder {
  return {
    id,
    provider: "alpaca",
    accountId: "acc-1",
    userId: "user-a",
    ...cardOrder,
    clientOrderId: null,
    status: "filled",
    filledQuantity: 2,
    receivedAt: "2026-11-30T03:00:00.000Z",
    ...fields,
  };
}

function record(id: string, confirmationId: string, fields: Partial<OrderRecord> = {}): OrderRecord {
  return {
    id,
    confirmationId,
    accountId: "alpaca_acc-1",
    provider: "alpaca",
    ...cardOrder,
    status: "filled",
    brokerOrderId: null,
    filledQuantity: 2,
    ...fields,
  };
}

function ledgerWith(...cards: Card[]): Ledger {
  const ledger = new Ledger();
  for (const c of cards) ledger.card(c);
  return ledger;
}

const kinds = (violations: Array<{ invariant: string }>) => violations.map((v) => v.invariant);

describe("the attack run's invariant checks", () => {
  it("find nothing when each approved card sent its own order once and the record follows the broker", () => {
    const ledger = ledgerWith(card("p1"));
    const orders = [brokerOrder("b1", { clientOrderId: "p1" })];
    expect(checkBrokerOrders(ledger, orders)).toEqual([]);
    expect(checkRecords(ledger, [record("o1", "p1", { brokerOrderId: "b1" })], orders)).toEqual([]);
  });

  it("find a duplicate: two live broker orders for one card (a refused one does not count)", () => {
    const ledger = ledgerWith(card("p1"));
    const twice = [brokerOrder("b1", { clientOrderId: "p1" }), brokerOrder("b2", { clientOrderId: "p1" })];
    expect(kinds(checkBrokerOrders(ledger, twice))).toEqual(["duplicate"]);
    const refused = [twice[0]!, brokerOrder("b2", { clientOrderId: "p1", status: "rejected" })];
    expect(checkBrokerOrders(ledger, refused)).toEqual([]);
  });

  it("find orders nobody confirmed, and orders that differ from their card by any decimal", () => {
    const unapproved = ledgerWith(card("p1", { approved: false }));
    expect(kinds(checkBrokerOrders(unapproved, [brokerOrder("b1", { clientOrderId: "p1" })]))).toEqual([
      "unconfirmed",
    ]);
    expect(kinds(checkBrokerOrders(new Ledger(), [brokerOrder("b1")]))).toEqual(["unconfirmed"]);
    const differing = brokerOrder("b1", { clientOrderId: "p1", quantity: 2.0000001 });
    expect(kinds(checkBrokerOrders(ledgerWith(card("p1")), [differing]))).toEqual(["unconfirmed"]);
  });

  it("ties SnapTrade orders (no client order id) to the card of the attempt they arrived in", () => {
    const snap = { accountId: "snaptrade_acc-9" };
    const ledger = ledgerWith(
      card("p1", snap),
      card("p2", { ...snap, order: { ...cardOrder, quantity: 3 } }),
    );
    ledger.windows.push({ category: "broker-faults", proposalIds: ["p1", "p2"], brokerOrderIds: ["b2"] });
    const sentByP2 = brokerOrder("b2", {
      provider: "snaptrade",
      accountId: "acc-9",
      quantity: 3,
      filledQuantity: 3,
    });
    expect(checkBrokerOrders(ledger, [sentByP2])).toEqual([]);
    // p1's record took the broker order p2 sent: the fill is on the wrong order.
    const misfiled = record("o1", "p1", {
      ...snap,
      provider: "snaptrade",
      brokerOrderId: "b2",
      filledQuantity: 3,
    });
    expect(
      kinds(
        checkRecords(ledger, [misfiled, record("o2", "p2", { ...snap, status: "needs_review" })], [sentByP2]),
      ),
    ).toEqual(["misattributed"]);
  });

  it("find one broker order linked to two records, and a link to an order the broker does not have", () => {
    const ledger = ledgerWith(card("p1"), card("p2"));
    const orders = [brokerOrder("b1", { clientOrderId: "p1" })];
    const both = [record("o1", "p1", { brokerOrderId: "b1" }), record("o2", "p2", { brokerOrderId: "b1" })];
    expect(kinds(checkRecords(ledger, both, orders))).toEqual(["misattributed", "misattributed"]);
    expect(kinds(checkRecords(ledger, [record("o1", "p1", { brokerOrderId: "nowhere" })], orders))).toEqual([
      "misattributed",
    ]);
  });

  it("find records that disagree with the broker after settling", () => {
    const ledger = ledgerWith(card("p1"));
    const working = [brokerOrder("b1", { clientOrderId: "p1", status: "new", filledQuantity: 0 })];
    expect(kinds(checkRecords(ledger, [record("o1", "p1", { brokerOrderId: "b1" })], working))).toEqual([
      "disagrees",
    ]);
    const rejectedButPlaced = record("o1", "p1", { status: "rejected", filledQuantity: 0 });
    expect(kinds(checkRecords(ledger, [rejectedButPlaced], working))).toEqual(["disagrees"]);
    expect(kinds(checkRecords(ledger, [], working))).toEqual(["disagrees"]);
    // unknown and needs_review say they do not know: honest, not a disagreement
    expect(
      checkRecords(ledger, [record("o1", "p1", { status: "unknown", filledQuantity: 0 })], working),
    ).toEqual([]);
  });

  it("find secrets in answers and log lines, whole tokens only", () => {
    const exchange = (answer: string): Exchange => ({
      category: "api-fuzz",
      operation: "GET /api/accounts",
      status: 200,
      request: "GET /api/accounts",
      answer,
      contractProblem: null,
      duringFault: false,
    });
    const secrets = [{ label: "full account number", value: "58321234" }];
    expect(kinds(checkSecrets([exchange('{"number":"58321234"}')], "", secrets))).toEqual(["secretLeak"]);
    expect(kinds(checkSecrets([], '{"msg":"account 58321234"}\n', secrets))).toEqual(["secretLeak"]);
    expect(checkSecrets([exchange('{"numberMasked":"••••1234","id":"x-583212345"}')], "", secrets)).toEqual(
      [],
    );
  });

  it("find 5xx and undocumented answers; a documented 503 while a broker fault is armed is the truth", () => {
    const base: Exchange = {
      category: "broker-faults",
      operation: "POST /api/threads/{threadId}/messages",
      status: 503,
      request: "",
      answer: "",
      contractProblem: null,
      duringFault: true,
    };
    expect(checkExchanges([base])).toEqual([]);
    expect(kinds(checkExchanges([{ ...base, duringFault: false }]))).toEqual(["serverError"]);
    expect(kinds(checkExchanges([{ ...base, status: 500 }]))).toEqual(["serverError"]);
    expect(kinds(checkExchanges([{ ...base, status: 413, contractProblem: "413 is not listed" }]))).toEqual([
      "undocumented",
    ]);
  });
});
