import { describe, expect, it } from "vitest";
import { inRequest, requestMemo } from "../request-scope.js";
import { afterAnswer, QueryCounter } from "./query-counter.js";
import type { PoolLike, QueryResult } from "./queryable.js";

/** A pool that answers every statement with no rows. */
const silentPool: PoolLike = {
  query: async <R>() => ({ rows: [], rowCount: 0 }) as unknown as QueryResult<R>,
  connect: async () => {
    throw new Error("not used");
  },
  end: async () => {},
};

describe("afterAnswer", () => {
  it("runs after the request, its statements outside the request's count and memo", async () => {
    const counter = new QueryCounter();
    const pool = counter.counted(silentPool, "app");
    let memoSeenLater: unknown = "not run";
    let laterDone!: () => void;
    const later = new Promise<void>((resolve) => {
      laterDone = resolve;
    });
    const { tally } = await counter.measure(() =>
      inRequest(async () => {
        await pool.query("select 1 as answered");
        afterAnswer(() => {
          memoSeenLater = requestMemo("rows");
          void pool.query("select 2 as later").then(laterDone);
        });
      }),
    );
    await later;
    expect(memoSeenLater).toBeNull();
    // Read once the later statement has run: it did not land in the request's tally.
    expect(tally.statements.map((s) => s.text)).toEqual(["select 1 as answered"]);
  });
});
