import type { FaultResponder } from "../runtime/operation.js";

/** SnapTrade's error bodies, as its spec and docs show them. */
export const snaptradeErrors = {
  badSignature: () => ({ default_detail: "Unable to verify signature sent", default_code: 1076 }),
  staleTimestamp: () => ({ default_detail: "Unable to verify timestamp sent", default_code: 1076 }),
  invalidUser: () => ({ detail: "Invalid userID or userSecret provided", status_code: 401, code: "1083" }),
  notFound: () => ({ default_detail: "The requested resource does not exist.", default_code: 1011 }),
  badRequest: (detail: string) => ({
    detail,
    status_code: 400,
    code: "1076",
    default_detail: detail,
    default_code: 1076,
  }),
  permission: (detail: string) => ({
    detail,
    status_code: 403,
    code: "1066",
    default_detail: detail,
    default_code: 1066,
  }),
  connectionDisabled: () => ({
    detail: "Unable to sync with brokerage account because the connection is disabled.",
    code: 3003,
  }),
  throttled: (seconds: number) => ({
    detail: `Request was throttled. Expected available in ${seconds} seconds.`,
    status_code: 429,
    code: "throttled",
  }),
  internal: () => ({ detail: "Internal server error.", status_code: 500, code: 1000 }),
};

/** Answers for armed faults. */
export const respondToSnaptradeFault: FaultResponder = (c, mode) => {
  switch (mode) {
    case "error500":
      return c.json(snaptradeErrors.internal(), 500);
    case "rateLimit":
      c.header("Retry-After", "1");
      c.header("X-RateLimit-Limit", "250");
      c.header("X-RateLimit-Remaining", "0");
      c.header("X-RateLimit-Reset", "1");
      return c.json(snaptradeErrors.throttled(1), 429);
    case "connectionDisabled":
      return c.json(snaptradeErrors.connectionDisabled(), 402);
  }
};
