import type { MiddlewareHandler } from "hono";
import { emptyTally, type QueryCounter } from "../core/db/query-counter.js";

/**
 * Reports the statements each request issued ("POST /api/threads/:id/messages" with its tally)
 * to the counter's listeners (tests, the bench). Without a listener it does nothing.
 */
export function requestQueryTally(counter: QueryCounter | undefined): MiddlewareHandler {
  return async (c, next) => {
    // A stand-in database (some app tests pass one) may have no counter.
    if (!counter?.observed) return next();
    const tally = emptyTally();
    await counter.within(tally, next);
    // A copy: work the request started in the background keeps adding to its scope afterwards.
    counter.report({
      label: `${c.req.method} ${c.req.path}`,
      tally: { ...tally, bytes: { ...tally.bytes }, statements: [...tally.statements] },
    });
  };
}
