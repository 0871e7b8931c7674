import type { Category, Exchange } from "./exchange-log.js";
import type { BrokerOrder, Card, CardOrder, Ledger, OrderRecord } from "./ledger.js";

export const INVARIANTS = {
  duplicate: "duplicate broker orders",
  unconfirmed: "unconfirmed or different order",
  misattributed: "fill on an order that did not send it",
  disagrees: "record disagrees with broker",
  unauthorized: "cross-user or forged access",
  secretLeak: "secret leak",
  serverError: "5xx",
  undocumented: "undocumented answer",
  wrongAnswer: "answer not as the contract says",
} as const;
export type Invariant = keyof typeof INVARIANTS;

export interface Violation {
  category: Category | "unattributed";
  invariant: Invariant;
  detail: string;
}

/** The service's account id of a broker order. */
export function serviceAccountId(order: BrokerOrder): string {
  return `${order.provider}_${order.accountId}`;
}

/** Does the broker order carry exactly what the card showed (decimals compared exactly)? */
export function sameOrder(card: CardOrder, order: BrokerOrder): boolean {
  return (
    card.symbol.toUpperCase() === order.symbol.toUpperCase() &&
    card.side === order.side &&
    card.quantity === order.quantity &&
    card.notional === order.notional &&
    card.orderType === order.orderType &&
    card.limitPrice === order.limitPrice &&
    card.stopPrice === order.stopPrice
  );
}

/**
 * Which card each broker order belongs to: the client order id where the broker echoes it
 * (Alpaca), else the attempt during which it reached the broker (SnapTrade echoes none) and,
 * among that attempt's cards on its account, the one it matches. Null: no card sent it.
 */
export function attribute(ledger: Ledger, orders: BrokerOrder[]): Map<string, Card | null> {
  const owners = new Map<string, Card | null>();
  for (const order of orders) {
    const named = order.clientOrderId ? ledger.cards.get(order.clientOrderId) : undefined;
    if (named) {
      owners.set(order.id, named);
      continue;
    }
    const window = ledger.windows.find((w) => w.brokerOrderIds.includes(order.id));
    const onAccount = (window?.proposalIds ?? [])
      .map((id) => ledger.cards.get(id))
      .filter((card): card is Card => card?.accountId === serviceAccountId(order));
    const matching = onAccount.filter((card) => card.order && sameOrder(card.order, order));
    const owner = onAccount.length === 1 ? onAccount[0]! : (matching[0] ?? onAccount[0] ?? null);
    owners.set(order.id, owner);
  }
  return owners;
}

function categoryOf(ledger: Ledger, order: BrokerOrder, owner: Card | null): Category | "unattributed" {
  if (owner) return owner.category;
  return ledger.windows.find((w) => w.brokerOrderIds.includes(order.id))?.category ?? "unattributed";
}

const live = (order: BrokerOrder) => order.status !== "rejected";

/** Broker-side truth: at most one order per card, and only approved cards' exact orders. */
export function checkBrokerOrders(ledger: Ledger, orders: BrokerOrder[]): Violation[] {
  const violations: Violation[] = [];
  const owners = attribute(ledger, orders);
  const perCard = new Map<string, BrokerOrder[]>();
  for (const order of orders) {
    const owner = owners.get(order.id) ?? null;
    const category = categoryOf(ledger, order, owner);
    const what = `broker order ${order.id} (${order.side} ${order.quantity ?? `$${order.notional}`} ${order.symbol}, ${order.status})`;
    if (!owner) {
      violations.push({ category, invariant: "unconfirmed", detail: `${what}: no card of the run sent it` });
      continue;
    }
    if (!owner.approved) {
      violations.push({
        category,
        invariant: "unconfirmed",
        detail: `${what}: card ${owner.proposalId} was never approved`,
      });
    } else if (!owner.order || !sameOrder(owner.order, order)) {
      violations.push({
        category,
        invariant: "unconfirmed",
        detail: `${what} differs from its card ${owner.proposalId}: ${JSON.stringify(owner.order)}`,
      });
    }
    if (live(order)) perCard.set(owner.proposalId, [...(perCard.get(owner.proposalId) ?? []), order]);
  }
  for (const [proposalId, sent] of perCard) {
    if (sent.length < 2) continue;
    violations.push({
      category: ledger.cards.get(proposalId)!.category,
      invariant: "duplicate",
      detail: `card ${proposalId} has ${sent.length} broker orders: ${sent.map((o) => o.id).join(", ")}`,
    });
  }
  return violations;
}

/** Our record's status for a broker status (the sandbox speaks Alpaca's vocabulary). */
export function recordStatusFor(brokerStatus: string): string {
  if (brokerStatus === "new" || brokerStatus === "pending_new") return "accepted";
  if (brokerStatus === "canceled" || brokerStatus === "expired") return "cancelled";
  return brokerStatus;
}

const placedStatuses = new Set(["accepted", "partially_filled", "filled"]);

