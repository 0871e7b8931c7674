import { describe, expect, it } from "vitest";
import { afterRequest, inRequest, requestMemo } from "./request-scope.js";

describe("work started after a request", () => {
  it("starts only once the request's own work has finished, outside the request", async () => {
    const events: string[] = [];
    let memoSeenByLaterWork: unknown = "not run";
    const started = new Promise<void>((resolve) => {
      void inRequest(async () => {
        afterRequest(() => {
          events.push("after");
          memoSeenByLaterWork = requestMemo("rows");
          resolve();
        });
        await new Promise((r) => setTimeout(r, 5));
        events.push("answered");
      });
    });
    await started;
    expect(events).toEqual(["answered", "after"]);
    expect(memoSeenByLaterWork).toBeNull();
  });

  it("starts even when the request failed", async () => {
    let ran = false;
    const ranLater = new Promise<void>((resolve) => {
      inRequest(async () => {
        afterRequest(() => {
          ran = true;
          resolve();
        });
        throw new Error("the answer failed");
      }).catch(() => {});
    });
    await ranLater;
    expect(ran).toBe(true);
  });

  it("starts at once outside a request", () => {
    let ran = false;
    afterRequest(() => {
      ran = true;
    });
    expect(ran).toBe(true);
  });
});
