import { useEffect, useState } from "preact/hooks";
import type { Decision, PendingConfirmation } from "../api/types.js";
import { duration, money, shareCount } from "../format.js";
import { useCountdown } from "../use-countdown.js";
import { CardAccount } from "./card-account.js";
import { CardEstimate } from "./card-estimate.js";
import { EditOrderForm } from "./edit-order-form.js";
import type { DecisionKind } from "./use-conversation.js";

interface Props {
  pending: PendingConfirmation;
  deciding: DecisionKind | null;
  /** A turn is streaming: deciding now would race it. */
  busy: boolean;
  onDecide(decision: Decision): void;
}

function headline({ kind, order }: PendingConfirmation): string {
  const size = order.notional !== null ? `${money(order.notional)} of` : `${shareCount(order.quantity)} of`;
  const action = `${order.side === "buy" ? "Buy" : "Sell"} ${size} ${order.symbol}`;
  return kind === "cancel" ? `Cancel: ${action.toLowerCase()}` : action;
}

/**
 * The order the user is asked to approve, drawn only from the server's structured
 * `pendingConfirmation` (never from the assistant's text). Approve sends the card's hash, so
 * the server executes exactly what was shown.
 */
export function ConfirmationCard({ pending, deciding, busy, onDecide }: Props) {
  const left = useCountdown(pending.expiresAt);
  const [editing, setEditing] = useState(false);
  const expired = left <= 0;
  const locked = deciding !== null || busy;
  const titleId = `card-title-${pending.id}`;

  // A new card (after an edit) starts closed.
  useEffect(() => setEditing(false), [pending.id]);

  return (
    <section
      class={`confirmation-card side-${pending.order.side}`}
      aria-labelledby={titleId}
      data-testid="confirmation-card"
    >
      <header class="card-header">
        <h3 id={titleId}>{headline(pending)}</h3>
        <p class={`countdown${left < 60_000 ? " countdown-soon" : ""}`} aria-live="off">
          {expired ? "Expired" : `Expires in ${duration(left)}`}
        </p>
      </header>
      <p class="card-description">{pending.order.description}</p>
      <CardAccount
        pending={pending}
        disabled={locked || expired}
        onChooseAccount={(accountId) => onDecide({ decision: "edit", changes: { accountId } })}
      />
      <CardEstimate pending={pending} />
      {pending.warnings.length > 0 && (
        <ul class="card-warnings" aria-label="Warnings">
          {pending.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      {expired && (
        <p class="card-expired" role="status">
          This confirmation expired. Nothing was sent; ask again for a fresh quote.
        </p>
      )}
      {editing && !expired ? (
        <EditOrderForm
          pending={pending}
          disabled={locked}
          onSubmit={(changes) => onDecide({ decision: "edit", changes })}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <div class="actions">
          <button
            type="button"
            class="button-approve"
            disabled={locked || expired}
            aria-busy={deciding === "approve"}
            onClick={() => onDecide({ decision: "approve", hash: pending.hash })}
          >
            {deciding === "approve" ? "Sending…" : "Approve"}
          </button>
          <button
            type="button"
            class="button-secondary"
            disabled={locked}
            onClick={() => onDecide({ decision: "reject" })}
          >
            {deciding === "reject" ? "Rejecting…" : "Reject"}
          </button>
          {pending.kind === "order" && (
            <button
              type="button"
              class="button-secondary"
              disabled={locked || expired}
              onClick={() => setEditing(true)}
            >
              Edit
            </button>
          )}
        </div>
      )}
      {deciding === "edit" && (
        <p class="muted" role="status">
          Preparing the updated order…
        </p>
      )}
    </section>
  );
}
