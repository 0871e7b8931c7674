import { fixed, summarize } from "../report/percentiles.js";

export type Action = "holdings" | "prepare" | "approve" | "double-approve" | "reject";

/** One approved (or double-approved) proposal and the order the service said it placed. */
export interface ApprovedProposal {
  proposalId: string;
  orderId: string | null;
  brokerOrderId: string | null;
  clientOrderId: string | null;
}

/** Latencies per action, errors per action and kind, and the proposals whose broker orders are checked. */
export class LoadRecorder {
  readonly latencies = new Map<Action, number[]>();
  readonly errors = new Map<string, number>();
  rateLimited = 0;
  readonly approved: ApprovedProposal[] = [];
  readonly rejected: string[] = [];

  ok(action: Action, ms: number): void {
    const list = this.latencies.get(action) ?? [];
    list.push(ms);
    this.latencies.set(action, list);
  }

  error(action: Action, kind: string): void {
    const key = `${action}: ${kind}`;
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }

  errorCount(): number {
    return [...this.errors.values()].reduce((a, b) => a + b, 0);
  }

  table(seconds: number): string {
    const lines = ["action            count   per s   p50 ms   p95 ms   p99 ms   max ms"];
    for (const [action, samples] of this.latencies) {
      const s = summarize(samples);
      lines.push(
        [
          action.padEnd(16),
          String(s.n).padStart(7),
          fixed(s.n / seconds, 2).padStart(7),
          fixed(s.p50, 0).padStart(8),
          fixed(s.p95, 0).padStart(8),
          fixed(s.p99, 0).padStart(8),
          fixed(s.max, 0).padStart(8),
        ].join(" "),
      );
    }
    lines.push(
      "",
      `errors: ${this.errorCount()}; answered 429 (rate limited, not counted as errors): ${this.rateLimited}`,
    );
    for (const [kind, n] of this.errors) lines.push(`  ${kind}: ${n}`);
    return lines.join("\n");
  }
}
