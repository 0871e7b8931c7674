import { describe, expect, it } from "vitest";
import type { SecurityMatch } from "./security-match.js";
import { fallbackSearchTextOf, matchSecurity, searchTextOf } from "./security-matcher.js";

const held = (symbol: string, name: string): SecurityMatch => ({
  symbol,
  name,
  source: "holding",
  held: true,
});
const listed = (symbol: string, name: string): SecurityMatch => ({
  symbol,
  name,
  source: "broker",
  held: false,
});

const pool = [
  held("QZLM", "Quazellum Robotics Holdings Inc."),
  listed("VRDX", "Veridex Marine Systems Corp."),
  listed("VRDY.A", "Veridyne Class A"),
  listed("TRLA", "Trellanova Foods Inc."),
  listed("TRLB", "Trellanova Beverages Inc."),
  listed("GOOGL", "Alphabet Inc. Class A"),
  listed("GOOG", "Alphabet Inc. Class C"),
];

describe("matchSecurity", () => {
  it.each([
    ["Quazellum Robotics Holdings Inc.", "QZLM"],
    ["quazellum robotics", "QZLM"],
    ["QZLM", "QZLM"],
    ["veridex marine systems", "VRDX"],
    ["VRDY-A", "VRDY.A"],
    ["VRDY/A", "VRDY.A"],
    ["VRDY A", "VRDY.A"],
    ["the veridyne", "VRDY.A"],
  ])("%s is exactly %s", (query, symbol) => {
    expect(matchSecurity(query, pool)).toMatchObject({ kind: "exact", match: { symbol } });
  });

  it.each([
    ["quazelum robotics", "QZLM"],
    ["quazellum", "QZLM"],
    ["veridex", "VRDX"],
    ["veridexx marine", "VRDX"],
    ["qzlm", "QZLM"],
    ["QZML", "QZLM"],
  ])("%s is probably %s: a question, not an answer", (query, symbol) => {
    expect(matchSecurity(query, pool)).toMatchObject({ kind: "confident", match: { symbol } });
  });

  it("offers every security a shared word fits, never picking one", () => {
    const answer = matchSecurity("trellanova", pool);
    expect(answer.kind).toBe("candidates");
    if (answer.kind === "candidates")
      expect(answer.candidates.map((c) => c.symbol).sort()).toEqual(["TRLA", "TRLB"]);
  });

  it("asks which share class when a name is exactly two listings", () => {
    const answer = matchSecurity("alphabet", pool);
    expect(answer).toMatchObject({ kind: "candidates" });
    if (answer.kind === "candidates")
      expect(answer.candidates.map((c) => c.symbol)).toEqual(["GOOGL", "GOOG"]);
  });

  it("a held security named exactly wins over a listing of the same name", () => {
    const answer = matchSecurity("alphabet", [...pool, held("GOOG", "Alphabet Inc. Class C")]);
    expect(answer).toMatchObject({ kind: "exact", match: { symbol: "GOOG", held: true } });
  });

  it("finds nothing for words no name is close to", () => {
    expect(matchSecurity("blorpco", pool)).toEqual({ kind: "none" });
    expect(matchSecurity("zz", pool)).toEqual({ kind: "none" });
  });

  it("does not read short words with a slip as a name", () => {
    expect(matchSecurity("tre", [listed("TREE", "Tree Inc.")]).kind).toBe("none");
  });
});

describe("search texts", () => {
  it("asks brokers for the name's words, or the ticker as typed", () => {
    expect(searchTextOf("Quazellum Robotics, Inc.")).toBe("quazellum robotics");
    expect(searchTextOf("BRK/B")).toBe("BRK.B");
  });

  it("falls back to the start of the longest word", () => {
    expect(fallbackSearchTextOf("quazelum robotcs")).toBe("qua");
    expect(fallbackSearchTextOf("ab")).toBeNull();
  });
});
