import { useEffect, useRef, useState } from "preact/hooks";
import { useAnnounce } from "../announcer.js";
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
  /** False while the service cannot be reached: approving waits until it is back. */
  online: boolean;
  onDecide(decision: Decision): void;
}

const CARD_SELECTOR = '[data-testid="confirmation-card"] .card-title';

/** Moves focus to the card's title (a new card after an edit); false when there is no card. */
export function focusCard(scope: ParentNode | null): boolean {
  const title = scope?.querySelector<HTMLElement>(CARD_SELECTOR);
  title?.focus();
  return Boolean(title);
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
export function ConfirmationCard({ pending, deciding, busy, online, onDecide }: Props) {
  const left = useCountdown(pending.expiresAt);
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const announce = useAnnounce();
  const expired = left <= 0;
  const locked = deciding !== null || busy;
  const titleId = `card-title-${pending.id}`;

  // A new card (after an edit) starts closed.
  useEffect(() => setEditing(false), [pending.id]);
  useEffect(() => {
    if (expired) announce("The order confirmation expired. Nothing was sent.");
  }, [expired, announce]);

  const closeEdit = () => {
    setEditing(false);
    // After the form is gone, back to the button that opened it.
    requestAnimationFrame(() => editButton.current?.focus());
  };

  return (
    <section
      class={`confirmation-card side-${pending.order.side}`}
      aria-labelledby={titleId}
      data-testid="confirmation-card"
    >
      <header class="card-header">
        <h3 id={titleId} class="card-title" tabIndex={-1}>
          {headline(pending)}
        </h3>
        <p class={`countdown${left < 60_000 ? " countdown-soon" : ""}`}>
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
        <p class="card-expired">This confirmation expired. Nothing was sent; ask again for a fresh quote.</p>
      )}
      {editing && !expired ? (
        <EditOrderForm
          pending={pending}
          disabled={locked}
          onSubmit={(changes) => onDecide({ decision: "edit", changes })}
          onCancel={closeEdit}
        />
      ) : (
        <div class="actions">
          <button
            type="button"
            class="button-approve"
            disabled={locked || expired || !online}
            aria-busy={deciding === "approve"}
            aria-describedby={online ? undefined : `${titleId}-offline`}
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
              ref={editButton}
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
      {!online && (
        <p id={`${titleId}-offline`} class="tone-warn small">
          Approve is paused: the service cannot be reached. Nothing has been sent.
        </p>
      )}
      {deciding === "edit" && <p class="muted">Preparing the updated order…</p>}
    </section>
  );
}
