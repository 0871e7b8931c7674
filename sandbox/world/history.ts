import { newId } from "../lib/ids.js";
import { roundMoney, roundQuantity } from "../lib/numbers.js";
import { addDays } from "../lib/time.js";
import type { Account, Activity } from "./types.js";
import type { World } from "./world.js";

function activity(
  world: World,
  account: Account,
  fields: Omit<Activity, "id" | "accountId" | "fee" | "orderId">,
): Activity {
  const record: Activity = { id: newId(), accountId: account.id, fee: 0, orderId: null, ...fields };
  world.activities.push(record);
  return record;
}

/**
 * A believable past for a seeded account: a deposit, the buys that built each position and a
 * dividend, so transactions and history endpoints have data. The records explain the current
 * balances (deposit = cash + cost of the positions - dividend); they do not change them.
 */
export function recordHistory(world: World, account: Account): void {
  const now = world.now();
  const cost = account.positions.reduce((sum, p) => sum + p.units * p.avgPrice, 0);
  const dividendPosition = account.positions[0];
  const dividend = dividendPosition ? roundMoney(dividendPosition.units * 0.24) : 0;
  const deposit = roundMoney(account.cash + cost - dividend);
  if (deposit > 0) {
    activity(world, account, {
      type: "CONTRIBUTION",
      symbol: null,
      units: 0,
      price: 0,
      amount: deposit,
      at: addDays(now, -90).toISOString(),
      description: "Electronic funds transfer in",
    });
  }
  account.positions.forEach((position, index) => {
    activity(world, account, {
      type: "BUY",
      symbol: position.symbol,
      units: roundQuantity(position.units),
      price: position.avgPrice,
      amount: -roundMoney(position.units * position.avgPrice),
      at: addDays(now, -60 + index).toISOString(),
      description: `Bought ${position.units} ${position.symbol} @ ${position.avgPrice}`,
    });
  });
  if (dividendPosition && dividend > 0) {
    activity(world, account, {
      type: "DIVIDEND",
      symbol: dividendPosition.symbol,
      units: 0,
      price: 0.24,
      amount: dividend,
      at: addDays(now, -20).toISOString(),
      description: `Dividend ${dividendPosition.symbol}`,
    });
  }
}
