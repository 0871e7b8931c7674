import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testBackends } from "../../test/helpers/databases.js";
import { openDatabase } from "../core/db/database.js";
import { migrate } from "../core/db/migrate.js";
import { limitsFor, PostgresRateBudget } from "./rate-budget.js";

const snaptradeLimit = 250;

describe.each(testBackends)("a rate budget shared by two replicas on $kind", ({ kind, open }) => {
  const closers: Array<() => Promise<void>> = [];
  let first: TestDatabase;
  let second: Pick<TestDatabase, "pool">;

  beforeAll(async () => {
    first = await open();
    closers.push(() => first.close());
    await migrate(first.pool);
    // Two replicas: on Postgres two separate pools on one database; on PGlite one shared store.
    if (kind === "postgres") {
      const other = await openDatabase({ url: first.url!, poolMax: 10 });
      closers.push(() => other.close());
      second = other;
    } else {
      second = first;
    }
  });
  afterAll(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  function twoReplicas() {
    const limits = limitsFor(snaptradeLimit);
    const replicas = [
      new PostgresRateBudget(first.pool, limits),
      new PostgresRateBudget(second.pool, limits),
    ];
    return { limits, replicas };
  }

  it("under load never grants more than the vendor's limit allows in any minute", async () => {
    const { limits, replicas } = twoReplicas();
    const started = performance.now();
    let granted = 0;
    let refused = 0;
    // Both replicas hammer the budget with reads for a while, 10 requests at a time each.
    while (performance.now() - started < 1_500) {
      const answers = await Promise.all(
        replicas.flatMap((replica) =>
          Array.from({ length: 10 }, () => replica.take("snaptrade:load", "read")),
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
    const [one, other] = twoReplicas().replicas as [PostgresRateBudget, PostgresRateBudget];
    let refusal: Awaited<ReturnType<PostgresRateBudget["take"]>> | undefined;
    for (let i = 0; i < 200 && !refusal; i++) {
      const answer = await (i % 2 ? one : other).take("snaptrade:yield", "read");
      if (!answer.granted) refusal = answer;
    }
    expect(refusal).toMatchObject({ granted: false });
    expect(refusal && !refusal.granted && refusal.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await other.take("snaptrade:yield", "order")).toEqual({ granted: true });
    // Another credential has its own budget.
    expect(await one.take("snaptrade:other-client", "read")).toEqual({ granted: true });
  });
});
