import { AuthFailed, ConnectionBroken, OrderRejected, RateLimited } from "../brokers/errors.js";
import type { BrokerOrder } from "../brokers/model.js";
import type { OrderStatus } from "./contract/index.js";
import type { OrderRecord } from "./records.js";

/** What a write to the broker tells us about the order's fate. */
export type SendResult =
  | { kind: "placed"; brokerOrder: BrokerOrder }
  /** Certainly not placed: the broker said no, or refused us before looking at the order. */
  | { kind: "refused"; reason: string }
  /** It may have landed: a timeout, a dropped connection, a 5xx. */
  | { kind: "unknown"; reason: string };

/** What a write that threw tells us: never "placed". */
export type SendFailure = Exclude<SendResult, { kind: "placed" }>;

export function classifySendError(error: unknown): SendFailure {
  if (error instanceof OrderRejected) return { kind: "refused", reason: error.reason };
  if (error instanceof ConnectionBroken) {
    return { kind: "refused", reason: "the brokerage connection needs to be reconnected" };
  }
  if (error instanceof RateLimited) {
    // A 429 is the broker refusing to look at the request: nothing was placed.
    return {
      kind: "refused",
      reason: `the broker's rate limit was reached, so the order was not placed; you can try again in ${error.retryAfter} s`,
    };
  }
  if (error instanceof AuthFailed)
    return { kind: "refused", reason: "the broker refused our credentials for this account" };
  const reason = error instanceof Error ? error.message : String(error);
  return { kind: "unknown", reason };
}

/** The fields of our order row that follow the broker's view of it. */
export function brokerFields(
  brokerOrder: BrokerOrder,
): Pick<OrderRecord, "status" | "brokerOrderId" | "filledQuantity" | "filledAvgPrice" | "statusDetail"> {
  const status: OrderStatus = brokerOrder.status;
  return {
    status,
    brokerOrderId: brokerOrder.brokerOrderId,
    filledQuantity: brokerOrder.filledQuantity,
    filledAvgPrice: brokerOrder.filledAvgPrice,
    statusDetail:
      status === "rejected"
        ? (brokerOrder.statusReason ?? "rejected by the broker")
        : status === "needs_review"
          ? (brokerOrder.statusReason ?? "the broker's status needs a person to check it")
          : null,
  };
}
