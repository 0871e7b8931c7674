import { describe, expect, it } from "vitest";
import type { BenchmarkResult } from "./result.js";
import { evaluateTargets, meets, renderTargets, TARGETS, type TargetFigure } from "./targets.js";

const result = (
  backend: string,
  targets: TargetFigure[],
  load = { before: 1.5, after: 2 },
): BenchmarkResult => ({
  benchmark: "some benchmark",
  backend,
  method: "",
  rows: [],
  data: {},
  targets,
  load,
  seconds: 1,
});

describe("issue 16 targets", () => {
  it("an upper bound is met at or below its limit, a lower bound at or above", () => {
    expect(meets("readP50", 12)).toBe(true);
    expect(meets("readP50", 12.01)).toBe(false);
    expect(meets("throughput", 100)).toBe(true);
    expect(meets("throughput", 99.9)).toBe(false);
    expect(meets("throughputErrors", 0)).toBe(true);
    expect(meets("throughputErrors", 1)).toBe(false);
  });

  it("a figure without samples (NaN) never meets a target", () => {
    expect(meets("readP50", Number.NaN)).toBe(false);
    expect(meets("throughput", Number.NaN)).toBe(false);
  });

  it("judges every target for every backend, and says which were not measured", () => {
    const verdicts = evaluateTargets(
      [
        result("postgres", [
          { target: "readP50", value: 10.4 },
          { target: "tradeP50", value: 90 },
        ]),
        result("pglite", [{ target: "readP50", value: 40 }]),
      ],
      ["postgres", "pglite"],
    );
    expect(verdicts).toHaveLength(2 * Object.keys(TARGETS).length);
    const of = (backend: string, target: string) =>
      verdicts.find((v) => v.backend === backend && v.target === target)!;
    expect(of("postgres", "readP50")).toMatchObject({
      value: 10.4,
      status: "met",
      load: { before: 1.5, after: 2 },
    });
    expect(of("postgres", "tradeP50")).toMatchObject({ value: 90, status: "NOT met" });
    expect(of("postgres", "throughput")).toMatchObject({ value: undefined, status: "not measured" });
    expect(of("pglite", "readP50")).toMatchObject({ value: 40, status: "NOT met" });
  });

  it("prints each miss with its figure and counts it in the closing line", () => {
    const text = renderTargets(
      evaluateTargets(
        [
          result("postgres", [
            { target: "throughput", value: 57.25, caveat: "PGlite, one process" },
            { target: "throughputErrors", value: 0 },
            { target: "lengthLatency", value: 1.1 },
          ]),
        ],
        ["postgres"],
      ),
    );
    const line = (label: string) => text.split("\n").find((l) => l.startsWith(label)) ?? "";
    expect(line("throughput, 50 users, 2 cores")).toMatch(
      /57\.3 turns\/s\s+>= 100 turns\/s\s+NOT met\s+1\.50 -> 2\.00\s+\(PGlite, one process\)/,
    );
    expect(line("throughput, 50 users: errors")).toMatch(/\s0\s+<= 0\s+met/);
    expect(line("thread length: turn 20 / turn 1 latency")).toMatch(/1\.10\s+<= 1\.25\s+met/);
    expect(text).toMatch(/2 met, 1 NOT met, 7 not measured\.$/);
  });
});
