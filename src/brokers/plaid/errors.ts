import { brokerText, requestRefused, serverFailure, transportFailure } from "../call-failures.js";
import {
  AuthFailed,
  type BrokerError,
  BrokerNotFound,
  BrokerUnavailable,
  ConnectionBroken,
  RateLimited,
} from "../errors.js";
import { headerReader, retryAfterSeconds } from "../rate-limit-hints.js";

/** The parts of an axios error Plaid's SDK throws (its own axios copy, so no instanceof). */
interface PlaidTransportError {
  isAxiosError: true;
  code?: string;
  message: string;
  response?: { status: number; data: unknown; headers: unknown };
}

function isPlaidTransportError(error: unknown): error is PlaidTransportError {
  return (
    typeof error === "object" && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true
  );
}

/** Item errors the user repairs through Link's update mode. */
const repairableItemErrors = new Set(["ITEM_LOGIN_REQUIRED", "PENDING_EXPIRATION", "PENDING_DISCONNECT"]);
const credentialErrors = new Set(["INVALID_ACCESS_TOKEN", "INVALID_API_KEYS", "UNAUTHORIZED_ENVIRONMENT"]);
const institutionOutages = new Set(["INSTITUTION_DOWN", "INSTITUTION_NOT_RESPONDING", "PRODUCT_NOT_READY"]);

export interface PlaidFailureContext {
  itemId?: string | null;
}

/** Null when the error did not come from the SDK's transport (a bug to surface as it is). */
export function translatePlaidError(
  error: unknown,
  kind: "read" | "write",
  context: PlaidFailureContext,
): BrokerError | null {
  if (!isPlaidTransportError(error)) return null;
  const response = error.response;
  if (!response) return transportFailure("plaid", kind, error.code, error.code ?? error.message);
  const body = (response.data ?? {}) as Record<string, unknown>;
  const errorCode = typeof body.error_code === "string" ? body.error_code : "";
  // Plaid names the kind in error_type; error_code names the limit hit (e.g. ACCOUNTS_LIMIT).
  const errorType = typeof body.error_type === "string" ? body.error_type : "";
  const text = brokerText(body, `HTTP ${response.status}`);
  if (repairableItemErrors.has(errorCode)) {
    return new ConnectionBroken(
      "plaid",
      context.itemId ?? null,
      true,
      `The institution link needs repair (${text}).`,
    );
  }
  if (credentialErrors.has(errorCode) || response.status === 401 || response.status === 403) {
    return new AuthFailed("plaid");
  }
  if (errorType === "RATE_LIMIT_EXCEEDED" || response.status === 429) {
    return new RateLimited("plaid", retryAfterSeconds(headerReader(response.headers)));
  }
  if (institutionOutages.has(errorCode))
    return new BrokerUnavailable("plaid", `The institution is not answering (${text}).`);
  if (response.status >= 500) return serverFailure("plaid", kind, response.status);
  if (errorCode === "ITEM_NOT_FOUND" || response.status === 404)
    return new BrokerNotFound("plaid", "this linked item");
  return requestRefused("plaid", response.status, text);
}
