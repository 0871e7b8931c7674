import type { SnaptradeError } from "snaptrade-typescript-sdk";
import {
  brokerText,
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
  BrokerUnavailable,
  ConnectionBroken,
  OrderRejected,
} from "../errors.js";

export interface FailureContext {
  /** The authorization behind the account, so a disabled connection can be repaired. */
  connectionId?: string | null;
  /** What a 404 is about, e.g. "order 123". */
  what?: string;
}

function bodyCode(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const { code, default_code: defaultCode } = body as Record<string, unknown>;
  const value = code ?? defaultCode;
  return value === undefined || value === null ? undefined : String(value);
}

const disabledConnectionText = /connection[^.]*disabled|disabled[^.]*connection/i;
const signatureText = /signature|timestamp|api key|client ?id/i;

/** SnapTrade SDK failure -> the broker error the layers above understand. */
export function translateSnaptradeError(
  error: SnaptradeError,
  kind: CallKind,
  context: FailureContext,
): BrokerError {
  const status = error.status;
  if (status === undefined)
    return transportFailure("snaptrade", kind, error.code, error.code ?? "no response");
  const body = error.responseBody;
  const text = brokerText(body, error.statusText || `HTTP ${status}`);
  const code = bodyCode(body);
  if (status === 402 || code === "3003" || (status < 500 && disabledConnectionText.test(text))) {
    return new ConnectionBroken(
      "snaptrade",
      context.connectionId ?? null,
      true,
      `The brokerage connection is disabled and must be reconnected (${text}).`,
    );
  }
  if (status === 401) return new AuthFailed("snaptrade");
  // A 403 on an order is usually the brokerage's refusal (a read-only connection); a signature
  // or permission problem with our keys is not.
  if (status === 403) {
    return refusalIsAboutTheOrder(kind) && !signatureText.test(text)
      ? new OrderRejected("snaptrade", text)
      : new AuthFailed("snaptrade");
  }
  if (status === 404) return new BrokerNotFound("snaptrade", context.what ?? "the requested resource");
  if (status >= 500) return serverFailure("snaptrade", kind, status);
  if (status === 425) return new BrokerUnavailable("snaptrade", "SnapTrade is still loading this account.");
  if (refusalIsAboutTheOrder(kind)) return new OrderRejected("snaptrade", text);
  return requestRefused("snaptrade", status, text);
}
