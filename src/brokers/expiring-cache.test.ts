import { describe, expect, it } from "vitest";
import { ExpiringCache } from "./expiring-cache.js";

describe("ExpiringCache", () => {
  it("serves an entry until it is older than the TTL or the asked-for age", () => {
    let now = 0;
    const cache = new ExpiringCache<string>({ ttlMs: 1_000, capacity: 10, now: () => new Date(now) });
    cache.set("a", "first");
    now = 500;
    expect(cache.get("a")).toBe("first");
    expect(cache.get("a", 400)).toBeUndefined();
    cache.set("a", "second");
    now = 1_499;
    expect(cache.get("a")).toBe("second");
    now = 1_500;
    expect(cache.get("a")).toBeUndefined();
  });

  it("drops the oldest entry when full", () => {
    const cache = new ExpiringCache<number>({ ttlMs: 1_000, capacity: 2, now: () => new Date(0) });
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([undefined, 2, 3]);
  });
});
