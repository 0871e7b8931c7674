import { describe, expect, it } from "vitest";
import { parseConfirmationReply } from "./confirmation-reply.js";

describe("parseConfirmationReply", () => {
  it.each([
    "yes",
    "Yes",
    "YES!",
    "y",
    "yes please",
    "Yes, please.",
    "yep",
    "confirm",
    "approve",
    "do it",
    "go ahead",
    "place it",
    "sounds good",
    "  Sounds good!  ",
  ])("approves only a clear yes: %j", (text) => {
    expect(parseConfirmationReply(text)).toBe("approve");
  });

  it.each([
    "no",
    "No.",
    "n",
    "cancel",
    "reject",
    "don't",
    "don’t",
    "stop",
    "never mind",
    "nope",
    "no thanks",
    "forget it",
  ])("rejects only a clear no: %j", (text) => {
    expect(parseConfirmationReply(text)).toBe("reject");
  });

  it.each([
    "yes but make it 5",
    "no wait, yes",
    "yes no",
    "maybe",
    "yes?",
    "no?",
    "ok",
    "sure",
    "yes, and what's my buying power",
    "I think so",
    "cancel my last order",
    "buy 10 AAPL",
    "",
    "   ",
    "yess",
    "not sure",
    "don't know",
  ])("returns null for anything else: %j", (text) => {
    expect(parseConfirmationReply(text)).toBeNull();
  });
});
