import type { PoolLike } from "../core/db/queryable.js";
import { NotFoundError, ValidationError } from "../core/errors.js";
import type { AccountSessions } from "./account-sessions.js";
import type { PortfolioWarning, Transaction } from "./service.js";
import { loadAccounts } from "./store/accounts-store.js";
import { describeFailure, withTimeout } from "./sync/failures.js";

/** Default window when the caller gives none. */
const defaultRangeDays = 90;

export interface TransactionsView {
  transactions: Transaction[];
  warnings: PortfolioWarning[];
}

/**
 * Activities straight from each account's provider (they are not stored), fetched in parallel
 * with the per-provider timeout; an account that fails is reported in `warnings`.
 */
export async function readTransactions(
  deps: { pool: PoolLike; sessions: AccountSessions; now: () => Date; timeoutMs: number },
  userId: string,
  filter: { accountId?: string | undefined; from?: Date | undefined; to?: Date | undefined },
): Promise<TransactionsView> {
  const to = filter.to ?? deps.now();
  const from = filter.from ?? new Date(to.getTime() - defaultRangeDays * 86_400_000);
  if (from.getTime() > to.getTime()) throw new ValidationError("from must not be after to.");
  const accounts = (await loadAccounts(deps.pool, userId)).filter(
    (a) => filter.accountId === undefined || a.id === filter.accountId,
  );
  if (filter.accountId !== undefined && accounts.length === 0) throw new NotFoundError("Account");
  const warnings: PortfolioWarning[] = [];
  const lists = await Promise.all(
    accounts.map(async (account) => {
      try {
        const session = await deps.sessions.readSession(userId, account);
        return await withTimeout(
          session.listActivities(account.id, { from, to }),
          deps.timeoutMs,
          account.provider,
        );
      } catch (error) {
        const failure = describeFailure(account.provider, error, account.connectionId);
        warnings.push({ provider: account.provider, accountId: account.id, message: failure.message });
        return [];
      }
    }),
  );
  const transactions = lists
    .flat()
    .filter((t) => {
      const at = Date.parse(t.at);
      return at >= from.getTime() && at <= to.getTime();
    })
    .map(
      (t): Transaction => ({
        id: t.id,
        accountId: t.accountId,
        type: t.type,
        symbol: t.symbol,
        quantity: t.quantity,
        price: t.price,
        amount: t.amount,
        currency: t.currency,
        at: t.at,
      }),
    )
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || a.id.localeCompare(b.id));
  return { transactions, warnings };
}
