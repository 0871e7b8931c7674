import fc from "fast-check";
import type { OpenApiContract } from "../../test/helpers/openapi-contract.js";
import { requests } from "../../test/helpers/openapi-requests.js";
import { type Run, Session } from "../trading.js";
import type { Actor } from "../users.js";

const CATEGORY = "api-fuzz";
export const FUZZ_REQUESTS = 1_717;

/**
 * Requests generated from the published `/openapi.json` (the same generator as the suite's
 * fuzz test), spread evenly over every operation, sent with a real token and real ids. The
 * cards it can reach are its user's own, so an approval it sends is the owner's.
 */
export async function apiFuzz(run: Run, contract: OpenApiContract, actor: Actor): Promise<void> {
  const s = new Session(run, CATEGORY, actor);
  const open = await s.cardFor("buy 51 shares of NVDA");
  const other = await s.cardFor("sell 2 shares of NVDA");
  const orders = await s.orders();
  // Any approval of these by their owner is a confirmation: the generator may send one.
  for (const { card } of [open, other]) s.confirmedElsewhere(card);
  const known: Record<string, string[]> = {
    threadId: [open.threadId, other.threadId],
    confirmationId: [open.card.id, other.card.id],
    proposalId: [open.card.id, other.card.id],
    orderId: orders.slice(0, 3).map((o) => o.id),
  };
  const operations = Object.entries(contract.document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ path, method })),
  );
  const total = run.quick ? operations.length * 3 : FUZZ_REQUESTS;
  for (const [index, { path, method }] of operations.entries()) {
    const count = Math.floor(total / operations.length) + (index < total % operations.length ? 1 : 0);
    const generated = fc.sample(requests(contract, path, method, known), {
      numRuns: count,
      seed: 12 + index,
    });
    for (const request of generated) {
      run.log.attempt(CATEGORY);
      await s.call(
        method.toUpperCase(),
        request.url,
        request.body === undefined ? {} : { rawBody: request.body },
      );
    }
  }
}
