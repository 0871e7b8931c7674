import type { PendingConfirmation } from "../api/types.js";
import { money, shares } from "../format.js";

interface Props {
  pending: PendingConfirmation;
  disabled: boolean;
  onChooseAccount(accountId: string): void;
}

export function AccountBadge({ isPaper }: { isPaper: boolean }) {
  return isPaper ? <span class="badge badge-paper">Paper</span> : <span class="badge badge-live">Live</span>;
}

/** Where the order goes, why, and the other accounts the user may pick instead. */
export function CardAccount({ pending, disabled, onChooseAccount }: Props) {
  const { account, routing, order } = pending;
  return (
    <div class="card-account">
      <p class="card-account-name">
        <span class="label">Account</span>
        <strong>{account.institution}</strong> · {account.name}{" "}
        <span class="mono">{account.numberMasked}</span> <AccountBadge isPaper={account.isPaper} />
        {routing.rule === "user_default" && <span class="badge badge-default">Your default</span>}
      </p>
      <p class="card-reason">
        <span class="label">Why this account</span>
        {routing.reason}
      </p>
      {routing.alternatives.length > 0 && (
        <div class="card-alternatives">
          <h4>Other accounts</h4>
          <ul>
            {routing.alternatives.map((alt) => (
              <li key={alt.accountId} class={alt.canTrade ? "" : "unavailable"}>
                <div>
                  <strong>{alt.institution}</strong> · {alt.name}
                  <span class="muted">
                    {" "}
                    holds {shares(alt.holds)} {order.symbol}
                    {alt.buyingPower !== null ? ` · buying power ${money(alt.buyingPower)}` : ""}
                  </span>
                  {!alt.canTrade && alt.whyNot && <p class="why-not">Can't use: {alt.whyNot}</p>}
                </div>
                {alt.canTrade && (
                  <button
                    type="button"
                    class="button-secondary"
                    disabled={disabled}
                    onClick={() => onChooseAccount(alt.accountId)}
                    aria-label={`Use this account: ${alt.institution} · ${alt.name}`}
                  >
                    Use this account
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