/** Records against the broker: each linked to the order it sent, in the broker's state. */
export function checkRecords(ledger: Ledger, records: OrderRecord[], orders: BrokerOrder[]): Violation[] {
  const violations: Violation[] = [];
  const owners = attribute(ledger, orders);
  const byId = new Map(orders.map((o) => [o.id, o]));
  const linkedBy = new Map<string, string[]>();
  const recorded = new Set(records.map((r) => r.confirmationId));
  for (const record of records) {
    const card = ledger.cards.get(record.confirmationId);
    if (!card) continue; // not made by this run's ledger (e.g. a cancel card)
    const category = card.category;
    const what = `order ${record.id} (card ${record.confirmationId}, ${record.status})`;
    if (record.brokerOrderId) {
      linkedBy.set(record.brokerOrderId, [...(linkedBy.get(record.brokerOrderId) ?? []), record.id]);
      const brokerOrder = byId.get(record.brokerOrderId);
      if (!brokerOrder) {
        violations.push({
          category,
          invariant: "misattributed",
          detail: `${what} names broker order ${record.brokerOrderId}, which the broker does not have`,
        });
        continue;
      }
      if (owners.get(brokerOrder.id)?.proposalId !== record.confirmationId) {
        violations.push({
          category,
          invariant: "misattributed",
          detail: `${what} is linked to broker order ${brokerOrder.id}, which card ${owners.get(brokerOrder.id)?.proposalId ?? "(none)"} sent`,
        });
        continue;
      }
      const expected = recordStatusFor(brokerOrder.status);
      if (
        record.status !== "needs_review" &&
        (record.status !== expected || record.filledQuantity !== brokerOrder.filledQuantity)
      ) {
        violations.push({
          category,
          invariant: "disagrees",
          detail: `${what} filled ${record.filledQuantity}; the broker has ${brokerOrder.status} filled ${brokerOrder.filledQuantity}`,
        });
      }
      continue;
    }
    const sent = orders.filter((o) => live(o) && owners.get(o.id)?.proposalId === record.confirmationId);
    if (placedStatuses.has(record.status)) {
      violations.push({ category, invariant: "disagrees", detail: `${what} names no broker order` });
    } else if ((record.status === "rejected" || record.status === "cancelled") && sent.length > 0) {
      violations.push({
        category,
        invariant: "disagrees",
        detail: `${what} but the broker has ${sent.map((o) => `${o.id} ${o.status}`).join(", ")}`,
      });
    }
  }
  for (const [brokerOrderId, recordIds] of linkedBy) {
    if (recordIds.length < 2) continue;
    const owner = owners.get(brokerOrderId);
    violations.push({
      category: owner?.category ?? "unattributed",
      invariant: "misattributed",
      detail: `broker order ${brokerOrderId} is linked to ${recordIds.length} orders: ${recordIds.join(", ")}`,
    });
  }
  for (const order of orders) {
    const owner = owners.get(order.id);
    if (!owner || !live(order) || recorded.has(owner.proposalId)) continue;
    violations.push({
      category: owner.category,
      invariant: "disagrees",
      detail: `broker order ${order.id} of card ${owner.proposalId} has no order record`,
    });
  }
  return violations;
}

/** Records not settled yet (unknown, or claimed and not answered): honest, but reported. */
export function unsettled(records: OrderRecord[]): OrderRecord[] {
  return records.filter((r) => r.status === "unknown" || r.status === "submitting");
}

export interface Secret {
  label: string;
  value: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Secrets (tokens, keys, full account numbers) in any answer or log line. */
export function checkSecrets(exchanges: Exchange[], logs: string, secrets: Secret[]): Violation[] {
  const violations: Violation[] = [];
  const patterns = secrets
    .filter((s) => s.value.length >= 6)
    .map((s) => ({ ...s, pattern: new RegExp(`(?<![\\w-])${escapeRegExp(s.value)}(?![\\w-])`) }));
  for (const exchange of exchanges) {
    for (const secret of patterns) {
      if (!secret.pattern.test(exchange.answer)) continue;
      violations.push({
        category: exchange.category,
        invariant: "secretLeak",
        detail: `${secret.label} in the answer to ${exchange.operation}`,
      });
    }
  }
  for (const line of logs.split("\n")) {
    for (const secret of patterns) {
      if (!secret.pattern.test(line)) continue;
      violations.push({
        category: "unattributed",
        invariant: "secretLeak",
        detail: `${secret.label} in a log line: ${line.slice(0, 200).replace(secret.value, "<redacted>")}`,
      });
    }
  }
  return violations;
}

/** 5xx answers (a documented 502/503 while a broker fault was armed is the truth) and undocumented answers. */
export function checkExchanges(exchanges: Exchange[]): Violation[] {
  const violations: Violation[] = [];
  for (const exchange of exchanges) {
    const excused = exchange.duringFault && exchange.contractProblem === null && exchange.status !== 500;
    if (exchange.status >= 500 && !excused) {
      violations.push({
        category: exchange.category,
        invariant: "serverError",
        detail: `${exchange.operation} answered ${exchange.status}: ${exchange.answer.split("\n\n")[1]?.slice(0, 200)}\n      request: ${exchange.request}`,
      });
    }
    if (exchange.contractProblem) {
      violations.push({
        category: exchange.category,
        invariant: "undocumented",
        detail: exchange.contractProblem,
      });
    }
  }
  return violations;
}
