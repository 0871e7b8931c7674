import type { Lifecycle } from "../runtime/lifecycle.js";
import { expireDayOrders, releaseHeldOrder, runMatching } from "./matching.js";
import type { World } from "./world.js";

export interface SimulationOptions {
  /** Price random-walk interval; 0 freezes prices. */
  priceTickMs?: number;
  /** Delay before the rest of a partially filled order fills (when nothing else moves). */
  partialFillDelayMs?: number;
}

/**
 * Makes the world move: ticks prices on an interval, re-runs matching whenever a price or
 * the market clock changes, works held orders after `workingFillMs` and finishes partial
 * fills a moment later.
 */
export function startSimulation(world: World, lifecycle: Lifecycle, options: SimulationOptions = {}): void {
  const { priceTickMs = 2000, partialFillDelayMs = 1000 } = options;
  let followUpScheduled = false;

  world.prices.onChange(() => runMatching(world));
  world.clock.onChange((open) => {
    if (open) runMatching(world);
    else expireDayOrders(world);
  });
  // Orders restored from a state file lost their timers: they are worked at once.
  for (const order of world.orders.values()) releaseHeldOrder(world, order);
  world.on((event) => {
    // SnapTrade syncs an account when its holdings change (a fill, a refresh).
    if (event.kind === "holdingsUpdated" && event.account.provider === "snaptrade")
      event.account.syncedAt = world.nowIso();
    if (event.kind !== "orderUpdated") return;
    const { order } = event;
    if (order.held) {
      lifecycle.later(world.behaviour.workingFillMs, () => releaseHeldOrder(world, order));
      return;
    }
    if (order.status !== "partially_filled" || followUpScheduled) return;
    followUpScheduled = true;
    lifecycle.later(partialFillDelayMs, () => {
      followUpScheduled = false;
      runMatching(world);
    });
  });
  lifecycle.every(priceTickMs, () => world.prices.tick());
}
