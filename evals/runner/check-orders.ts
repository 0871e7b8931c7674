import type { Account } from "../../src/server/api-types.js";
import type { SandboxOrder } from "../harness/sandbox-admin.js";
import type { FinalOrders } from "../scenario-schema.js";
import { accountMatches } from "./perform-turn.js";
import { subsetMismatch } from "./subset-match.js";

/**
 * The orders the brokers actually received (the sandbox's record), against the scenario's
 * expectation. Sandbox account ids are mapped to the service's accounts (`<provider>_<id>`) so
 * an order's account is named the way the card names it.
 */
/** The account fields an order is named by (the eval's fixtures give only these). */
type NamedAccount = Pick<
  Account,
  "id" | "provider" | "institution" | "name" | "numberMasked" | "canTrade" | "isPaper"
>;

export function checkOrders(
  expected: FinalOrders,
  orders: SandboxOrder[],
  accounts: NamedAccount[],
): string[] {
  const failures: string[] = [];
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const describe = (o: SandboxOrder) => {
    const account = byId.get(`${o.provider}_${o.accountId}`);
    const size = o.quantity ?? `$${o.notional}`;
    return `${o.side} ${size} ${o.symbol} ${o.orderType} (${o.status}) in ${account ? `${account.institution} / ${account.name}` : o.accountId}`;
  };
  if (orders.length !== expected.count) {
    failures.push(
      `${orders.length} broker order(s), expected ${expected.count}${orders.length ? `: ${orders.map(describe).join("; ")}` : ""}`,
    );
  }
  const unused = [...orders];
  for (const item of expected.items ?? []) {
    const { status, account, ...fields } = item;
    const index = unused.findIndex((o) => {
      if (subsetMismatch(o, fields) !== null) return false;
      if (status && !status.includes(o.status)) return false;
      const owner = byId.get(`${o.provider}_${o.accountId}`);
      return !account || (owner !== undefined && accountMatches(owner, account));
    });
    if (index === -1) {
      failures.push(
        `no broker order matches ${JSON.stringify(item)} (orders: ${orders.map(describe).join("; ") || "none"})`,
      );
    } else unused.splice(index, 1);
  }
  return failures;
}
