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

describe("parseConfirmationReply: ordinary words around a clear answer (issue 14 item 7)", () => {
  it.each([
    "ok go ahead",
    "OK, go ahead.",
    "okay do it",
    "alright, place it",
    "ok yes",
    "yes please go ahead",
    "go for it",
    "send it",
    "submit it",
    "let's do it",
    "proceed",
    "looks good",
    "yes, that's right",
    "correct",
    "absolutely",
    "yes I'm sure",
    "do it now",
    "go ahead then",
    "ok confirm it thanks",
  ])("approves a clear yes in everyday words: %j", (text) => {
    expect(parseConfirmationReply(text)).toBe("approve");
  });

  it.each([
    "ok forget it",
    "okay, never mind",
    "alright cancel it",
    "ok no",
    "forget about it",
    "scratch that",
    "don't send it",
    "abort",
    "no way",
    "not now",
    "I changed my mind",
    "no, forget it",
    "leave it",
    "skip it",
  ])("rejects a clear no in everyday words: %j", (text) => {
    expect(parseConfirmationReply(text)).toBe("reject");
  });

  it.each([
    "yes but",
    "yes if it's under 200",
    "ok go ahead if it's under 200",
    "go ahead but only 5 shares",
    "yes once it drops",
    "ok maybe",
    "ok wait",
    "yes and also buy MSFT",
    "go ahead unless the price moved",
    "I think yes",
    "probably yes",
    "ok",
    "okay",
    "ok thanks",
    "go ahead with half",
    "send it tomorrow",
    "ok go ahead?",
  ])("never approves a hedged or conditional reply: %j", (text) => {
    expect(parseConfirmationReply(text)).not.toBe("approve");
  });
});
