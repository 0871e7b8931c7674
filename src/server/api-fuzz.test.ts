import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenApiContract, type OpenApiDocument } from "../../test/helpers/openapi-contract.js";
import { type GeneratedRequest, requests } from "../../test/helpers/openapi-requests.js";
import { startTestService, type TestService } from "../../test/helpers/service.js";

const RUNS_PER_OPERATION = 20;
const VALID_EXAMPLES = 5;

/**
 * A property-based fuzzer over the service's own /openapi.json: for every operation, requests
 * generated from its schemas (valid and invalid paths, queries and bodies, with a real token)
 * never answer 5xx, never answer a status the document does not list for the operation, and
 * every JSON answer matches the schema documented for its status.
 */
describe("API fuzzing from /openapi.json", () => {
  let t: TestService;
  let token: string;
  let contract: OpenApiContract;
  /** Ids that exist for the signed-in user, by path parameter name. */
  const known: Record<string, string[]> = {};

  /** A thread of the signed-in user waiting on a card. */
  async function threadWithCard(content: string) {
    const { threadId } = (await (await t.api(token, "/api/threads", { method: "POST" })).json()) as {
      threadId: string;
    };
    const view = (await (
      await t.api(token, `/api/threads/${threadId}/messages`, { body: { content } })
    ).json()) as {
      pendingConfirmation: { id: string; hash: string };
    };
    return { threadId, card: view.pendingConfirmation };
  }

  beforeAll(async () => {
    t = await startTestService();
    token = await t.signIn();
    contract = new OpenApiContract((await (await fetch(`${t.url}/openapi.json`)).json()) as OpenApiDocument);
    // Real state for the generated requests to act on: an order placed, and a card still open.
    const placed = await threadWithCard("buy 1 share of AAPL");
    const decided = (await (
      await t.api(token, `/api/threads/${placed.threadId}/confirmations/${placed.card.id}`, {
        body: { decision: "approve", hash: placed.card.hash },
      })
    ).json()) as { order: { id: string } };
    const open = await threadWithCard("sell 1 share of AAPL");
    known.threadId = [placed.threadId, open.threadId];
    known.confirmationId = [open.card.id, placed.card.id];
    known.orderId = [decided.order.id];
  });
  afterAll(async () => {
    await t?.close();
  });

  it("answers every generated request with a documented, non-5xx status and a body that matches", async () => {
    const operations = Object.entries(contract.document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ path, method })),
    );
    expect(operations.length).toBeGreaterThan(15);
    const seen = new Map<string, Set<number>>();
    for (const { path, method } of operations) {
      const statuses = new Set<number>();
      seen.set(`${method.toUpperCase()} ${path}`, statuses);
      await fc.assert(
        fc.asyncProperty(requests(contract, path, method, known), async (request) => {
          const response = await fetch(`${t.url}${request.url}`, {
            method: method.toUpperCase(),
            headers: {
              authorization: `Bearer ${token}`,
              accept: "application/json",
              ...(request.body === undefined ? {} : { "content-type": "application/json" }),
            },
            body: request.body,
            redirect: "manual",
          });
          statuses.add(response.status);
          const problem = await contract.check(path, method, response);
          if (problem)
            throw new Error(
              `${problem}\nrequest: ${method.toUpperCase()} ${request.url} ${request.body ?? ""}`,
            );
          expect(response.status).toBeLessThan(500);
        }),
        {
          numRuns: RUNS_PER_OPERATION,
          endOnFailure: true,
          // A few valid requests on existing ids first (from a fixed seed, so the same ones every
          // run): the check below that each operation's handler is reached must not rest on luck.
          examples: fc
            .sample(requests(contract, path, method, known, { validOnly: true }), {
              numRuns: VALID_EXAMPLES,
              seed: 16,
            })
            .map((request) => [request] as [GeneratedRequest]),
        },
      );
    }
    // Every operation got past validation at least once (the generator reaches the handlers),
    // except those whose valid input is a secret no generator can know.
    const needsSecret = new Set([
      "GET /api/snaptrade/callback", // a state signed by this service
      "POST /api/snaptrade/webhook", // a body signed with SnapTrade's consumer key
      "POST /api/alpaca/credentials", // keys Alpaca accepts
      "POST /api/plaid/exchange", // a public token from Plaid Link
    ]);
    const onlyRefused = [...seen].filter(
      ([operation, statuses]) =>
        !needsSecret.has(operation) && [...statuses].every((status) => status === 400),
    );
    expect(onlyRefused.map(([operation, statuses]) => `${operation}: ${[...statuses]}`)).toEqual([]);
  }, 600_000);

  it("documents 400 on every operation with input and 401 on every operation behind the token, and answers so", async () => {
    const missing: string[] = [];
    for (const [path, methods] of Object.entries(contract.document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const name = `${method.toUpperCase()} ${path}`;
        const takesInput = (operation.parameters ?? []).length > 0 || operation.requestBody !== undefined;
        if (takesInput && !operation.responses["400"]) missing.push(`${name}: 400`);
        if (!operation.security?.length) continue;
        if (!operation.responses["401"]) missing.push(`${name}: 401`);
        const url = path.replace(/\{\w+\}/g, () => crypto.randomUUID());
        const response = await fetch(`${t.url}${url}`, { method: method.toUpperCase() });
        expect(response.status, name).toBe(401);
        expect(await contract.check(path, method, response)).toBeNull();
      }
    }
    expect(missing).toEqual([]);
  });

  it("documents the edge's refusals of a body, an oversized one (413, every write) or one not sent as JSON, and answers so", async () => {
    const writes = Object.entries(contract.document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => method === "post")
        .map(([method, operation]) => ({ path, method, json: operation.requestBody !== undefined })),
    );
    expect(writes.some((w) => !w.json)).toBe(true); // the webhooks read their body raw
    for (const { path, method, json } of writes) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => known[name]?.[0] ?? crypto.randomUUID());
      const send = (body: string, type: string) =>
        fetch(`${t.url}${url}`, {
          method: method.toUpperCase(),
          headers: { authorization: `Bearer ${token}`, "content-type": type },
          body,
        });
      const oversized = await send(JSON.stringify({ content: "x".repeat(100_000) }), "application/json");
      expect(oversized.status, `${method} ${path}`).toBe(413);
      expect(await contract.check(path, method, oversized)).toBeNull();
      if (!json) continue;
      const notJson = await send("decision=approve", "application/x-www-form-urlencoded");
      expect(notJson.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(await contract.check(path, method, notJson)).toBeNull();
    }
  });

  it("refuses Alpaca keys that are not printable ASCII with 400, before calling Alpaca", async () => {
    for (const keyId of ["PK\u0007BELL0001", "PKÜNICODE001", "PK WITH SPACE"]) {
      const response = await t.api(token, "/api/alpaca/credentials", {
        body: { keyId, secret: "some-secret-value" },
      });
      expect(response.status, JSON.stringify(keyId)).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
        /letters, digits and symbols, without spaces or control characters/,
      );
    }
  });
});
