import type { JsonAnswer } from "../client/http.js";
import { RemoteServiceClient } from "../client/remote-client.js";
import { seedAndLinkUser } from "../client/user-linking.js";
import type { BenchService } from "../harness/bench-service.js";
import { fixed, latencyText, summarize } from "../report/percentiles.js";
import { type BenchContext, type BenchmarkResult, measured } from "../report/result.js";

export const READ_QUESTION = "what do I hold?";
export const TRADE_REQUEST = "buy 1 share of AAPL";

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

interface Sample {
  ms: number;
  checkpointWriteMs: number;
  checkpointReadMs: number;
  writes: number;
}

const share = (samples: Sample[], key: "checkpointWriteMs" | "checkpointReadMs") => {
  const total = samples.reduce((a, s) => a + s.ms, 0);
  return total > 0 ? (100 * samples.reduce((a, s) => a + s[key], 0)) / total : Number.NaN;
};
const perTurn = (samples: Sample[], key: "checkpointWriteMs" | "writes") =>
  samples.reduce((a, s) => a + s[key], 0) / Math.max(1, samples.length);

/**
 * One user, one request at a time, through HTTP: a read turn ("what do I hold?") on a fresh
 * thread, and a trade cycle (prepare by chat, approve on the card: claim, submit to the broker,
 * answer). The portfolio cache is fresh (warmed first), so this is the service's own overhead.
 */
export function turnOverhead(svc: BenchService, ctx: BenchContext): Promise<BenchmarkResult> {
  return measured("turn overhead", svc.backend, async () => {
    // Enough samples that p99 is not simply the slowest turn (100 samples: the 99th).
    const reads = ctx.quick ? 100 : 300;
    // Every cycle buys 1 AAPL in the Schwab account (12,500 cash): 43 cycles at most, warm-up included.
    const cycles = ctx.quick ? 20 : 40;
    const user = await seedAndLinkUser({ admin: svc.admin, serviceUrl: svc.url });
    const client = await RemoteServiceClient.start(user.client);
    try {
      return await measureTurns(svc, client, reads, cycles);
    } finally {
      await client.close();
    }
  });
}

/**
 * A long-running service's steady state, reached on a user of its own (so the measured user's cash
 * is left for the measured cycles): Postgres plans a prepared statement afresh for its first five
 * runs on each connection and only then settles on a cached plan, and the pool spreads a trade's
 * statements over several connections (the webhooks and refresh it sets off run beside the next
 * request); V8's optimizing compiler also needs more than a few cycles. Measured in Postgres's own
 * statement log over 30 cycles: after 5 warm-up cycles on the measured user, a cycle still cost
 * Postgres 13.5 ms (parse 0.5, bind 6.0, execute 7.0); after 40 more on another user, 8.0 ms (bind
 * 2.0, execute 6.0, nothing left to parse).
 */
const WARM_UP_READS = 60;
const WARM_UP_CYCLES = 40;

async function warmUpService(svc: BenchService): Promise<void> {
  const user = await seedAndLinkUser({ admin: svc.admin, serviceUrl: svc.url });
  const client = await RemoteServiceClient.start(user.client);
  try {
    await unmeasuredTurns(client, WARM_UP_READS, WARM_UP_CYCLES);
  } finally {
    await client.close();
  }
  await svc.admin.settle();
  await svc.service.portfolio.idle();
}

/** `reads` read turns, then `cycles` trade cycles (prepare and approve), none of them timed. */
async function unmeasuredTurns(client: RemoteServiceClient, reads: number, cycles: number): Promise<void> {
  for (let i = 0; i < reads; i++) await client.send(await client.createThread(), READ_QUESTION);
  for (let i = 0; i < cycles; i++) {
    const threadId = await client.createThread();
    const pending = (await client.send(threadId, TRADE_REQUEST)).body.pendingConfirmation;
    if (!pending) throw new Error("a warm-up trade request produced no card");
    await client.decide(threadId, pending, "approve");
  }
}

