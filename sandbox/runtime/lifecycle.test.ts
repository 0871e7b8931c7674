import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { Lifecycle } from "./lifecycle.js";

describe("Lifecycle.sleep", () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  afterEach(() => {
    process.off("warning", onWarning);
    warnings.length = 0;
  });

  it("many sleeps at once (a latency on every request of a burst) raise no listener-leak warning", async () => {
    process.on("warning", onWarning);
    const lifecycle = new Lifecycle();
    await Promise.all(Array.from({ length: 25 }, () => lifecycle.sleep(5)));
    // Node emits process warnings on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  });

  it("a finished sleep leaves no listener behind, and close ends the sleeps still running", async () => {
    const lifecycle = new Lifecycle();
    await Promise.all(Array.from({ length: 25 }, () => lifecycle.sleep(1)));
    expect(getEventListeners(lifecycle.signal, "abort")).toHaveLength(0);
    const pending = lifecycle.sleep(60_000);
    expect(getEventListeners(lifecycle.signal, "abort")).toHaveLength(1);
    lifecycle.close();
    await pending;
    expect(getEventListeners(lifecycle.signal, "abort")).toHaveLength(0);
  });
});
