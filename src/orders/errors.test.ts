import { describe, expect, it } from "vitest";
import { AppError } from "../core/errors.js";
import { errorAnswer } from "../server/error-handler.js";
import { NeedsClarification, OrderRefused } from "./errors.js";

/** What a client is answered, and what a log line names, when an order is refused in code. */
describe("the orders' refusals", () => {
  it("a refusal answers 422 order_refused with its reason, and no details without a reconnect link", () => {
    const refused = new OrderRefused("Orders above $25,000 need a second look. Nothing was sent.");
    expect(refused).toBeInstanceOf(AppError);
    expect(refused.reason).toBe("Orders above $25,000 need a second look. Nothing was sent.");
    expect(errorAnswer(refused)).toEqual({
      status: 422,
      body: {
        error: {
          code: "order_refused",
          message: "Orders above $25,000 need a second look. Nothing was sent.",
          details: undefined,
        },
      },
    });
    expect(String(refused)).toBe("OrderRefused: Orders above $25,000 need a second look. Nothing was sent.");
  });

  it("a refusal a reconnection would fix carries the link for the client", () => {
    const url = "https://connect.example.test/reconnect/abc";
    const refused = new OrderRefused("Your Robinhood connection needs to be reconnected.", url);
    expect(refused.reconnectUrl).toBe(url);
    expect(errorAnswer(refused).body.error).toEqual({
      code: "order_refused",
      message: "Your Robinhood connection needs to be reconnected.",
      details: { reconnectUrl: url },
    });
  });

  it("a question the user must answer first answers 422 needs_clarification with the question", () => {
    const question = "Which account: Robinhood Individual or Alpaca Paper?";
    const asked = new NeedsClarification(question);
    expect(asked.question).toBe(question);
    expect(errorAnswer(asked)).toEqual({
      status: 422,
      body: { error: { code: "needs_clarification", message: question, details: undefined } },
    });
    expect(String(asked)).toBe(`NeedsClarification: ${question}`);
  });
});
