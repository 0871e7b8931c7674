import { Snaptrade, SnaptradeAuth } from "snaptrade-typescript-sdk";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.js";
import { brokerCallCounter } from "../call-counter.js";
import { OutcomeUnknown, RateLimited } from "../errors.js";
import { SnaptradeApi, type SnaptradeRequestOptions } from "./api.js";

const sdk = new Snaptrade({ auth: SnaptradeAuth.commercialApiKey({ clientId: "id", consumerKey: "key" }) });
const api = new SnaptradeApi(
  sdk,
  { timeoutMs: 1_000, orderTimeoutMs: 150, readRetry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 10 } },
  createLogger({ level: "silent" }),
);

describe("SnapTrade call wrapper", () => {
  it("bounds an order send as a whole and aborts it: whatever the SDK does inside, the outcome is unknown", async () => {
    let seen: SnaptradeRequestOptions | undefined;
    const started = Date.now();
    const stuck = api.sendOrder("placeOrder", (options) => {
      seen = options;
      // Stands for the SDK sleeping between its 429 replays: never settles by itself.
      return new Promise<never>(() => {});
    });
    await expect(stuck).rejects.toBeInstanceOf(OutcomeUnknown);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(seen?.signal?.aborted).toBe(true);
    expect(seen?.timeout).toBe(150);
  });

  it("lets a 429 through as a response and turns it into RateLimited, without retrying past the hint", async () => {
    let calls = 0;
    const throttled = api.read("listUserAccounts", async (options) => {
      calls += 1;
      expect(options.validateStatus(429)).toBe(true);
      expect(options.validateStatus(500)).toBe(false);
      return {
        status: 429,
        data: { detail: "Request was throttled. Expected available in 7 seconds." },
        headers: {},
      };
    });
    await expect(throttled).rejects.toEqual(new RateLimited("snaptrade", 7));
    expect(calls).toBe(1);
  });

  it("counts every SDK call", async () => {
    const before = brokerCallCounter.snapshot().snaptrade;
    await api.read("listUserAccounts", async () => ({ status: 200, data: [], headers: {} }));
    expect(brokerCallCounter.snapshot().snaptrade).toBe(before + 1);
  });
});
