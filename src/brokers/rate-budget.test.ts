import { afterEach, describe, expect, it } from "vitest";
import { type TestDatabase, testBackends } from "../../test/helpers/databases.js";
import { openDatabase } from "../core/db/database.js";
import { migrate } from "../core/db/migrate.js";
import { limitsFor, PostgresRateBudget } from "./rate-budget.js";

const snaptradeLimit = 250;

describe.each(testBackends)("a rate budget shared by two replicas on $kind", ({ kind, open }) => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  /** Two replicas: on Postgres two separate pools on one database; on PGlite one shared store. */
  async function twoReplicas() {
    const db: TestDatabase = await open();
    closers.push(() => db.close());
    await migrate(db.pool);
    const second = kind === "postgres" ? await openDatabase({ url: db.url!, poolMax: 10 }) : db;
    if (second !== db) closers.push(() => second.close());
    const limits = limitsFor(snaptradeLimit);
    return {
      limits,
      replicas: [new PostgresRateBudget(db.pool, limits), new PostgresRateBudget(second.pool, limits)],
    };
  }

  it("under load never grants more than the vendor's limit allows in any minute", async () => {
    const { limits, replicas } = await twoReplicas();
    const started = performance.now();
    let granted = 0;
    let refused = 0;
    // Both replicas hammer the budget with reads for a while, 20 requests at a time each.
    while (performance.now() - started < 2_000) {
      const answers = await Promise.all(
        replicas.flatMap((replica) =>
          Array.from({ length: 20 }, () => replica.take("snaptrade:client", "read")),
        ),
      );
      for (const answer of answers) answer.granted ? granted++ : refused++;
    }
    const elapsedSeconds = (performance.now() - started) / 1000;
    const refillPerSecond = (limits.perMinute - limits.burst) / 60;
    expect(refused).toBeGreaterThan(0);
    // A token bucket of `burst` refilled at (limit - burst)/60 per second: in any 60 s at most
    // burst + (limit - burst) = limit requests, so this bound implies <= 250 per minute.
    expect(granted).toBeLessThanOrEqual(
      Math.floor(limits.burst - limits.orderReserve + refillPerSecond * elapsedSeconds) + 1,
    );
    expect(limits.burst + refillPerSecond * 60).toBeLessThanOrEqual(snaptradeLimit);
  });

  it("reads yield to orders: once reads are refused, an order still gets through", async () => {
    const { replicas } = await twoReplicas();
    const [first, second] = replicas as [PostgresRateBudget, PostgresRateBudget];
    let refusal: Awaited<ReturnType<PostgresRateBudget["take"]>> | undefined;
    for (let i = 0; i < 200 && !refusal; i++) {
      const answer = await (i % 2 ? first : second).take("snaptrade:client", "read");
      if (!answer.granted) refusal = answer;
    }
    expect(refusal).toMatchObject({ granted: false });
    expect(refusal && !refusal.granted && refusal.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await second.take("snaptrade:client", "order")).toEqual({ granted: true });
    // Another credential has its own budget.
    expect(await first.take("snaptrade:other-client", "read")).toEqual({ granted: true });
  });
});
