import { MemorySaver } from "@langchain/langgraph";
import { type BenchUser, seedAndLinkUser } from "../client/user-linking.js";
import type { BenchService } from "../harness/bench-service.js";
import { fixed, summarize } from "../report/percentiles.js";
import { type BenchContext, type BenchmarkResult, measured } from "../report/result.js";
import { TRADE_REQUEST } from "./trade-cycles.js";
import { READ_QUESTION } from "./turn-overhead.js";

interface Patchable {
  checkpointer?: unknown;
  stream: (input: unknown, config?: Record<string, unknown>) => Promise<unknown>;
}

type Stats = { read: ReturnType<typeof summarize>; cycle: ReturnType<typeof summarize> };

interface Samples {
  read: number[];
  cycle: number[];
}

/** Read turns and trade cycles for one user, sequentially, appended to `into`. */
async function sample(user: BenchUser, reads: number, cycles: number, into: Samples) {
  const client = user.client;
  for (let i = 0; i < reads; i++) {
    const answer = await client.send(await client.createThread(), READ_QUESTION);
    if (answer.status !== 200) throw new Error(`read turn answered ${answer.status}`);
    into.read.push(answer.ms);
  }
  for (let i = 0; i < cycles; i++) {
    const threadId = await client.createThread();
    const prepared = await client.send(threadId, TRADE_REQUEST);
    const pending = prepared.body.pendingConfirmation;
    if (!pending) throw new Error("the trade request produced no card");
    const approved = await client.decide(threadId, pending, "approve");
    if (approved.status !== 200) throw new Error(`approval answered ${approved.status}`);
    into.cycle.push(prepared.ms + approved.ms);
  }
}

/**
 * What checkpointing costs on the critical path, by experiment: the same turns with the graph
 * as wired (PostgresSaver, LangGraph's default "async" durability), with `durability: "exit"`
 * (one checkpoint write per run instead of one per step), and with an in-memory saver (no
 * database writes at all: the floor). The variants patch the running graph object for the
 * duration of the measurement only; they are experiments, not the product's configuration.
 */
export function checkpointVariants(svc: BenchService, ctx: BenchContext): Promise<BenchmarkResult> {
  return measured("checkpoint variants", svc.backend, async () => {
    const reads = ctx.quick ? 6 : 16;
    const cycles = ctx.quick ? 2 : 6;
    const user = await seedAndLinkUser({ admin: svc.admin, serviceUrl: svc.url });
    await user.client.send(await user.client.createThread(), READ_QUESTION);
    await svc.admin.settle();
    const graph = svc.service.graph as unknown as Patchable;
    const saver = graph.checkpointer;
    const stream = graph.stream;
    const variants: Array<{ name: string; apply(): void; samples: Samples }> = [
      { name: "as wired (async)", apply() {}, samples: { read: [], cycle: [] } },
      {
        name: 'durability "exit"',
        apply() {
          graph.stream = (input, config) => stream.call(graph, input, { ...config, durability: "exit" });
        },
        samples: { read: [], cycle: [] },
      },
      {
        name: "in-memory saver (floor)",
        apply() {
          graph.checkpointer = new MemorySaver();
        },
        samples: { read: [], cycle: [] },
      },
    ];
    // Interleaved rounds, so a change in machine load weighs on every variant alike.
    const rounds = 2;
    for (let round = -1; round < rounds; round++) {
      for (const variant of variants) {
        variant.apply();
        try {
          // Round -1 warms each variant up and is not kept.
          const into = round < 0 ? { read: [], cycle: [] } : variant.samples;
          await sample(
            user,
            round < 0 ? 2 : Math.ceil(reads / rounds),
            round < 0 ? 1 : Math.ceil(cycles / rounds),
            into,
          );
        } finally {
          graph.stream = stream;
          graph.checkpointer = saver;
        }
      }
    }
    const [wired, exit, memory] = variants.map((v) => ({
      read: summarize(v.samples.read),
      cycle: summarize(v.samples.cycle),
    })) as [Stats, Stats, Stats];

    const row = (name: string, s: Stats) => ({
      metric: `${name}: read turn / trade cycle, ms p50`,
      value: `${fixed(s.read.p50, 0)} / ${fixed(s.cycle.p50, 0)}`,
      note: `vs as wired ${fixed(s.read.p50 - wired.read.p50, 0)} / ${fixed(s.cycle.p50 - wired.cycle.p50, 0)} ms`,
    });
    return {
      method: `${reads} read turns and ${cycles} trade cycles per variant in 2 interleaved rounds after a warm-up, one user, sequential HTTP. "durability exit" wraps graph.stream to pass { durability: "exit" }; "in-memory saver" swaps graph.checkpointer for a MemorySaver (the lower bound with no checkpoint I/O).`,
      rows: [
        { ...row("as wired (async)", wired), note: "PostgresSaver on the shared pool" },
        row('durability "exit"', exit),
        row("in-memory saver (floor)", memory),
      ],
      data: { wired, exit, memory },
    };
  });
}
