import { inWindow, type Run, Session, sleep } from "../trading.js";
import type { Actor } from "../users.js";
import { cardOf, expectStatus } from "./expect.js";

const CATEGORY = "broker-faults";

interface Fault {
  target: string;
  mode: "timeout" | "error500" | "rateLimit" | "acceptThenTimeout" | "connectionDisabled";
  count?: number;
}

/** Faults armed before a card is asked for (`atCard`) or before its approval (`atApproval`). */
interface FaultAttempt {
  order: string;
  atCard?: Fault[];
  atApproval?: Fault[];
}

const place = (mode: Fault["mode"]): Fault => ({ target: "snaptrade.placeOrder", mode });
const create = (mode: Fault["mode"]): Fault => ({ target: "alpaca.createOrder", mode });

/** Each fault kind of sandbox/runtime/faults.ts on the calls an order makes, both brokers. */
const faultAttempts: FaultAttempt[] = [
  { order: "buy 21 shares of GOOGL", atApproval: [place("error500")] },
  { order: "buy 22 shares of GOOGL", atApproval: [place("timeout")] },
  { order: "buy 23 shares of GOOGL", atApproval: [place("acceptThenTimeout")] },
  { order: "buy 24 shares of GOOGL", atApproval: [place("rateLimit")] },
  { order: "buy 25 shares of GOOGL", atApproval: [place("connectionDisabled")] },
  // issue 12's repro: a failed send, then an identical order whose answer is lost
  { order: "buy 1 share of JPM", atApproval: [place("error500")] },
  { order: "buy 1 share of JPM", atApproval: [place("acceptThenTimeout")] },
  { order: "buy 21 shares of AMD", atCard: [{ target: "snaptrade.impact", mode: "error500" }] },
  { order: "buy 22 shares of AMD", atCard: [{ target: "snaptrade.impact", mode: "rateLimit" }] },
  { order: "buy 23 shares of AMD", atCard: [{ target: "snaptrade.impact", mode: "connectionDisabled" }] },
  { order: "buy 24 shares of AMD", atCard: [{ target: "snaptrade.quotes", mode: "error500" }] },
  {
    order: "buy 26 shares of GOOGL",
    atApproval: [
      place("acceptThenTimeout"),
      { target: "snaptrade.recentOrders", mode: "error500", count: 3 },
    ],
  },
  {
    order: "buy 27 shares of GOOGL",
    atApproval: [place("acceptThenTimeout"), { target: "snaptrade.orders", mode: "timeout", count: 2 }],
  },
  {
    order: "buy 28 shares of GOOGL",
    atApproval: [{ target: "snaptrade.positions", mode: "error500", count: 3 }],
  },
  { order: "buy 21 shares of NVDA", atApproval: [create("error500")] },
  { order: "buy 22 shares of NVDA", atApproval: [create("timeout")] },
  { order: "buy 23 shares of NVDA", atApproval: [create("acceptThenTimeout")] },
  { order: "buy 24 shares of NVDA", atApproval: [create("rateLimit")] },
  { order: "buy 25 shares of NVDA", atApproval: [create("connectionDisabled")] },
  {
    order: "buy 26 shares of NVDA",
    atApproval: [create("acceptThenTimeout"), { target: "alpaca.getOrder", mode: "error500", count: 3 }],
  },
  {
    order: "buy 27 shares of NVDA",
    atApproval: [create("timeout"), { target: "alpaca.orders", mode: "error500", count: 3 }],
  },
  { order: "buy 28 shares of NVDA", atCard: [{ target: "alpaca.account", mode: "error500", count: 2 }] },
  { order: "buy 29 shares of SPY", atCard: [{ target: "alpaca.latestTrade", mode: "timeout", count: 2 }] },
];

async function arm(run: Run, faults: Fault[] | undefined): Promise<void> {
  for (const fault of faults ?? []) {
    await run.stack.admin("/faults", { count: 1, ...fault });
    run.log.faultArmed = true;
  }
}

export async function brokerFaults(run: Run, actor: Actor): Promise<void> {
  const s = new Session(run, CATEGORY, actor);
  const attempts = run.quick ? [faultAttempts[0]!, faultAttempts[2]!, faultAttempts[16]!] : faultAttempts;
  for (const attempt of attempts) {
    await inWindow(run, CATEGORY, async () => {
      const threadId = await s.newThread();
      await arm(run, attempt.atCard);
      const asked = await s.say(threadId, attempt.order);
      expectStatus(
        run.log,
        CATEGORY,
        `${attempt.order} under ${JSON.stringify(attempt.atCard)}`,
        asked,
        [200, 502, 503],
      );
      const card = cardOf(asked);
      if (card) {
        await arm(run, attempt.atApproval);
        await s.approve(threadId, card);
      }
      // Faults the reconciler is meant to meet stay armed a little while.
      if (attempt.atApproval?.some((f) => (f.count ?? 1) > 1)) await sleep(6_000);
      await run.stack.admin("/faults", undefined, "DELETE");
      run.log.faultArmed = false;
    });
  }
}
