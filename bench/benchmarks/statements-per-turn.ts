import type { QueryTally, TallyReport } from "../../src/core/db/query-counter.js";
import { seedAndLinkUser } from "../client/user-linking.js";
import type { BenchService } from "../harness/bench-service.js";
import { type BenchContext, type BenchmarkResult, measured } from "../report/result.js";
import { meets, TARGETS, type TargetId } from "../report/targets.js";
import { TRADE_REQUEST } from "./trade-cycles.js";
import { READ_QUESTION } from "./turn-overhead.js";

/**
 * Statements one request sends to the database, counted by the pool's counter for exactly that
 * request (the checkpointer's apart): a read turn on a fresh thread, a prepare and its approval.
 */
export function statementsPerTurn(svc: BenchService, _ctx: BenchContext): Promise<BenchmarkResult> {
  return measured("statements per turn", svc.backend, async () => {
    const user = await seedAndLinkUser({ admin: svc.admin, serviceUrl: svc.url });
    await svc.admin.settle();
    await user.client.send(await user.client.createThread(), READ_QUESTION);
    const counted = async <T>(pattern: RegExp, work: () => Promise<T>): Promise<[T, QueryTally]> => {
      const reports: TallyReport[] = [];
      const stop = svc.service.db.queries.observe((report) => reports.push(report));
      try {
        const value = await work();
        const tally = reports.find((r) => pattern.test(r.label))?.tally;
        if (!tally) throw new Error(`no request matched ${pattern}`);
        return [value, tally];
      } finally {
        stop();
      }
    };
    const threadId = await user.client.createThread();
    const [, read] = await counted(/\/messages$/, () => user.client.send(threadId, READ_QUESTION));
    const [prepared, prepare] = await counted(/\/messages$/, () => user.client.send(threadId, TRADE_REQUEST));
    const card = prepared.body.pendingConfirmation;
    if (!card) throw new Error("the trade request produced no card");
    const [, approve] = await counted(/\/confirmations\//, () =>
      user.client.decide(threadId, card, "approve"),
    );
    const row = (name: string, target: TargetId, tally: QueryTally) => ({
      metric: `${name}: statements (app + checkpointer)`,
      value: `${tally.app} + ${tally.checkpointer}`,
      note: `target app <= ${TARGETS[target].limit}: ${meets(target, tally.app) ? "met" : "NOT met"}`,
    });
    return {
      method:
        "Statements counted per request by the pool's counter (src/core/db/query-counter.ts): the application's " +
        "and the LangGraph checkpointer's apart; the same request on any machine gives the same count.",
      rows: [
        row("read", "statementsRead", read),
        row("prepare", "statementsPrepare", prepare),
        row("approve", "statementsApprove", approve),
      ],
      targets: [
        { target: "statementsRead", value: read.app },
        { target: "statementsPrepare", value: prepare.app },
        { target: "statementsApprove", value: approve.app },
      ],
      data: {
        read: read.statements,
        prepare: prepare.statements,
        approve: approve.statements,
      },
    };
  });
}
