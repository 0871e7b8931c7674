import { cleanUntrustedText } from "../core/untrusted-text.js";
import { BrokerError, BrokerUnavailable, OutcomeUnknown } from "./errors.js";
import type { Provider } from "./model.js";

/**
 * How a failed call is judged.
 * - `read`: changes nothing; may be retried.
 * - `write`: user or connection admin (register, portal link, refresh); never replayed.
 * - `order_write`: about an order but not sending one (preview, cancel): a 4xx is the broker
 *   refusing the order, and the outcome can be read back.
 * - `order_send`: places an order; a timeout or 5xx may hide an order that landed.
 */
export type CallKind = "read" | "write" | "order_write" | "order_send";

export function refusalIsAboutTheOrder(kind: CallKind): boolean {
  return kind === "order_write" || kind === "order_send";
}

/** Socket errors that prove the request never left this process, so nothing can have landed. */
const neverSentCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

/** A timeout, reset or refused connection, with the socket error code when there is one. */
export function transportFailure(
  provider: Provider,
  kind: CallKind,
  code: string | undefined,
  detail: string,
): BrokerError {
  const neverSent = code !== undefined && neverSentCodes.has(code);
  if (kind === "order_send" && !neverSent) return new OutcomeUnknown(provider, detail);
  return new BrokerUnavailable(provider);
}

/** A 5xx answer. */
export function serverFailure(provider: Provider, kind: CallKind, status: number): BrokerError {
  if (kind === "order_send") return new OutcomeUnknown(provider, `the broker answered HTTP ${status}`);
  return new BrokerUnavailable(provider);
}

/** A 4xx that no other rule explains and that is not about an order: retrying will not help. */
export function requestRefused(provider: Provider, status: number, text: string): BrokerError {
  return new BrokerError(
    "broker_request_refused",
    `${provider} refused the request (status ${status}): ${text}`,
    {
      provider,
      brokerStatus: status,
    },
  );
}

/** The broker's own words from an error body, bounded; data for the user, never an instruction. */
export function brokerText(body: unknown, fallback: string): string {
  const bounded = (text: string) => cleanUntrustedText(text).slice(0, 300);
  if (typeof body === "string" && bounded(body)) return bounded(body);
  if (body && typeof body === "object") {
    const record = body as Record<string, unknown>;
    for (const key of ["detail", "message", "error_message", "default_detail", "display_message"]) {
      const value = record[key];
      if (typeof value === "string" && bounded(value)) return bounded(value);
    }
  }
  return fallback;
}
