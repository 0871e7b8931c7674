import { useEffect, useRef, useState } from "preact/hooks";
import type { OrderChanges, OrderType, PendingConfirmation } from "../api/types.js";
import { ORDER_TYPE_LABELS } from "../format.js";

interface Props {
  pending: PendingConfirmation;
  disabled: boolean;
  onSubmit(changes: OrderChanges): void;
  onCancel(): void;
}

const positiveNumber = (text: string): number | null => {
  const value = Number(text);
  return text.trim() !== "" && Number.isFinite(value) && value > 0 ? value : null;
};

/** Changes to the pending order; only what differs is sent, and the server prepares a new card. */
export function EditOrderForm({ pending, disabled, onSubmit, onCancel }: Props) {
  const { order, account, routing } = pending;
  const [unit, setUnit] = useState<"shares" | "dollars">(order.notional !== null ? "dollars" : "shares");
  const [amount, setAmount] = useState(String(order.notional ?? order.quantity ?? ""));
  const [orderType, setOrderType] = useState<OrderType>(order.orderType);
  const [limitPrice, setLimitPrice] = useState(order.limitPrice === null ? "" : String(order.limitPrice));
  const [stopPrice, setStopPrice] = useState(order.stopPrice === null ? "" : String(order.stopPrice));
  const [accountId, setAccountId] = useState(account.id);
  const [problem, setProblem] = useState<string | null>(null);
  const firstField = useRef<HTMLInputElement>(null);
  // Opened from the card's Edit button: start at the amount.
  useEffect(() => firstField.current?.focus(), []);
  const needsLimit = orderType === "limit" || orderType === "stop_limit";
  const needsStop = orderType === "stop" || orderType === "stop_limit";
  const accounts = [
    { id: account.id, label: `${account.institution} · ${account.name} ${account.numberMasked}` },
    ...routing.alternatives
      .filter((alt) => alt.canTrade)
      .map((alt) => ({ id: alt.accountId, label: `${alt.institution} · ${alt.name}` })),
  ];

  const submit = (event: Event) => {
    event.preventDefault();
    const changes: OrderChanges = {};
    const size = positiveNumber(amount);
    if (size === null) return setProblem("Enter an amount greater than zero.");
    if (unit === "shares" && size !== order.quantity) changes.quantity = size;
    if (unit === "dollars" && size !== order.notional) changes.notional = size;
    if (orderType !== order.orderType) changes.orderType = orderType;
    if (needsLimit) {
      const limit = positiveNumber(limitPrice);
      if (limit === null) return setProblem("Enter a limit price.");
      if (limit !== order.limitPrice) changes.limitPrice = limit;
    }
    if (needsStop) {
      const stop = positiveNumber(stopPrice);
      if (stop === null) return setProblem("Enter a stop price.");
      if (stop !== order.stopPrice) changes.stopPrice = stop;
    }
    if (accountId !== account.id) changes.accountId = accountId;
    if (Object.keys(changes).length === 0) return setProblem("Nothing changed.");
    setProblem(null);
    onSubmit(changes);
  };

  return (
    <form
      class="edit-form"
      onSubmit={submit}
      aria-label="Edit the order"
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        event.preventDefault();
        onCancel();
      }}
    >
      <fieldset class="amount-field">
        <legend>Amount</legend>
        <div class="segmented">
          <label>
            <input type="radio" name="unit" checked={unit === "shares"} onChange={() => setUnit("shares")} />{" "}
            Shares
          </label>
          <label>
            <input
              type="radio"
              name="unit"
              checked={unit === "dollars"}
              onChange={() => setUnit("dollars")}
            />{" "}
            Dollars
          </label>
        </div>
        <label class="sr-only" for="edit-amount">
          {unit === "shares" ? "Number of shares" : "Amount in dollars"}
        </label>
        <input
          ref={firstField}
          id="edit-amount"
          type="number"
          inputMode="decimal"
          min="0"
          step="any"
          value={amount}
          onInput={(e) => setAmount(e.currentTarget.value)}
        />
      </fieldset>
      <label>
        Order type
        <select value={orderType} onChange={(e) => setOrderType(e.currentTarget.value as OrderType)}>
          {(Object.keys(ORDER_TYPE_LABELS) as OrderType[]).map((type) => (
            <option key={type} value={type}>
              {ORDER_TYPE_LABELS[type]}
            </option>
          ))}
        </select>
      </label>
      {needsLimit && (
        <label>
          Limit price
          <input
            type="number"
            inputMode="decimal"
            min="0"
            step="any"
            value={limitPrice}
            onInput={(e) => setLimitPrice(e.currentTarget.value)}
          />
        </label>
      )}
      {needsStop && (
        <label>
          Stop price
          <input
            type="number"
            inputMode="decimal"
            min="0"
            step="any"
            value={stopPrice}
            onInput={(e) => setStopPrice(e.currentTarget.value)}
          />
        </label>
      )}
      <label>
        Account
        <select value={accountId} onChange={(e) => setAccountId(e.currentTarget.value)}>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
      </label>
      {problem && (
        <p class="form-problem" role="alert">
          {problem}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={disabled}>
          Update order
        </button>
        <button type="button" class="button-secondary" onClick={onCancel}>
          Cancel edit
        </button>
      </div>
    </form>
  );
}
