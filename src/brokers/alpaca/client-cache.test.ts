import { describe, expect, it } from "vitest";
import { LruCache } from "./client-cache.js";

describe("LruCache", () => {
  it("builds once per key and drops the least recently used past its capacity", () => {
    const cache = new LruCache<{ key: string }>(2);
    let builds = 0;
    const get = (key: string) =>
      cache.getOrCreate(key, () => {
        builds += 1;
        return { key };
      });
    const a = get("a");
    get("b");
    expect(get("a")).toBe(a);
    get("c");
    expect(cache.size).toBe(2);
    expect(builds).toBe(3);
    get("a");
    expect(builds).toBe(3);
    get("b");
    expect(builds).toBe(4);
  });
});
