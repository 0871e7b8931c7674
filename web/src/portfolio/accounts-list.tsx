import type { Account, DefaultAccount } from "../api/types.js";
import { dateTime, money } from "../format.js";

interface Props {
  accounts: Account[];
  busy: boolean;
  /** The default trading account setting; null while it loads. */
  defaultAccount: DefaultAccount | null;
  onReconnect(account: Account): void;
  onMakeDefault(account: Account): void;
}

/** The id of an account's "Default" badge: focus lands there once the account becomes the default. */
export const defaultBadgeId = (accountId: string) => `default-badge-${accountId}`;

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

/** Linked accounts with their value, access and connection health, and which one is the default. */
export function AccountsList({ accounts, busy, defaultAccount, onReconnect, onMakeDefault }: Props) {
  if (accounts.length === 0) return <p class="muted">No linked accounts yet.</p>;
  const chosen = defaultAccount?.chosen ?? null;
  return (
    <>
      {chosen && !chosen.linked && (
        <p class="tone-warn small">
          Your default trading account, {chosen.label}, is no longer linked: buys go to the automatic default
          until you choose another.
        </p>
      )}
      <ul class="accounts">
        {accounts.map((account) => {
          const broken = account.connectionStatus !== "active";
          const isDefault = chosen?.accountId === account.id;
          const label = `${account.institution} · ${account.name}`;
          return (
            <li key={account.id} class={broken ? "account broken" : "account"}>
              <div class="account-main">
                <strong>{account.institution}</strong> · {account.name}{" "}
                <span class="mono">{account.numberMasked}</span> <AccessBadges account={account} />
                {isDefault && (
                  <span class="badge badge-default" id={defaultBadgeId(account.id)} tabIndex={-1}>
                    Default
                  </span>
                )}
                <div class="muted small">
                  {account.syncedAt ? `Synced ${dateTime(account.syncedAt)}` : "Not synced yet"}
                  {account.buyingPower !== null
                    ? ` · buying power ${money(account.buyingPower, account.currency)}`
                    : ""}
                </div>
                {isDefault && chosen?.whyNot && (
                  <p class="tone-warn small">
                    Your default trading account can't take orders now ({chosen.whyNot}); buys go to the
                    automatic default meanwhile.
                  </p>
                )}
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
                {!isDefault && defaultAccount?.eligibleAccountIds.includes(account.id) && (
                  <button
                    type="button"
                    class="button-secondary"
                    disabled={busy}
                    onClick={() => onMakeDefault(account)}
                    aria-label={`Make default: ${label}`}
                  >
                    Make default
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
