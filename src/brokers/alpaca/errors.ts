import { ApiError, FetchError } from "@alpacahq/alpaca-trade-api/rest";
import { cleanUntrustedText } from "../../core/untrusted-text.js";
import {
  type CallKind,
  refusalIsAboutTheOrder,
  requestRefused,
  serverFailure,
  transportFailure,
} from "../call-failures.js";
import {
  AuthFailed,
  type BrokerError,
  BrokerNotFound,
  OrderRejected,
  OutcomeUnknown,
  RateLimited,
} from "../errors.js";
import { headerReader, retryAfterSeconds } from "../rate-limit-hints.js";

/**
 * Alpaca refused an order because its client order id was used before: an earlier attempt of
 * this very order probably landed. The session resolves it by reading that order; should it
 * ever escape, it still says the truth (outcome unknown).
 */
export class DuplicateClientOrderId extends OutcomeUnknown {
  constructor() {
    super("alpaca", "the client order id was already used");
  }
}

/** Alpaca's code for a reused client order id; the wording of its message has varied. */
const duplicateCode = "40010001";
const duplicateText = /client[ _]order[ _]id.*(unique|duplicate|already)/i;

function isDuplicateClientOrderId(error: ApiError): boolean {
  return error.status === 422 && (String(error.code) === duplicateCode || duplicateText.test(error.message));
}

/** The socket error under undici's "fetch failed", e.g. ECONNREFUSED. */
function socketCode(error: FetchError): string | undefined {
  const cause = error.cause as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = cause?.cause?.code ?? cause?.code;
  return typeof code === "string" ? code : undefined;
}

export interface AlpacaFailureContext {
  /** What a 404 is about, e.g. "order 123". */
  what?: string;
}

/** Null when the error did not come from the SDK's transport (a bug to surface as it is). */
export function translateAlpacaError(
  error: unknown,
  kind: CallKind,
  context: AlpacaFailureContext,
): BrokerError | null {
  if (error instanceof FetchError) {
    const detail = error.cause?.name === "TimeoutError" ? "timed out" : (socketCode(error) ?? error.message);
    return transportFailure("alpaca", kind, socketCode(error), detail);
  }
  if (!(error instanceof ApiError)) return null;
  const status = error.status;
  const brokerMessage = cleanUntrustedText(error.message).slice(0, 300);
  if (kind === "order_send" && isDuplicateClientOrderId(error)) return new DuplicateClientOrderId();
  if (status === 401) return new AuthFailed("alpaca");
  // 403 on an order is a business refusal (buying power, shorting); elsewhere, our keys lack rights.
  if (status === 403)
    return refusalIsAboutTheOrder(kind)
      ? new OrderRejected("alpaca", brokerMessage)
      : new AuthFailed("alpaca");
  if (status === 404) return new BrokerNotFound("alpaca", context.what ?? "the requested resource");
  if (status === 429)
    return new RateLimited("alpaca", retryAfterSeconds(headerReader(error.response?.headers)));
  if (status >= 500) return serverFailure("alpaca", kind, status);
  if (refusalIsAboutTheOrder(kind)) return new OrderRejected("alpaca", brokerMessage);
  return requestRefused("alpaca", status, brokerMessage);
}
