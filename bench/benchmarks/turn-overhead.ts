import { RemoteServiceClient } from "../client/remote-client.js";
import { seedAndLinkUser } from "../client/user-linking.js";
import type { BenchService } from "../harness/bench-service.js";
import { type TimedSample, timedRequest } from "../harness/timed-request.js";
import { fixed, latencyText, summarize } from "../report/percentiles.js";
import { type BenchContext, type BenchmarkResult, measured } from "../report/result.js";
import {
  QUIET_BETWEEN_CYCLES_MS,
  settle,
  TRADE_REQUEST,
  type TradeCycles,
  tradeCycles,
} from "./trade-cycles.js";

export const READ_QUESTION = "what do I hold?";

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

const share = (samples: TimedSample[], key: "checkpointWriteMs" | "checkpointReadMs") => {
  const total = samples.reduce((a, s) => a + s.ms, 0);
  return total > 0 ? (100 * samples.reduce((a, s) => a + s[key], 0)) / total : Number.NaN;
};
const perTurn = (samples: TimedSample[], key: "checkpointWriteMs" | "writes") =>
  samples.reduce((a, s) => a + s[key], 0) / Math.max(1, samples.length);

/**
 * One user, one request at a time, through HTTP: a read turn ("what do I hold?") on a fresh
 * thread, and a trade cycle (prepare by chat, approve on the card: claim, submit to the broker,
 * answer). The portfolio cache is fresh (warmed first, and each cycle begins once the last
 * trade's webhooks and account refresh are done), so this is the service's own overhead. The
 * same cycles back to back, on a second user, are reported beside them (not a target).
 */
export function turnOverhead(svc: BenchService, ctx: BenchContext): Promise<BenchmarkResult> {
  return measured("turn overhead", svc.backend, async () => {
    // Enough samples that p99 is not simply the slowest turn (100 samples: the 99th).
    const reads = ctx.quick ? 100 : 300;
    // Every cycle buys 1 AAPL in the Schwab account (12,500 cash): 43 cycles at most per user,
    // warm-up included, so the back-to-back cycles have a user of their own.
    const cycles = ctx.quick ? 20 : 40;
    const users = [];
    for (let i = 0; i < 2; i++) {
      const user = await seedAndLinkUser({ admin: svc.admin, serviceUrl: svc.url });
      users.push(await RemoteServiceClient.start(user.client));
    }
    const [client, backToBackClient] = users as [RemoteServiceClient, RemoteServiceClient];
    try {
      return await measureTurns(svc, client, backToBackClient, reads, cycles);
    } finally {
      await Promise.all(users.map((u) => u.close()));
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
  await settle(svc);
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

const cycleNote = (run: TradeCycles) =>
  `prepare ${latencyText(summarize(run.prepare.map((s) => s.ms)))}; approve+submit+answer ` +
  `${latencyText(summarize(run.approve.map((s) => s.ms)))}; account reads at the broker during ` +
  `${run.preparesWithAccountReads} of ${run.prepare.length} prepares`;

async function measureTurns(
  svc: BenchService,
  client: RemoteServiceClient,
  backToBackClient: RemoteServiceClient,
  reads: number,
  cycles: number,
): Promise<Pick<BenchmarkResult, "method" | "rows" | "data" | "targets">> {
  await svc.admin.settle();
  await warmUpService(svc);
  // Each measured user's own warm-up: its client process's JIT, its caches, both code paths.
  await unmeasuredTurns(client, 20, 3);
  await unmeasuredTurns(backToBackClient, 0, 3);
  // The warm-up's trades set off webhooks and syncs: let them drain before timing anything.
  await settle(svc);
  const readSamples: TimedSample[] = [];
  // The bench process's CPU over each phase (the service, the embedded sandbox, V8's own threads;
  // not the client): steadier than latency on a machine whose speed drifts.
  const readCpu = process.cpuUsage();
  for (let i = 0; i < reads; i++) {
    const threadId = await client.createThread();
    // The time is the client process's own, around the HTTP request.
    const sample = await timedRequest(svc, () => client.send(threadId, READ_QUESTION));
    if (sample.value.status !== 200) throw new Error(`read turn answered ${sample.value.status}`);
    readSamples.push(sample);
  }
  const readCpuMs = cpuMs(process.cpuUsage(readCpu)) / reads;

  const settled = await tradeCycles(svc, client, cycles, "settled");
  await settle(svc);
  // A cycle's own work ends after its answers (the broker's webhooks, the account's refresh): the
  // phase's CPU is counted until that work has drained. Back to back, so no settling is in it.
  const cycleCpu = process.cpuUsage();
  const backToBack = await tradeCycles(svc, backToBackClient, cycles, "back to back");
  await settle(svc);
  const cycleCpuMs = cpuMs(process.cpuUsage(cycleCpu)) / cycles;
  const both = [...settled.prepare, ...settled.approve];
  const read = summarize(readSamples.map((s) => s.ms));
  const tradeCycle = summarize(settled.cycle);
  return {
    method:
      "Sequential HTTP requests from a client in a process of its own (as a browser is remote), timed " +
      `there around each request, after a warm-up to the service's steady state (${WARM_UP_READS} read turns and ` +
      `${WARM_UP_CYCLES} trade cycles of another user, then 20 and 3 of the measured one: Postgres's cached plans, V8's optimized code); ` +
      "the service (with the embedded broker sandbox) runs in the bench " +
      "process. A trade cycle begins once the last trade's webhooks are delivered and the account refresh " +
      `they ask for is stored (the sandbox quiet for ${QUIET_BETWEEN_CYCLES_MS} ms and every webhook it queued answered), as a user's next trade does; the same ` +
      "cycles back to back, on a second user, pay that refresh in their prepare and share the service with " +
      "those webhooks (reported, not a target). Checkpoint time = the summed durations of the saver's statements (a checkpoint and a " +
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
        note: `each begun once the last trade's webhooks and refresh are done; ${cycleNote(settled)}`,
      },
      {
        metric: "trade cycle back to back, ms p50/p95/p99",
        value: latencyText(summarize(backToBack.cycle)),
        note: `not a target: each prepare sent as the last approval answers, paying the refresh that trade left owed; ${cycleNote(backToBack)}`,
      },
      {
        metric: "trade cycle, service CPU",
        value: `${fixed(cycleCpuMs, 1)} ms`,
        note: "per back-to-back cycle, with the webhooks and refresh it sets off (and the sandbox's quiet wait at the end)",
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
      prepare: summarize(settled.prepare.map((s) => s.ms)),
      approve: summarize(settled.approve.map((s) => s.ms)),
      preparesWithAccountReads: settled.preparesWithAccountReads,
      backToBack: {
        cycle: summarize(backToBack.cycle),
        prepare: summarize(backToBack.prepare.map((s) => s.ms)),
        approve: summarize(backToBack.approve.map((s) => s.ms)),
        preparesWithAccountReads: backToBack.preparesWithAccountReads,
      },
      writesPerReadTurn: readSamples.map((s) => s.writes),
      serviceCpuMs: { readTurn: readCpuMs, tradeCycle: cycleCpuMs },
    },
  };
}
