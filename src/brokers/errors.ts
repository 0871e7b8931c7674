import { AppError } from "../core/errors.js";

/** Every code a broker error can carry; the server's edge maps each one to its answer. */
export const brokerErrorCodes = [
  "broker_unavailable",
  "broker_rate_limited",
  "connection_broken",
  "broker_auth_failed",
  "order_rejected",
  "outcome_unknown",
  "broker_not_found",
  "broker_request_refused",
  "broker_bad_answer",
] as const;
export type BrokerErrorCode = (typeof brokerErrorCodes)[number];

/**
 * What can go wrong talking to a broker, independent of the provider. Adapters translate SDK
 * errors into these; nothing above this layer looks at SDK error classes or HTTP statuses.
 * A kind is told apart by its code; the server's edge decides what each code means on the
 * wire, so nothing in this layer knows about HTTP.
 */
export class BrokerError extends AppError {
  override readonly name: string = "BrokerError";
  declare readonly code: BrokerErrorCode;
  constructor(code: BrokerErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
  /** A broker's error we cannot act on, unless a subclass says what it is. */
  override readonly kind: AppError["kind"] = "upstream";
}

/** The broker is down, timed out on a read, or answered 5xx to a read. Safe to try again later. */
export class BrokerUnavailable extends BrokerError {
  override readonly name = "BrokerUnavailable";
  override readonly kind = "unavailable";
  constructor(
    readonly provider: string,
    message = `${provider} is not answering right now.`,
  ) {
    super("broker_unavailable", message, { provider });
  }
}

export class RateLimited extends BrokerError {
  override readonly name = "RateLimited";
  override readonly kind = "rate_limited";
  constructor(
    readonly provider: string,
    /** Seconds until the broker accepts requests again. */
    readonly retryAfter: number,
    /** True when our own shared budget said no before asking: never waited for on a request. */
    readonly byOwnBudget = false,
  ) {
    super("broker_rate_limited", `${provider} asks us to wait ${retryAfter} s before the next request.`, {
      provider,
      retryAfter,
    });
  }
}

/** The user's link to the institution needs repair (SnapTrade 402/3003, a disabled connection). */
export class ConnectionBroken extends BrokerError {
  override readonly name = "ConnectionBroken";
  override readonly kind = "conflict";
  constructor(
    readonly provider: string,
    readonly connectionId: string | null,
    /** True when the user can fix it through the connection portal (`reconnect`). */
    readonly reconnectable: boolean,
    message = "The brokerage connection needs to be reconnected.",
  ) {
    super("connection_broken", message, { provider, connectionId, reconnectable });
  }
}

/** Our credentials for the user are wrong or gone (bad signature, revoked keys). Never retried. */
export class AuthFailed extends BrokerError {
  override readonly name = "AuthFailed";
  override readonly kind = "upstream";
  constructor(
    readonly provider: string,
    message = `${provider} refused our credentials for this user; the account must be re-linked.`,
  ) {
    super("broker_auth_failed", message, { provider });
  }
}

/** The broker definitely did not accept the order (validation, buying power, read-only account). */
export class OrderRejected extends BrokerError {
  override readonly name = "OrderRejected";
  override readonly kind = "refused";
  constructor(
    readonly provider: string,
    readonly reason: string,
  ) {
    super("order_rejected", `The broker rejected the order: ${reason}`, { provider, reason });
  }
}

/** A write whose result we could not see (timeout, dropped connection, 5xx): it may have landed. */
export class OutcomeUnknown extends BrokerError {
  override readonly name = "OutcomeUnknown";
  override readonly kind = "upstream";
  constructor(
    readonly provider: string,
    readonly cause_: string,
  ) {
    super("outcome_unknown", `We could not confirm whether ${provider} received the order (${cause_}).`, {
      provider,
    });
  }
}

/** The broker does not know the thing asked for (symbol, account, order). */
export class BrokerNotFound extends BrokerError {
  override readonly name = "BrokerNotFound";
  override readonly kind = "not_found";
  constructor(
    readonly provider: string,
    what: string,
  ) {
    super("broker_not_found", `${provider} does not know ${what}.`, { provider });
  }
}
