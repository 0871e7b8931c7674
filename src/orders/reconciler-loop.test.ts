import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "../core/db/database.js";
import type { Logger } from "../core/logger.js";
import { Reconciler, type ReconcilerOptions } from "./reconciler.js";
import type { OrderRecord } from "./records.js";

/** The background loop: a pass at start, then one per interval until stopped; only the interval timer is faked. */
describe("the reconciler loop", () => {
  let passes: number;
  let failWith: Error | null;
  /** What a pass waits on before it reads the due orders. */
  let inPass: () => Promise<void>;
  let logger: { error: ReturnType<typeof vi.fn>; warn: ReturnType<typeof vi.fn> };

  beforeEach(() => {
    passes = 0;
    failWith = null;
    inPass = async () => {};
    logger = { error: vi.fn(), warn: vi.fn() };
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const loop = (options: ReconcilerOptions = {}) => {
    const repo = {
      ordersToReconcile: async (): Promise<OrderRecord[]> => {
        passes++;
        await inPass();
        if (failWith) throw failWith;
        return [];
      },
    };
    const db = { kind: "pglite" } as Database;
    return new Reconciler(
      { db, repo, logger: logger as unknown as Logger } as unknown as ConstructorParameters<
        typeof Reconciler
      >[0],
      options,
    );
  };

  it("runs a pass at start, then every 5 s by default", async () => {
    const r = loop();
    r.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(1);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(passes).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toBe(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(passes).toBe(3);
    await r.stop();
  });

  it("uses the configured interval", async () => {
    const r = loop({ intervalMs: 1_000 });
    r.start();
    await vi.advanceTimersByTimeAsync(999);
    expect(passes).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toBe(2);
    await r.stop();
  });

  it("a second start does not start a second loop", async () => {
    const r = loop();
    const runOnce = vi.spyOn(r, "runOnce");
    r.start();
    r.start();
    expect(runOnce).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runOnce).toHaveBeenCalledTimes(2);
    await r.stop();
  });

  it("a failed pass is logged and the loop goes on", async () => {
    failWith = new Error("database went away");
    const r = loop();
    r.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(logger.error).toHaveBeenCalledWith({ err: failWith }, "reconciler run failed");
    failWith = null;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(passes).toBe(2);
    expect(logger.error).toHaveBeenCalledTimes(1);
    await r.stop();
  });

  it("stop ends the loop and waits for the pass in flight", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const r = loop();
    inPass = () => held;
    r.start();
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = r.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(passes).toBe(1);
  });
});
