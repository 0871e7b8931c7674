import { afterEach, describe, expect, it, vi } from "vitest";
import { TrailingRuns } from "./trailing-runs.js";

/** Runs that resolve when the test says so, counting how many have started. */
function controlledWork() {
  const pending: Array<(value: string) => void> = [];
  let started = 0;
  const work = () => {
    const n = ++started;
    return new Promise<string>((resolve) => pending.push(() => resolve(`run ${n}`)));
  };
  const finish = async () => {
    pending.shift()?.("");
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { work, finish, started: () => started };
}

describe("TrailingRuns", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("callers arriving during a run share one more run that starts after it; a lone caller gets its own", async () => {
    const runs = new TrailingRuns<string>();
    const { work, finish, started } = controlledWork();
    const first = runs.run("account-1", work);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started()).toBe(1);
    const second = runs.run("account-1", work);
    const third = runs.run("account-1", work);
    await new Promise((resolve) => setImmediate(resolve));
    // The second run has not started while the first is under way.
    expect(started()).toBe(1);
    await finish();
    expect(await first).toBe("run 1");
    expect(started()).toBe(2);
    await finish();
    expect(await second).toBe("run 2");
    expect(await third).toBe("run 2");
    expect(runs.size).toBe(0);
    const fourth = runs.run("account-1", work);
    await new Promise((resolve) => setImmediate(resolve));
    await finish();
    expect(await fourth).toBe("run 3");
  });

  it("a caller arriving once the next run has started waits for a run after it", async () => {
    const runs = new TrailingRuns<string>();
    const { work, finish, started } = controlledWork();
    const first = runs.run("a", work);
    await new Promise((resolve) => setImmediate(resolve));
    const second = runs.run("a", work);
    await finish();
    await first;
    expect(started()).toBe(2);
    const third = runs.run("a", work);
    await finish();
    expect(await second).toBe("run 2");
    expect(started()).toBe(3);
    await finish();
    expect(await third).toBe("run 3");
  });

  it("keys are independent, and a failed run fails only its callers", async () => {
    const runs = new TrailingRuns<string>();
    let calls = 0;
    const failing = runs.run("a", async () => {
      calls += 1;
      throw new Error("broker down");
    });
    const other = runs.run("b", async () => {
      calls += 1;
      return "b";
    });
    await expect(failing).rejects.toThrow("broker down");
    expect(await other).toBe("b");
    expect(await runs.run("a", async () => "a again")).toBe("a again");
    expect(calls).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs.size).toBe(0);
  });

  it("a run asked to wait starts after its pause, shared by every caller that waits too", async () => {
    vi.useFakeTimers();
    const runs = new TrailingRuns<string>();
    let started = 0;
    const work = async () => `run ${++started}`;
    const first = runs.run("a", work, { afterMs: 50 });
    const second = runs.run("a", work, { afterMs: 50 });
    await vi.advanceTimersByTimeAsync(49);
    expect(started).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toBe(1);
    expect(await first).toBe("run 1");
    expect(await second).toBe("run 1");
  });

  it("a caller that does not wait starts a paused run at once, and idle waits for it", async () => {
    vi.useFakeTimers();
    const runs = new TrailingRuns<string>();
    let started = 0;
    const work = async () => `run ${++started}`;
    const paused = runs.run("a", work, { afterMs: 10_000 });
    let idle = false;
    void runs.idle().then(() => {
      idle = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(0);
    expect(idle).toBe(false);
    const reader = runs.run("a", work);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(1);
    expect(await reader).toBe("run 1");
    expect(await paused).toBe("run 1");
    await vi.advanceTimersByTimeAsync(0);
    expect(idle).toBe(true);
  });
});
