import type { SandboxOrder } from "../client/sandbox-admin.js";
import type { LoadRecorder } from "./recorder.js";

export interface DuplicateReport {
  ok: boolean;
  lines: string[];
}

/**
 * Exactly once, checked on the broker side: no client order id reached the brokers twice, every
 * approved proposal produced exactly one broker order (matched by client order id or by the
 * broker order id the service recorded), and no rejected proposal produced any.
 */
export function checkDuplicates(orders: SandboxOrder[], recorder: LoadRecorder): DuplicateReport {
  const lines: string[] = [];
  const byClientId = new Map<string, SandboxOrder[]>();
  for (const order of orders) {
    if (!order.clientOrderId) continue;
    byClientId.set(order.clientOrderId, [...(byClientId.get(order.clientOrderId) ?? []), order]);
  }
  const repeated = [...byClientId.entries()].filter(([, list]) => list.length > 1);
  for (const [clientOrderId, list] of repeated) {
    lines.push(`client order id ${clientOrderId} reached the broker ${list.length} times`);
  }

  const same = (a: string | null, b: string | null) =>
    a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
  const matches = (proposal: {
    proposalId: string;
    brokerOrderId: string | null;
    clientOrderId: string | null;
  }) =>
    orders.filter(
      (o) =>
        same(o.clientOrderId, proposal.clientOrderId ?? proposal.proposalId) ||
        same(o.id, proposal.brokerOrderId),
    );
  let missing = 0;
  for (const proposal of recorder.approved) {
    const found = matches(proposal).length;
    if (found > 1) lines.push(`proposal ${proposal.proposalId} produced ${found} broker orders`);
    if (found === 0) missing += 1;
  }
  for (const proposalId of recorder.rejected) {
    const found = matches({ proposalId, brokerOrderId: null, clientOrderId: null }).length;
    if (found > 0) lines.push(`rejected proposal ${proposalId} reached the broker ${found} times`);
  }

  const ok = lines.length === 0;
  lines.unshift(
    `${orders.length} broker orders in the sandbox; ${recorder.approved.length} approved and ${recorder.rejected.length} rejected proposals checked` +
      (missing > 0
        ? ` (${missing} without a broker order yet: unknown outcome or refused before sending)`
        : ""),
  );
  lines.push(ok ? "exactly once: OK (no proposal produced two broker orders)" : "exactly once: VIOLATED");
  return { ok, lines };
}
