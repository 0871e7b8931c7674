import type { JsonAnswer } from "../client/http.js";
import type { DecisionAnswer, ServiceClient } from "../client/service-client.js";
import type { Action, LoadRecorder } from "./recorder.js";

/** What one user does, by weight. Every action sends exactly one chat message. */
const MIX: Array<{ action: "holdings" | "trade" | "double" | "reject"; weight: number }> = [
  { action: "holdings", weight: 4 },
  { action: "trade", weight: 3 },
  { action: "double", weight: 2 },
  { action: "reject", weight: 1 },
];
/** AAPL routes to a SnapTrade account (Schwab), NVDA to Alpaca: both order paths get load. */
const TRADES = ["buy 1 share of AAPL", "buy 1 share of NVDA"];
const TURNS_PER_THREAD = 6;

function pick<T extends { weight: number }>(items: T[]): T {
  let roll = Math.random() * items.reduce((a, i) => a + i.weight, 0);
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item;
  }
  return items.at(-1)!;
}

/**
 * One simulated user until `deadline`: holdings questions, trades approved once, approved twice
 * at the same moment (a double click or two tabs), and rejected, with think time between.
 */
export class VirtualUser {
  private threadId: string | null = null;
  private turns = 0;

  constructor(
    private readonly client: ServiceClient,
    private readonly recorder: LoadRecorder,
    private readonly thinkMs: number,
  ) {}

  async run(deadline: number): Promise<void> {
    // Spread the users' first actions over one think time.
    await sleep(Math.random() * this.thinkMs);
    while (Date.now() < deadline) {
      const { action } = pick(MIX);
      try {
        if (action === "holdings") await this.holdings();
        else await this.trade(action);
      } catch (error) {
        this.recorder.error(action === "holdings" ? "holdings" : "prepare", describe(error));
        this.threadId = null;
      }
      await sleep(this.thinkMs * (0.5 + Math.random()));
    }
  }

  private async thread(): Promise<string> {
    if (!this.threadId || this.turns >= TURNS_PER_THREAD) {
      this.threadId = await this.client.createThread();
      this.turns = 0;
    }
    this.turns += 1;
    return this.threadId;
  }

  /** Records the answer; true when it was a success. A 429 leaves the thread for a fresh one. */
  private judge(action: Action, answer: JsonAnswer<unknown>, expected = [200]): boolean {
    if (expected.includes(answer.status)) {
      this.recorder.ok(action, answer.ms);
      return true;
    }
    if (answer.status === 429) this.recorder.rateLimited += 1;
    else this.recorder.error(action, `http ${answer.status} ${errorCode(answer.body)}`);
    this.threadId = null;
    return false;
  }

  private async holdings(): Promise<void> {
    const answer = await this.client.send(await this.thread(), "what do I hold?");
    this.judge("holdings", answer);
  }

  private async trade(kind: "trade" | "double" | "reject"): Promise<void> {
    const threadId = await this.thread();
    const prepared = await this.client.send(threadId, TRADES[Math.floor(Math.random() * TRADES.length)]!);
    if (!this.judge("prepare", prepared)) return;
    const pending = prepared.body.pendingConfirmation;
    if (!pending) {
      this.recorder.error("prepare", "no confirmation card");
      return;
    }
    if (kind === "reject") {
      const rejected = await this.client.decide(threadId, pending, "reject");
      if (this.judge("reject", rejected)) this.recorder.rejected.push(pending.id);
      return;
    }
    if (kind === "trade") {
      const approved = await this.client.decide(threadId, pending, "approve");
      if (this.judge("approve", approved)) this.noteOrder(pending.id, approved.body);
      return;
    }
    const started = performance.now();
    const both = await Promise.all([
      this.client.decide(threadId, pending, "approve"),
      this.client.decide(threadId, pending, "approve"),
    ]);
    const wins = both.filter((a) => a.status === 200);
    const unexpected = both.filter((a) => a.status !== 200 && a.status !== 409);
    for (const answer of unexpected) this.judge("double-approve", answer);
    if (wins.length === 0) {
      if (unexpected.length === 0) this.recorder.error("double-approve", "neither approval succeeded");
      this.threadId = null;
      return;
    }
    const ids = new Set(wins.map((w) => w.body.order?.id ?? "none"));
    if (ids.size > 1) this.recorder.error("double-approve", "two approvals answered two different orders");
    this.recorder.ok("double-approve", performance.now() - started);
    this.noteOrder(pending.id, wins[0]!.body);
  }

  private noteOrder(proposalId: string, answer: DecisionAnswer): void {
    this.recorder.approved.push({
      proposalId,
      orderId: answer.order?.id ?? null,
      brokerOrderId: answer.order?.brokerOrderId ?? null,
      clientOrderId: answer.order?.clientOrderId ?? null,
    });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function errorCode(body: unknown): string {
  const code = (body as { error?: { code?: string } } | null)?.error?.code;
  return code ?? "";
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 80) : String(error);
}
