import { setMaxListeners } from "node:events";

/**
 * Owns everything that must stop when the sandbox closes: timers, held requests, sleeps and
 * outgoing webhook deliveries. `close()` aborts them all, so closing never hangs on a request
 * a fault is holding open.
 */
export class Lifecycle {
  private readonly controller = Lifecycle.unboundedController();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly intervals = new Set<ReturnType<typeof setInterval>>();

  /**
   * Every sleep in flight listens for the close (a simulated latency on each request of a burst
   * is one each) and stops listening when it ends, so more than Node's default ten at once is
   * expected, not a leak.
   */
  private static unboundedController(): AbortController {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    return controller;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get closed(): boolean {
    return this.controller.signal.aborted;
  }

  /** Resolves after `ms`, or early (without throwing) when the sandbox closes. */
  sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      this.timers.add(timer);
      this.signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Runs `task` once after `ms` unless the sandbox closes first. */
  later(ms: number, task: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      task();
    }, ms);
    timer.unref?.();
    this.timers.add(timer);
  }

  /** Runs `task` every `ms` until the sandbox closes. */
  every(ms: number, task: () => void): void {
    if (this.closed || ms <= 0) return;
    const interval = setInterval(task, ms);
    interval.unref?.();
    this.intervals.add(interval);
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    for (const interval of this.intervals) clearInterval(interval);
    this.timers.clear();
    this.intervals.clear();
    this.controller.abort();
  }
}
