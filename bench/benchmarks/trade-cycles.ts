import type { RemoteServiceClient } from "../client/remote-client.js";
import type { BenchService } from "../harness/bench-service.js";
import { type TimedSample, timedRequest } from "../harness/timed-request.js";

export const TRADE_REQUEST = "buy 1 share of AAPL";

/** How each cycle begins. */
export type CycleStart =
  /** After the previous trade's webhooks were delivered and the account refresh they set off was stored. */
  | "settled"
  /** As soon as the previous approval answered, its webhooks and refresh still running. */
  | "back to back";

export interface TradeCycles {
  prepare: TimedSample[];
  approve: TimedSample[];
  /** prepare + approve, per cycle. */
  cycle: number[];
  /** Prepares during which the broker sandbox served an account read (balances or positions). */
  preparesWithAccountReads: number;
}

/** A quiet sandbox for this long counts as settled between cycles (its webhooks run one at a time). */
export const QUIET_BETWEEN_CYCLES_MS = 150;

/**
 * The webhooks a trade sets off have been delivered and the refreshes they ask for stored: the
 * sandbox quiet (no new delivery or broker request) for `quietMs`, every delivery it queued
 * answered (the service answers once it has handled one), then the service's refreshes done.
 */
export async function settle(svc: BenchService, quietMs?: number): Promise<void> {
  await svc.admin.settle(quietMs);
  await embeddedSandbox(svc).context.webhooks.idle();
  await svc.service.portfolio.idle();
}

function embeddedSandbox(svc: BenchService) {
  const sandbox = svc.service.sandbox;
  if (!sandbox) throw new Error("the bench expects the embedded sandbox");
  return sandbox.running.sandbox;
}

/** Account reads (balances, positions) the embedded sandbox has served so far, counted in-process. */
function accountReads(svc: BenchService): number {
  const { providers } = embeddedSandbox(svc).context.stats.snapshot();
  const snaptrade = providers.snaptrade?.operations ?? {};
  return (snaptrade.balances ?? 0) + (snaptrade.positions ?? 0);
}

/**
 * `count` trade cycles of one user: "buy 1 share of AAPL" on a new thread, then approve on the
 * card (claim, submit to the broker, answer). A trade leaves its account owed a refresh (the
 * broker's webhooks ask for it, and it runs a moment later), so a prepare sent back to back pays
 * that refresh and shares the thread with the webhooks; a settled cycle begins without either.
 */
export async function tradeCycles(
  svc: BenchService,
  client: RemoteServiceClient,
  count: number,
  start: CycleStart,
): Promise<TradeCycles> {
  const run: TradeCycles = { prepare: [], approve: [], cycle: [], preparesWithAccountReads: 0 };
  for (let i = 0; i < count; i++) {
    if (start === "settled") await settle(svc, QUIET_BETWEEN_CYCLES_MS);
    const threadId = await client.createThread();
    const readsBefore = accountReads(svc);
    const prepared = await timedRequest(svc, () => client.send(threadId, TRADE_REQUEST));
    if (accountReads(svc) > readsBefore) run.preparesWithAccountReads++;
    const pending = prepared.value.body.pendingConfirmation;
    if (prepared.value.status !== 200 || !pending) throw new Error("the trade request produced no card");
    const approved = await timedRequest(svc, () => client.decide(threadId, pending, "approve"));
    if (approved.value.status !== 200 || !approved.value.body.order) {
      throw new Error(`the approval answered ${approved.value.status}`);
    }
    run.prepare.push(prepared);
    run.approve.push(approved);
    run.cycle.push(prepared.ms + approved.ms);
  }
  return run;
}
