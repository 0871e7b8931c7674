import { AppError } from "../core/errors.js";

/**
 * What can go wrong talking to a broker, independent of the provider. Adapters translate SDK
 * errors into these; nothing above this layer looks at SDK error classes or HTTP statuses.
 */
export class BrokerError extends AppError {
  override readonly name: string = "BrokerError";
  /** The HTTP status the server answers with when this error reaches a route. */
  readonly httpStatus: number = 502;
}

/** The broker is down, timed out on a read, or answered 5xx to a read. Safe to try again later. */
export class BrokerUnavailable extends BrokerError {
  override readonly name = "BrokerUnavailable";
  override readonly httpStatus = 503;
  constructor(
    readonly provider: string,
    message = `${provider} is not answering right now.`,
  ) {
    super("broker_unavailable", message, { provider });
  }
}

export class RateLimited extends BrokerError {
  override readonly name = "RateLimited";
  override readonly httpStatus = 429;
  constructor(
    readonly provider: string,
    /** Seconds until the broker accepts requests again. */
    readonly retryAfter: number,
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
  override readonly httpStatus = 409;
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
  override readonly httpStatus = 502;
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
  override readonly httpStatus = 422;
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
  override readonly httpStatus = 202;
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
  override readonly httpStatus = 404;
  constructor(
    readonly provider: string,
    what: string,
  ) {
    super("broker_not_found", `${provider} does not know ${what}.`, { provider });
  }
}
