import type { Account } from "../api/types.js";
import { dateTime, money } from "../format.js";

interface Props {
  accounts: Account[];
  busy: boolean;
  onReconnect(account: Account): void;
}

function AccessBadges({ account }: { account: Account }) {
  return (
    <>
      {account.isPaper ? (
        <span class="badge badge-paper">Paper</span>
      ) : (
        <span class="badge badge-live">Live</span>
      )}
      {!account.canTrade && <span class="badge badge-readonly">Read-only</span>}
    </>
  );
}

/** Linked accounts with their value, access and connection health. */
export function AccountsList({ accounts, busy, onReconnect }: Props) {
  if (accounts.length === 0) return <p class="muted">No linked accounts yet.</p>;
  return (
    <ul class="accounts">
      {accounts.map((account) => {
        const broken = account.connectionStatus !== "active";
        return (
          <li key={account.id} class={broken ? "account broken" : "account"}>
            <div class="account-main">
              <strong>{account.institution}</strong> · {account.name}{" "}
              <span class="mono">{account.numberMasked}</span> <AccessBadges account={account} />
              <div class="muted small">
                {account.syncedAt ? `Synced ${dateTime(account.syncedAt)}` : "Not synced yet"}
                {account.buyingPower !== null
                  ? ` · buying power ${money(account.buyingPower, account.currency)}`
                  : ""}
              </div>
              {broken && (
                <p class="tone-warn small">
                  Connection {account.connectionStatus}: holdings may be out of date and it cannot trade.
                </p>
              )}
            </div>
            <div class="account-side">
              <span>{money(account.totalValue, account.currency)}</span>
              {broken && account.provider === "snaptrade" && (
                <button
                  type="button"
                  class="button-secondary"
                  disabled={busy}
                  onClick={() => onReconnect(account)}
                >
                  Reconnect
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
