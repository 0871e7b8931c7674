import { parseArgs } from "node:util";
import { DEFAULT_PLAID_SECRET, DEFAULT_SNAPTRADE_CONSUMER_KEY } from "../sandbox/index.js";
import { OpenApiContract, type OpenApiDocument } from "../test/helpers/openapi-contract.js";
import { apiFuzz } from "./categories/api-fuzz.js";
import { brokerFaults } from "./categories/broker-faults.js";
import { crossUser } from "./categories/cross-user.js";
import { killDuringApproval } from "./categories/kill-nine.js";
import { orderSafety } from "./categories/order-safety.js";
import { webhookAttacks } from "./categories/webhooks.js";
import { ExchangeLog } from "./exchange-log.js";
import {
  checkBrokerOrders,
  checkExchanges,
  checkRecords,
  checkSecrets,
  INVARIANTS,
  type Invariant,
  unsettled,
  type Violation,
} from "./invariants.js";
import { type BrokerOrder, Ledger, type OrderRecord } from "./ledger.js";
import { details, table } from "./report.js";
import { RUN_SETTINGS, Stack } from "./stack.js";
import { brokerOrders, type Run, sleep } from "./trading.js";
import { type Actor, demoUser, secretsOf, seededTrader } from "./users.js";

/**
 * `npm run attack [-- --quick]`: the attack and fault run of issue 12 against the embedded
 * default, with every invariant checked against the broker sandbox's own state, the service's
 * answers and the logs of both processes. Exits 1 on any violation.
 */
const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
const quick = values.quick ?? false;
const startedAt = Date.now();
const say = (text: string) => process.stdout.write(`${text}\n`);

async function records(stack: Stack, actor: Actor): Promise<OrderRecord[]> {
  const response = await fetch(`${stack.serviceUrl}/api/orders?limit=200`, {
    headers: { authorization: `Bearer ${actor.token}` },
  });
  return ((await response.json()) as { orders: OrderRecord[] }).orders;
}

/**
 * Waits for the reconciler: until no record of the run is unknown or unsent and every record
 * agrees with the broker, or `budgetMs` runs out (SnapTrade sends an absent order to review
 * 120 s after its send).
 */
async function settle(run: Run, actors: Actor[], baseline: Set<string>, budgetMs: number) {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const ours = (await Promise.all(actors.map((a) => records(run.stack, a)))).flat();
    const broker = (await brokerOrders(run.stack)).filter((o) => !baseline.has(o.id));
    const open = unsettled(ours).filter((r) => run.ledger.cards.has(r.confirmationId));
    const disagreeing = checkRecords(run.ledger, ours, broker);
    if ((open.length === 0 && disagreeing.length === 0) || Date.now() > deadline)
      return { ours, broker, open };
    await sleep(3_000);
  }
}

async function main(): Promise<number> {
  const stack = new Stack();
  try {
    say(
      `attack run${quick ? " (--quick)" : ""}: starting the broker sandbox and the service (PGlite in ${stack.dataDir})`,
    );
    await stack.start();
    await stack.admin("/clock", { open: true });
    const contract = new OpenApiContract(
      (await (await fetch(`${stack.serviceUrl}/openapi.json`)).json()) as OpenApiDocument,
    );
    const log = new ExchangeLog(() => stack.serviceUrl, contract);
    const run: Run = { stack, log, ledger: new Ledger(), quick };
    const trader = await seededTrader(stack, `attack-a-${Date.now()}@example.com`);
    const demo = await demoUser(stack);
    const actors = [trader, demo];
    const users = new Set(actors.map((a) => a.id));
    const baseline = new Set((await brokerOrders(stack)).map((o) => o.id));

    let approveAfterExpiry = async () => {};
    const phases: Array<[string, () => Promise<void>]> = [
      [
        "order safety",
        async () => {
          approveAfterExpiry = await orderSafety(run, trader);
        },
      ],
      ["broker faults", () => brokerFaults(run, trader)],
      ["kill -9 during approval", () => killDuringApproval(run, trader)],
      ["cross-user", () => crossUser(run, trader, demo)],
      ["webhooks", () => webhookAttacks(run, trader, demo)],
      ["API fuzz from /openapi.json", () => apiFuzz(run, contract, trader)],
      ["order safety: approve after expiry", () => approveAfterExpiry()],
    ];
    for (const [name, phase] of phases) {
      const phaseStart = Date.now();
      await phase().catch((error: unknown) =>
        log.find("order-safety", "harness", `${name}: ${(error as Error).stack}`),
      );
      say(`  ${name}: ${((Date.now() - phaseStart) / 1000).toFixed(0)} s`);
    }

    say("  waiting for the reconciler to settle every order");
    const settled = await settle(run, actors, baseline, quick ? 30_000 : 150_000);
    const broker: BrokerOrder[] = settled.broker.filter((o) => users.has(o.userId));
    const secrets = await secretsOf(stack, actors, [
      { label: "SnapTrade consumer key", value: DEFAULT_SNAPTRADE_CONSUMER_KEY },
      { label: "Plaid secret", value: DEFAULT_PLAID_SECRET },
    ]);
    const violations: Violation[] = [
      ...checkBrokerOrders(run.ledger, broker),
      ...checkRecords(run.ledger, settled.ours, broker),
      ...checkExchanges(log.exchanges),
      ...checkSecrets(log.exchanges, stack.logs(), secrets),
      ...log.findings
        .filter((f) => f.invariant in INVARIANTS)
        .map((f) => ({ category: f.category, invariant: f.invariant as Invariant, detail: f.detail })),
    ];
    const harness = log.findings.filter((f) => !(f.invariant in INVARIANTS));

    say("");
    say(table(log, violations));
    say("");
    say(
      `cards ${run.ledger.cards.size}, approved ${[...run.ledger.cards.values()].filter((c) => c.approved).length}, ` +
        `broker orders ${broker.length}, order records ${settled.ours.length}, still unsettled ${settled.open.length}, ` +
        `service restarts ${stack.restarts}`,
    );
    say(
      `settings that differ from npm start: ${Object.entries(RUN_SETTINGS)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}; the sandbox runs as its own process (given to the service as its brokers and auth) ` +
        "with its market clock open; reconciler timing is the service's own (not configurable by env)",
    );
    if (violations.length > 0) say(`\n${details(violations)}`);
    if (harness.length > 0)
      say(
        `\nharness errors (${harness.length}):\n${harness.map((h) => `  [${h.category}] ${h.detail}`).join("\n")}`,
      );
    say(`\nrun time ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
    return violations.length + harness.length > 0 ? 1 : 0;
  } finally {
    await stack.stop();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`attack run failed: ${(error as Error).stack}\n`);
  return 2;
});
