import { brokerCallCounter } from "../../src/brokers/call-counter.js";
import { SandboxAdmin } from "../client/sandbox-admin.js";
import { seedAndLinkUser } from "../client/user-linking.js";
import type { BenchService } from "../harness/bench-service.js";
import { type BenchContext, type BenchmarkResult, measured } from "../report/result.js";
import { TRADE_REQUEST } from "./trade-cycles.js";
import { READ_QUESTION } from "./turn-overhead.js";

const STALE_STEP_MS = 61_000;
/** Past SnapTrade's own age limit too (SNAPTRADE_SYNC_MAX_AGE_MS, 1 day): every provider syncs. */
const ALL_STALE_STEP_MS = 24 * 60 * 60_000 + 61_000;

/** Issue 15's call budgets: the most broker calls each action may cost, follow-ups included. */
const targets: Record<string, number> = {
  "holdings question, cache stale": 11,
  "holdings question, every provider past its age": 11,
  "trade (prepare + approve), fresh": 6,
};

function targetNote(name: string, calls: number): string {
  const target = targets[name];
  if (target === undefined) return "";
  return `target <= ${target}: ${calls <= target ? "met" : "MISSED"}; `;
}

type Counts = Record<"snaptrade" | "alpaca" | "plaid", number>;
const total = (c: Counts) => c.snaptrade + c.alpaca + c.plaid;
const text = (c: Counts) => `SnapTrade ${c.snaptrade}, Alpaca ${c.alpaca}, Plaid ${c.plaid}`;

/**
 * Broker API calls one user action costs: counted by the service (`brokerCallCounter`, one per
 * SDK call attempt) and by the sandbox (`/__sandbox/stats`, requests received, per operation).
 */
export function brokerCalls(svc: BenchService, _ctx: BenchContext): Promise<BenchmarkResult> {
  return measured("broker calls", svc.backend, async () => {
    const user = await seedAndLinkUser({ admin: svc.admin, serviceUrl: svc.url });
    const client = user.client;
    await client.send(await client.createThread(), READ_QUESTION);
    await svc.admin.settle();

    const count = async (stale: boolean | "all", action: () => Promise<void>) => {
      await svc.admin.settle();
      if (stale) svc.clock.advance(stale === "all" ? ALL_STALE_STEP_MS : STALE_STEP_MS);
      brokerCallCounter.reset();
      await svc.admin.resetStats();
      await action();
      const during = brokerCallCounter.snapshot();
      await svc.admin.settle();
      const stats = await svc.admin.stats();
      const operations = Object.entries(stats.providers)
        .filter(([p]) => p !== "auth")
        .flatMap(([p, s]) => Object.entries(s.operations).map(([op, n]) => `${p}.${op} ${n}`));
      return {
        during,
        service: brokerCallCounter.snapshot(),
        sandbox: SandboxAdmin.brokerCalls(stats),
        operations,
      };
    };
    const holdingsQuestion = async () => {
      const answer = await client.send(await client.createThread(), READ_QUESTION);
      if (answer.status !== 200) throw new Error(`read turn answered ${answer.status}`);
    };
    const trade = async () => {
      const threadId = await client.createThread();
      const prepared = await client.send(threadId, TRADE_REQUEST);
      const pending = prepared.body.pendingConfirmation;
      if (!pending) throw new Error("the trade request produced no card");
      const approved = await client.decide(threadId, pending, "approve");
      if (approved.status !== 200) throw new Error(`approval answered ${approved.status}`);
    };
    const holdingsPage = async () => {
      const answer = await client.holdings();
      if (answer.status !== 200) throw new Error(`holdings answered ${answer.status}`);
    };

    const link = async () => {
      await seedAndLinkUser({ admin: svc.admin, serviceUrl: svc.url });
    };
    const cases = [
      { name: "link a user (portal + keys + token)", stale: false, action: link },
      { name: "holdings question, cache fresh", stale: false, action: holdingsQuestion },
      { name: "holdings question, cache stale", stale: true, action: holdingsQuestion },
      { name: "trade (prepare + approve), fresh", stale: false, action: trade },
      { name: "trade (prepare + approve), stale", stale: true, action: trade },
      { name: "GET /api/holdings, cache fresh", stale: false, action: holdingsPage },
      { name: "GET /api/holdings, cache stale", stale: true, action: holdingsPage },
      // Last: past it, the sandbox's webhooks fall outside their 5-minute signature window against
      // the moved clock and are refused, so a case after it would not count their follow-ups.
      {
        name: "holdings question, every provider past its age",
        stale: "all" as const,
        action: holdingsQuestion,
      },
    ];
    const measuredCases: Array<{ name: string } & Awaited<ReturnType<typeof count>>> = [];
    for (const c of cases) measuredCases.push({ name: c.name, ...(await count(c.stale, c.action)) });
    // A simulated active user, per minute: one holdings question past the cache TTL and one
    // trade every ten minutes (its webhook follow-ups included).
    const perActiveUser = (provider: keyof Counts) => {
      const byName = new Map(measuredCases.map((c) => [c.name, c.service[provider]]));
      return (
        (byName.get("holdings question, cache stale") ?? 0) +
        0.1 * (byName.get("trade (prepare + approve), fresh") ?? 0)
      );
    };
    const activeUsers = 1_000;
    const budgetRow = {
      metric: `SnapTrade requests/min for ${activeUsers.toLocaleString("en-US")} active users`,
      value: String(Math.round(activeUsers * perActiveUser("snaptrade"))),
      note: `each: 1 stale holdings question + 0.1 trade per minute; SnapTrade allows 250/min per client id (Alpaca ${Math.round(activeUsers * perActiveUser("alpaca"))}, per user key; Plaid ${Math.round(activeUsers * perActiveUser("plaid"))})`,
    };
    return {
      method: `One user with 6 accounts on 3 providers. "Stale" moves the portfolio clock ${STALE_STEP_MS / 1000} s first (past the Alpaca/Plaid TTL; SnapTrade is refreshed by its webhooks, our orders and explicit refreshes); "every provider past its age" moves it 1 day + 61 s (past SnapTrade's own age limit too), and is measured last: from then on the sandbox's webhooks are older than their 5-minute signature window by the service's clock and are refused. Value = SDK calls counted in the service (brokerCallCounter) until the answer, + those after it (syncs the sandbox's webhooks trigger: holdings updated, trade updates), counted until the sandbox is quiet for 400 ms; the note gives the sandbox's own count of requests received, per operation. The sandbox is quiet before each case.`,
      rows: [
        ...measuredCases.map((c) => ({
          metric: c.name,
          value: `${total(c.during)} + ${total(c.service) - total(c.during)}`,
          note: `${targetNote(c.name, total(c.service))}${text(c.service)}; sandbox saw ${total(c.sandbox)}: ${c.operations.join(", ")}`,
        })),
        budgetRow,
      ],
      data: { cases: measuredCases },
    };
  });
}
