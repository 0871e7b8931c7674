import type { PendingConfirmation } from "../api/types.js";
import { clockTime, exactMoney, money, ORDER_TYPE_LABELS, TIME_IN_FORCE_LABELS } from "../format.js";

const AMOUNT_SOURCES = { broker_preview: "broker preview", estimate: "our estimate" } as const;

/** The order's terms and the money side: price, amount, fees, buying power. */
export function CardEstimate({ pending }: { pending: PendingConfirmation }) {
  const { order, estimate } = pending;
  const currency = estimate.currency;
  return (
    <dl class="facts">
      <div>
        <dt>Order type</dt>
        <dd>{ORDER_TYPE_LABELS[order.orderType]}</dd>
      </div>
      {order.limitPrice !== null && (
        <div>
          <dt>Limit price</dt>
          <dd>{exactMoney(order.limitPrice, currency)}</dd>
        </div>
      )}
      {order.stopPrice !== null && (
        <div>
          <dt>Stop price</dt>
          <dd>{exactMoney(order.stopPrice, currency)}</dd>
        </div>
      )}
      <div>
        <dt>Time in force</dt>
        <dd>{TIME_IN_FORCE_LABELS[order.timeInForce]}</dd>
      </div>
      <div>
        <dt>Price</dt>
        <dd>
          {exactMoney(estimate.price, currency)}
          <small>
            {estimate.priceSource}, {clockTime(estimate.asOf)}
          </small>
        </dd>
      </div>
      <div>
        <dt>Estimated {order.side === "buy" ? "cost" : "proceeds"}</dt>
        <dd>
          {money(estimate.amount, currency)}
          <small>{AMOUNT_SOURCES[estimate.amountSource]}</small>
        </dd>
      </div>
      <div>
        <dt>Fees</dt>
        {/* null means the broker did not say: never shown as $0. */}
        <dd>{estimate.fees === null ? "unknown" : money(estimate.fees, currency)}</dd>
      </div>
      <div>
        <dt>Buying power</dt>
        <dd>
          {money(estimate.buyingPowerBefore, currency)} → {money(estimate.buyingPowerAfter, currency)}
        </dd>
      </div>
    </dl>
  );
}
