import { describe, expect, it } from "vitest";
import {
  CLEAR_NO,
  CLEAR_YES,
  HEDGE,
  LEADING_FILLERS,
  parseConfirmationReply,
  soundsLikeDecision,
  TRAILING_FILLERS,
} from "./confirmation-reply.js";

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

describe("parseConfirmationReply: every entry of its lists, exactly", () => {
  it("each clear yes approves, each clear no rejects, and no entry is in both lists", () => {
    expect(CLEAR_YES.size).toBeGreaterThan(10);
    expect(CLEAR_NO.size).toBeGreaterThan(10);
    for (const yes of CLEAR_YES) {
      expect([yes, parseConfirmationReply(yes)]).toEqual([yes, "approve"]);
      expect(CLEAR_NO.has(yes)).toBe(false);
    }
    for (const no of CLEAR_NO) expect([no, parseConfirmationReply(no)]).toEqual([no, "reject"]);
  });

  it("each list entry stays itself in capitals, with a closing mark and commas as spaces", () => {
    for (const yes of CLEAR_YES)
      expect([yes, parseConfirmationReply(`  ${yes.toUpperCase()}!! `)]).toEqual([yes, "approve"]);
    for (const no of CLEAR_NO)
      expect([no, parseConfirmationReply(`${no.replace(" ", ", ")}.`)]).toEqual([no, "reject"]);
  });

  it("a filler is peeled from the front or the back, never from the middle, and never alone", () => {
    for (const filler of LEADING_FILLERS) {
      expect([filler, parseConfirmationReply(`${filler} go ahead`)]).toEqual([filler, "approve"]);
      expect([filler, parseConfirmationReply(`${filler}, forget it`)]).toEqual([filler, "reject"]);
      expect([filler, parseConfirmationReply(filler)]).toEqual([filler, null]);
    }
    for (const filler of TRAILING_FILLERS) {
      expect([filler, parseConfirmationReply(`place it ${filler}`)]).toEqual([filler, "approve"]);
      expect([filler, parseConfirmationReply(`go ${filler} ahead`)]).toEqual([filler, null]);
    }
    expect(parseConfirmationReply("ok alright go ahead please thanks")).toBe("approve");
  });

  it("a yes in front of another yes is one yes; a yes in front of a no is nothing", () => {
    expect(parseConfirmationReply("yes please send it")).toBe("approve");
    expect(parseConfirmationReply("yeah submit it")).toBe("approve");
    expect(parseConfirmationReply("nope forget about it")).toBe("reject");
    expect(parseConfirmationReply("nah skip it")).toBe("reject");
    expect(parseConfirmationReply("yes forget it")).toBeNull();
    expect(parseConfirmationReply("no send it")).toBeNull();
    expect(parseConfirmationReply("maybe yes send it")).toBeNull();
    expect(parseConfirmationReply("yes please")).toBe("approve");
  });

  it.each([
    "but",
    "if",
    "unless",
    "only",
    "when",
    "once",
    "after",
    "before",
    "maybe",
    "perhaps",
    "wait",
    "hold on",
    "not sure",
    "think",
    "guess",
    "probably",
    "under",
    "over",
    "below",
    "above",
    "as long as",
    "instead",
    "except",
    "and",
  ])("a hedge word (%j) anywhere keeps even a clear yes from approving", (hedge) => {
    expect(parseConfirmationReply(`ok go ahead ${hedge} it is fine`)).toBeNull();
    expect(parseConfirmationReply(`yes ${hedge} send it`)).toBeNull();
  });

  it("no list entry holds a hedge word or a question mark", () => {
    for (const entry of [...CLEAR_YES, ...CLEAR_NO]) {
      expect([entry, HEDGE.test(entry) || entry.includes("?")]).toEqual([entry, false]);
    }
  });

  it("reads punctuation as ordinary people type it", () => {
    expect(parseConfirmationReply("I\u2019ve changed my mind")).toBe("reject");
    expect(parseConfirmationReply("yes,please")).toBe("approve");
    expect(parseConfirmationReply("Yes. Go ahead.")).toBe("approve");
    expect(parseConfirmationReply("No. Don't!")).toBe("reject");
    expect(parseConfirmationReply("No. Yes.")).toBeNull();
    expect(parseConfirmationReply("yes... wait")).toBeNull();
  });

  it("peels several fillers in turn, at both ends", () => {
    expect(parseConfirmationReply("place it now please")).toBe("approve");
    expect(parseConfirmationReply("okay alright place it now thanks")).toBe("approve");
  });

  it("a yes or no counts only at the start of what is left", () => {
    expect(parseConfirmationReply("ha yes send it")).toBeNull();
    expect(parseConfirmationReply("so no forget it")).toBeNull();
  });

  it("any question mark is not a decision", () => {
    expect(parseConfirmationReply("yes?")).toBeNull();
    expect(parseConfirmationReply("go ahead? yes")).toBeNull();
  });
});

describe("soundsLikeDecision", () => {
  it.each([
    "proceed",
    "absolutely",
    "send it",
    "looks good",
    "yes",
    "no wait, yes",
    "hmm",
    "hmmm no",
    "maybe?",
    "ok so",
    "sure",
    "never mind that",
    "don't know",
    "wait",
  ])("reads %j as an answer to the card", (text) => {
    expect(soundsLikeDecision(text)).toBe(true);
  });

  it.each([
    "what's my buying power?",
    "buy 10 AAPL",
    "sell half my tesla",
    "yesterday's orders",
    "nobody",
    "stopwatch",
  ])("does not read %j as one", (text) => {
    expect(soundsLikeDecision(text)).toBe(false);
  });
});
