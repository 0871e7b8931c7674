import { AsyncLocalStorage } from "node:async_hooks";

interface Scope {
  open: boolean;
  memos: Map<string, Map<string, unknown>>;
  /** Work to start once the request has answered. */
  after: Array<() => void>;
}

const storage = new AsyncLocalStorage<Scope>();

/**
 * Runs `work` as one request. Rows a repository read or wrote during it can be remembered with
 * `requestMemo` until it ends, so the layers a request passes through (route, chat turn, graph
 * nodes, engine) read a row once instead of once each. The memo closes when the request ends:
 * work it left running (a timer, a stream still writing) reads the database again.
 */
export async function inRequest<T>(work: () => Promise<T>): Promise<T> {
  const scope: Scope = { open: true, memos: new Map(), after: [] };
  try {
    return await storage.run(scope, work);
  } finally {
    scope.open = false;
    scope.memos.clear();
    const after = scope.after.splice(0);
    // The answer is written in the ticks right after this (the server's continuation), so work
    // started on the next turn of the event loop does not delay it.
    if (after.length > 0) {
      setImmediate(() =>
        outsideRequest(() => {
          for (const start of after) start();
        }),
      );
    }
  }
}

/**
 * Starts `work` once the current request has answered (at once outside a request, or once its
 * answer is under way, as a stream's is): work the answer does not depend on, such as a refresh
 * after a trade, should not hold it. `work` runs outside the request and handles its own errors.
 */
export function afterRequest(work: () => void): void {
  const scope = storage.getStore();
  if (scope?.open) scope.after.push(work);
  else outsideRequest(work);
}

/** Runs `work` outside any request (background work a request starts but does not wait for). */
export function outsideRequest<T>(work: () => T): T {
  return storage.exit(work);
}

/** The current request's memo named `name`; null outside a request (background work, scripts, tests). */
export function requestMemo<V>(name: string): Map<string, V> | null {
  const scope = storage.getStore();
  if (!scope?.open) return null;
  let memo = scope.memos.get(name);
  if (!memo) {
    memo = new Map();
    scope.memos.set(name, memo);
  }
  return memo as Map<string, V>;
}
