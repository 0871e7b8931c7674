import { CATEGORIES, type Category, type ExchangeLog } from "./exchange-log.js";
import { INVARIANTS, type Invariant, type Violation } from "./invariants.js";

const SHORT: Record<Invariant, string> = {
  duplicate: "dup",
  unconfirmed: "unconf",
  misattributed: "misfill",
  disagrees: "record≠broker",
  unauthorized: "x-user",
  secretLeak: "secret",
  serverError: "5xx",
  undocumented: "undoc",
  wrongAnswer: "contract",
};

/** The figures: attempts and requests per category, and each invariant's violations. */
export function table(log: ExchangeLog, violations: Violation[]): string {
  const invariants = Object.keys(INVARIANTS) as Invariant[];
  const header = ["category", "attempts", "requests", ...invariants.map((i) => SHORT[i])];
  const rows: string[][] = [];
  const count = (category: Category | "unattributed" | null, invariant: Invariant) =>
    violations.filter((v) => v.invariant === invariant && (category === null || v.category === category))
      .length;
  for (const category of CATEGORIES) {
    rows.push([
      category,
      String(log.attempts.get(category) ?? 0),
      String(log.exchanges.filter((e) => e.category === category).length),
      ...invariants.map((i) => String(count(category, i))),
    ]);
  }
  rows.push(["(no category)", "", "", ...invariants.map((i) => String(count("unattributed", i)))]);
  rows.push([
    "total",
    String([...log.attempts.values()].reduce((a, b) => a + b, 0)),
    String(log.exchanges.length),
    ...invariants.map((i) => String(count(null, i))),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const legend = invariants.map((i) => `  ${SHORT[i].padEnd(14)} ${INVARIANTS[i]}`).join("\n");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), "", legend].join("\n");
}

/** Each violation, grouped, at most `perInvariant` of each kind. */
export function details(violations: Violation[], perInvariant = 12): string {
  const out: string[] = [];
  for (const invariant of Object.keys(INVARIANTS) as Invariant[]) {
    const found = violations.filter((v) => v.invariant === invariant);
    if (found.length === 0) continue;
    out.push(`${INVARIANTS[invariant]} (${found.length}):`);
    for (const v of found.slice(0, perInvariant)) out.push(`  [${v.category}] ${v.detail}`);
    if (found.length > perInvariant) out.push(`  … ${found.length - perInvariant} more`);
  }
  return out.join("\n");
}
