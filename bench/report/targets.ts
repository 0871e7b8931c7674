import { fixed } from "./percentiles.js";
import type { BenchmarkResult } from "./result.js";

/** Issue 16's targets, each checked by one benchmark's figure (real PostgreSQL, offline model). */
export const TARGETS = {
  readP50: { label: "read turn p50", limit: 12, unit: "ms", bound: "max" },
  readP99: { label: "read turn p99", limit: 25, unit: "ms", bound: "max" },
  tradeP50: { label: "trade cycle p50 (prepare + approve)", limit: 35, unit: "ms", bound: "max" },
  lengthLatency: { label: "thread length: turn 20 / turn 1 latency", limit: 1.25, unit: "", bound: "max" },
  lengthBytes: {
    label: "thread length: turn 20 / turn 1 bytes written",
    limit: 1.25,
    unit: "",
    bound: "max",
  },
  throughput: { label: "throughput, 50 users, 2 cores", limit: 100, unit: "turns/s", bound: "min" },
  throughputErrors: { label: "throughput, 50 users: errors", limit: 0, unit: "", bound: "max" },
  statementsRead: {
    label: "statements outside the checkpointer: read turn",
    limit: 5,
    unit: "",
    bound: "max",
  },
  statementsPrepare: {
    label: "statements outside the checkpointer: prepare",
    limit: 12,
    unit: "",
    bound: "max",
  },
  statementsApprove: {
    label: "statements outside the checkpointer: approve",
    limit: 12,
    unit: "",
    bound: "max",
  },
} as const satisfies Record<string, { label: string; limit: number; unit: string; bound: "max" | "min" }>;

export type TargetId = keyof typeof TARGETS;

/** A benchmark's figure for one target; `caveat` says when it was not measured as the target states. */
export interface TargetFigure {
  target: TargetId;
  value: number;
  caveat?: string;
}

export type TargetStatus = "met" | "NOT met" | "not measured";

export interface TargetVerdict {
  target: TargetId;
  backend: string;
  label: string;
  goal: string;
  value: number | undefined;
  status: TargetStatus;
  /** The 1-minute load average before -> after the benchmark that gave the figure. */
  load?: { before: number; after: number };
  caveat?: string;
}

const goalText = (id: TargetId) => {
  const t = TARGETS[id];
  return `${t.bound === "max" ? "<=" : ">="} ${t.limit}${t.unit ? ` ${t.unit}` : ""}`;
};

/** Whether `value` meets target `id`; a figure that is not a number (no samples) never does. */
export function meets(id: TargetId, value: number): boolean {
  const t = TARGETS[id];
  if (!Number.isFinite(value)) return false;
  return t.bound === "max" ? value <= t.limit : value >= t.limit;
}

/** One verdict per target and backend: the figure a benchmark reported, or "not measured". */
export function evaluateTargets(results: BenchmarkResult[], backends: string[]): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  for (const backend of backends) {
    for (const id of Object.keys(TARGETS) as TargetId[]) {
      const from = results.find((r) => r.backend === backend && r.targets?.some((f) => f.target === id));
      const figure = from?.targets?.find((f) => f.target === id);
      verdicts.push({
        target: id,
        backend,
        label: TARGETS[id].label,
        goal: goalText(id),
        value: figure?.value,
        status: figure ? (meets(id, figure.value) ? "met" : "NOT met") : "not measured",
        load: from?.load,
        caveat: figure?.caveat,
      });
    }
  }
  return verdicts;
}

const valueText = (v: TargetVerdict) => {
  if (v.value === undefined) return "-";
  const digits = Number.isInteger(v.value) ? 0 : TARGETS[v.target].unit === "" ? 2 : v.value < 100 ? 1 : 0;
  return `${fixed(v.value, digits)}${TARGETS[v.target].unit ? ` ${TARGETS[v.target].unit}` : ""}`;
};

/** The closing summary: every target with its figure, goal, verdict and the load it was measured at. */
export function renderTargets(verdicts: TargetVerdict[]): string {
  const rows = [["target", "backend", "figure", "goal", "status", "load before -> after"]];
  for (const v of verdicts) {
    rows.push([
      v.label,
      v.backend,
      valueText(v),
      v.goal,
      v.status,
      `${v.load ? `${fixed(v.load.before, 2)} -> ${fixed(v.load.after, 2)}` : ""}${v.caveat ? `  (${v.caveat})` : ""}`,
    ]);
  }
  const widths = [0, 1, 2, 3, 4].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => (c < 5 ? cell.padEnd(widths[c]!) : cell))
      .join("  ")
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  const missed = verdicts.filter((v) => v.status === "NOT met").length;
  const unmeasured = verdicts.filter((v) => v.status === "not measured").length;
  return [
    "Targets of issue 16 (defined for real PostgreSQL with the offline model on a quiet 2-core machine):",
    ...lines,
    `${verdicts.length - missed - unmeasured} met, ${missed} NOT met, ${unmeasured} not measured.`,
  ].join("\n");
}
