import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedDemoWorld } from "../demo.js";
import { startSandbox } from "../server.js";
import { alpacaApis } from "../testing/alpaca-client.js";
import { dailyBars } from "./bars.js";
import { submitOrder } from "./matching.js";
import { World } from "./world.js";

const scratch = mkdtempSync(path.join(tmpdir(), "sandbox-state-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function walk(seed: number, ticks: number): Record<string, number> {
  const world = new World({ seed });
  for (let i = 0; i < ticks; i++) world.prices.tick();
  return world.prices.all();
}

describe("prices", () => {
  it("walk deterministically for a seed and differently for another", () => {
    expect(walk(7, 20)).toEqual(walk(7, 20));
    expect(walk(7, 20)).not.toEqual(walk(8, 20));
    const moved = walk(7, 20);
    expect(moved.AAPL).not.toBe(227.5);
    expect(Math.abs((moved.AAPL ?? 0) / 227.5 - 1)).toBeLessThan(0.1);
  });

  it("tick on an interval when running, and stay frozen at 0", async () => {
    const ticking = await startSandbox({ priceTickMs: 20 });
    const before = ticking.world.prices.price("MSFT");
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(ticking.world.prices.price("MSFT")).not.toBe(before);
    await ticking.close();
  });

  it("give stable daily history that ends at the live price", () => {
    const world = new World({ seed: 3 });
    const bars = dailyBars(world, "VOO", 30);
    expect(bars).toHaveLength(30);
    expect(dailyBars(world, "VOO", 30)).toEqual(bars);
    expect(bars.at(-1)?.close).toBe(world.prices.price("VOO"));
    expect(bars.every((b) => b.low <= Math.min(b.open, b.close) && b.high >= Math.max(b.open, b.close))).toBe(
      true,
    );
  });
});

describe("orders change the world", () => {
  it("a buy and a sell move cash, units and average price", () => {
    const world = new World();
    seedDemoWorld(world);
    const alpaca = [...world.accounts.values()].find((a) => a.provider === "alpaca");
    if (!alpaca) throw new Error("no alpaca account");
    world.prices.set({ TSLA: 300 });
    const buy = submitOrder(world, {
      provider: "alpaca",
      accountId: alpaca.id,
      symbol: "TSLA",
      side: "buy",
      quantity: 5,
      orderType: "market",
      timeInForce: "day",
    });
    expect(buy.ok && buy.order.status).toBe("filled");
    expect(alpaca.cash).toBe(25_000 - 1500);
    const tsla = alpaca.positions.find((p) => p.symbol === "TSLA");
    expect(tsla?.units).toBe(20);
    expect(tsla?.avgPrice).toBeCloseTo((15 * 212.4 + 5 * 300) / 20, 2);
    submitOrder(world, {
      provider: "alpaca",
      accountId: alpaca.id,
      symbol: "TSLA",
      side: "sell",
      quantity: 20,
      orderType: "market",
      timeInForce: "day",
    });
    expect(alpaca.positions.find((p) => p.symbol === "TSLA")).toBeUndefined();
    expect(world.activitiesOf(alpaca.id).filter((a) => a.orderId)).toHaveLength(2);
  });
});

describe("--state-file", () => {
  it("saves the world on close and restores it (keys included) on the next start", async () => {
    const stateFile = path.join(scratch, "world.json");
    const first = await startSandbox({ demo: true, stateFile, priceTickMs: 0 });
    const keys = { keyId: "PKDEMO000000000000001", secret: "sandbox-demo-alpaca-secret" };
    const order = await alpacaApis(first.url, keys).orders.market({
      symbol: "AAPL",
      qty: 3,
      side: "buy",
      clientOrderId: "persisted",
    });
    const jwks = await (await fetch(`${first.url}/auth/v1/.well-known/jwks.json`)).json();
    await first.close();

    const second = await startSandbox({ stateFile, priceTickMs: 0 });
    const found = await alpacaApis(second.url, keys).orders.getOrderByClientOrderId({
      clientOrderId: "persisted",
    });
    expect(found.id).toBe(order.id);
    expect(await (await fetch(`${second.url}/auth/v1/.well-known/jwks.json`)).json()).toEqual(jwks);
    expect(second.world.users.size).toBe(1);
    await second.close();
  });
});
