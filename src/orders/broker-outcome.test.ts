import { describe, expect, it } from "vitest";
import {
  AuthFailed,
  ConnectionBroken,
  OrderRejected,
  OutcomeUnknown,
  RateLimited,
} from "../brokers/errors.js";
import { classifySendError } from "./broker-outcome.js";

/** A failed order write: certainly not placed (refused, with the reason the user sees) or maybe placed (unknown). */
describe("classifying a failed order write", () => {
  it("the broker saying no is a refusal with its reason", () => {
    expect(classifySendError(new OrderRejected("alpaca", "insufficient buying power"))).toEqual({
      kind: "refused",
      reason: "insufficient buying power",
    });
  });

  it("a broken connection, a rate limit or refused credentials: refused before the order was looked at", () => {
    expect(classifySendError(new ConnectionBroken("snaptrade", "conn-1", true))).toEqual({
      kind: "refused",
      reason: "the brokerage connection needs to be reconnected",
    });
    expect(classifySendError(new RateLimited("snaptrade", 30))).toEqual({
      kind: "refused",
      reason: "the broker's rate limit was reached, so the order was not placed; you can try again in 30 s",
    });
    expect(classifySendError(new AuthFailed("alpaca"))).toEqual({
      kind: "refused",
      reason: "the broker refused our credentials for this account",
    });
  });

  it("anything else may have landed: unknown, with what went wrong", () => {
    expect(classifySendError(new OutcomeUnknown("snaptrade", "timeout"))).toEqual({
      kind: "unknown",
      reason: "We could not confirm whether snaptrade received the order (timeout).",
    });
    expect(classifySendError("socket hang up")).toEqual({ kind: "unknown", reason: "socket hang up" });
  });
});