async function measureTurns(
  svc: BenchService,
  client: RemoteServiceClient,
  reads: number,
  cycles: number,
): Promise<Pick<BenchmarkResult, "method" | "rows" | "data" | "targets">> {
  await svc.admin.settle();
  // The time is the client process's own, around the HTTP request.
  const timed = async <T>(work: () => Promise<JsonAnswer<T>>): Promise<{ value: JsonAnswer<T> } & Sample> => {
    svc.checkpoints.reset();
    const value = await work();
    const totals = svc.checkpoints.snapshot();
    return {
      value,
      ms: value.ms,
      checkpointWriteMs: totals.writeMs,
      checkpointReadMs: totals.readMs,
      writes: totals.writes,
    };
  };

  await warmUpService(svc);
  // The measured user's own warm-up: its client process's JIT, its caches, both code paths.
  await unmeasuredTurns(client, 20, 3);
  // The warm-up's trades set off webhooks and syncs: let them drain before timing anything.
  await svc.admin.settle();
  const readSamples: Sample[] = [];
  // The bench process's CPU over each phase (the service, the embedded sandbox, V8's own threads;
  // not the client): steadier than latency on a machine whose speed drifts.
  const readCpu = process.cpuUsage();
  for (let i = 0; i < reads; i++) {
    const threadId = await client.createThread();
    const sample = await timed(() => client.send(threadId, READ_QUESTION));
    if (sample.value.status !== 200) throw new Error(`read turn answered ${sample.value.status}`);
    readSamples.push(sample);
  }

  const readCpuMs = cpuMs(process.cpuUsage(readCpu)) / reads;
  const prepare: Sample[] = [];
  const approve: Sample[] = [];
  const cycle: number[] = [];
  // A cycle's own work ends after its answers (the broker's webhooks, the account's refresh): the
  // phase's CPU is counted until that work has drained.
  const cycleCpu = process.cpuUsage();
  for (let i = 0; i < cycles; i++) {
    const threadId = await client.createThread();
    const prepared = await timed(() => client.send(threadId, TRADE_REQUEST));
    const pending = prepared.value.body.pendingConfirmation;
    if (prepared.value.status !== 200 || !pending) throw new Error("the trade request produced no card");
    const approved = await timed(() => client.decide(threadId, pending, "approve"));
    if (approved.value.status !== 200 || !approved.value.body.order) {
      throw new Error(`the approval answered ${approved.value.status}`);
    }
    prepare.push(prepared);
    approve.push(approved);
    cycle.push(prepared.ms + approved.ms);
  }
  await svc.admin.settle();
  await svc.service.portfolio.idle();
  const cycleCpuMs = cpuMs(process.cpuUsage(cycleCpu)) / cycles;
  const both = [...prepare, ...approve];
  const read = summarize(readSamples.map((s) => s.ms));
  const tradeCycle = summarize(cycle);
  return {
    method:
      "Sequential HTTP requests from a client in a process of its own (as a browser is remote), timed " +
      `there around each request, after a warm-up to the service's steady state (${WARM_UP_READS} read turns and ` +
      `${WARM_UP_CYCLES} trade cycles of another user, then 20 and 3 of the measured one: Postgres's cached plans, V8's optimized code); ` +
      "the service (with the embedded broker sandbox) runs in the bench " +
      "process. Checkpoint time = the summed durations of the saver's statements (a checkpoint and a " +
      "step's pending writes written; a checkpoint read), timed by " +
      "wrapping them on the graph's saver instance (a turn starting a new exchange reads none; a reply to a card " +
      "is given its checkpoint by the statement that opens the turn, and a turn that ends at a card stores its writes with the " +
      "statement that records it: those are app statements, not counted here); the share is that sum over the summed request time. With LangGraph's default 'async' " +
      "durability writes overlap the next step and each other (above 100 % is possible on a multi-connection pool), " +
      "so the share is an upper bound; 'checkpoint variants' measures what they really add to the critical path.",
    targets: [
      { target: "readP50", value: read.p50 },
      { target: "readP99", value: read.p99 },
      { target: "tradeP50", value: tradeCycle.p50 },
    ],
    rows: [
      { metric: "read turn, ms p50/p95/p99", value: latencyText(read), note: `${reads} turns` },
      {
        metric: "read turn, saver's own checkpoint writes",
        value: `${fixed(share(readSamples, "checkpointWriteMs"), 1)} %`,
        note: `${fixed(perTurn(readSamples, "writes"), 1)} writes summing ${fixed(perTurn(readSamples, "checkpointWriteMs"), 1)} ms/turn; reads ${fixed(share(readSamples, "checkpointReadMs"), 1)} %`,
      },
      {
        metric: "read turn, service CPU",
        value: `${fixed(readCpuMs, 1)} ms`,
        note: "per turn, user + system: the bench process's every thread (service, embedded sandbox, V8's compiler and GC)",
      },
      {
        metric: "trade cycle, ms p50/p95/p99",
        value: latencyText(tradeCycle),
        note: `prepare ${latencyText(summarize(prepare.map((s) => s.ms)))}; approve+submit+answer ${latencyText(summarize(approve.map((s) => s.ms)))}`,
      },
      {
        metric: "trade cycle, service CPU",
        value: `${fixed(cycleCpuMs, 1)} ms`,
        note: "per cycle, with the webhooks and refresh it sets off (and the sandbox's quiet wait at the end)",
      },
      {
        metric: "trade cycle, saver's own checkpoint writes",
        value: `${fixed(share(both, "checkpointWriteMs"), 1)} %`,
        note: `${fixed(2 * perTurn(both, "writes"), 1)} writes summing ${fixed(2 * perTurn(both, "checkpointWriteMs"), 1)} ms/cycle; reads ${fixed(share(both, "checkpointReadMs"), 1)} %; a card's checkpoint is written by the turn's closing statement and a reply's read by its opening one (app statements, not counted here)`,
      },
    ],
    data: {
      read: { ...read, checkpointWritePct: share(readSamples, "checkpointWriteMs") },
      readCheckpointReadPct: share(readSamples, "checkpointReadMs"),
      tradeCycle: { ...tradeCycle, checkpointWritePct: share(both, "checkpointWriteMs") },
      prepare: summarize(prepare.map((s) => s.ms)),
      approve: summarize(approve.map((s) => s.ms)),
      writesPerReadTurn: readSamples.map((s) => s.writes),
      serviceCpuMs: { readTurn: readCpuMs, tradeCycle: cycleCpuMs },
    },
  };
}
