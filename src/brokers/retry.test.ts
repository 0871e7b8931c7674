import { describe, expect, it } from "vitest";
import { BrokerUnavailable, OrderRejected, RateLimited } from "./errors.js";
import { retryRead } from "./retry.js";

const policy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1_500 };

function failing(errors: unknown[]) {
  let calls = 0;
  const run = async () => {
    const error = errors[calls];
    calls += 1;
    if (error) throw error;
    return "ok";
  };
  return { run, calls: () => calls };
}

describe("retryRead", () => {
  it("retries an unavailable broker up to the attempt limit", async () => {
    const twice = failing([new BrokerUnavailable("alpaca"), new BrokerUnavailable("alpaca")]);
    await expect(retryRead(twice.run, policy)).resolves.toBe("ok");
    expect(twice.calls()).toBe(3);

    const always = failing([1, 2, 3, 4].map(() => new BrokerUnavailable("alpaca")));
    await expect(retryRead(always.run, policy)).rejects.toBeInstanceOf(BrokerUnavailable);
    expect(always.calls()).toBe(3);
  });

  it("never retries other failures", async () => {
    const rejected = failing([new OrderRejected("alpaca", "no")]);
    await expect(retryRead(rejected.run, policy)).rejects.toBeInstanceOf(OrderRejected);
    expect(rejected.calls()).toBe(1);
  });

  it("waits out a rate-limit hint it can afford, and hands back one it cannot", async () => {
    const short = failing([new RateLimited("plaid", 1)]);
    const started = Date.now();
    await expect(retryRead(short.run, policy)).resolves.toBe("ok");
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);

    const long = failing([new RateLimited("plaid", 30)]);
    await expect(retryRead(long.run, policy)).rejects.toEqual(new RateLimited("plaid", 30));
    expect(long.calls()).toBe(1);
  });
});
