import { unixSeconds } from "../lib/time.js";
import type { FaultResponder } from "../runtime/operation.js";

/** Alpaca's `{code, message}` error envelope. */
export const alpacaErrors = {
  unauthorized: () => ({ code: 40110000, message: "request is not authorized" }),
  notFound: (message: string) => ({ code: 40410000, message }),
  duplicateClientOrderId: () => ({ code: 40010001, message: "client_order_id must be unique" }),
  invalid: (message: string) => ({ code: 42210000, message }),
  forbidden: (message: string) => ({ code: 40310000, message }),
  rateLimited: () => ({ code: 42910000, message: "rate limit exceeded" }),
  internal: () => ({ code: 50010000, message: "internal server error occurred" }),
  accountBlocked: () => ({ code: 40310000, message: "account is not authorized to trade" }),
};

export const respondToAlpacaFault: FaultResponder = (c, mode) => {
  switch (mode) {
    case "error500":
      return c.json(alpacaErrors.internal(), 500);
    case "rateLimit":
      c.header("Retry-After", "1");
      c.header("X-RateLimit-Limit", "200");
      c.header("X-RateLimit-Remaining", "0");
      c.header("X-RateLimit-Reset", String(unixSeconds(new Date()) + 1));
      return c.json(alpacaErrors.rateLimited(), 429);
    case "connectionDisabled":
      return c.json(alpacaErrors.accountBlocked(), 403);
  }
};
