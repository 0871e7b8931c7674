import { describe, expect, it } from "vitest";
import {
  AuthFailed,
  BrokerError,
  BrokerNotFound,
  BrokerUnavailable,
  brokerErrorCodes,
  ConnectionBroken,
  OrderRejected,
  OutcomeUnknown,
  RateLimited,
} from "./errors.js";

const oneOfEachKind: BrokerError[] = [
  new BrokerUnavailable("alpaca"),
  new RateLimited("snaptrade", 12),
  new ConnectionBroken("snaptrade", "conn-1", true),
  new AuthFailed("plaid"),
  new OrderRejected("alpaca", "insufficient buying power"),
  new OutcomeUnknown("snaptrade", "timeout"),
  new BrokerNotFound("alpaca", "order 1"),
  new BrokerError("broker_request_refused", "refused", { provider: "plaid", brokerStatus: 400 }),
  new BrokerError("broker_bad_answer", "no secret"),
];

describe("broker errors", () => {
  it("carry a code and data, and nothing about HTTP", () => {
    for (const error of oneOfEachKind) {
      expect(brokerErrorCodes).toContain(error.code);
      expect(Object.keys(error)).not.toContain("httpStatus");
      expect("httpStatus" in error).toBe(false);
    }
  });

  it("cover every code, each with a transport-neutral kind the edges map", () => {
    expect(new Set(oneOfEachKind.map((error) => error.code))).toEqual(new Set(brokerErrorCodes));
    for (const error of oneOfEachKind) expect(error.kind).not.toBe("internal");
    expect(new RateLimited("snaptrade", 3).kind).toBe("rate_limited");
    expect(new BrokerUnavailable("alpaca").kind).toBe("unavailable");
  });
});
