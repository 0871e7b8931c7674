import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type JsonSchema,
  OpenApiContract,
  type OpenApiDocument,
} from "../../test/helpers/openapi-contract.js";
import { anyValue, validValue } from "../../test/helpers/schema-arbitrary.js";
import { startTestService, type TestService } from "../../test/helpers/service.js";

interface GeneratedRequest {
  url: string;
  body: string | undefined;
}

const RUNS_PER_OPERATION = 20;

/**
 * A path segment: the id of something that exists (so handlers run on real state), any value
 * valid for its schema, or any text (never "." or "..", which a URL folds away).
 */
function segment(schema: JsonSchema, known: string[]): fc.Arbitrary<string> {
  const invalid = fc.string({ minLength: 1, maxLength: 24 }).filter((s) => s !== "." && s !== "..");
  return fc
    .oneof(
      ...(known.length > 0 ? [{ weight: 4, arbitrary: fc.constantFrom(...known) }] : []),
      { weight: 2, arbitrary: validValue(schema).map(String) },
      { weight: 1, arbitrary: invalid },
    )
    .map(encodeURIComponent);
}

/** Requests for one operation of the document: path, query and body from their schemas, valid or not. */
function requests(
  contract: OpenApiContract,
  template: string,
  method: string,
  known: Record<string, string[]>,
): fc.Arbitrary<GeneratedRequest> {
  const operation = contract.operation(template, method);
  const parameters = (operation.parameters ?? []).map((p) => ({
    ...p,
    schema: contract.inline(p.schema ?? {}),
  }));
  const pathParts = Object.fromEntries(
    parameters.filter((p) => p.in === "path").map((p) => [p.name, segment(p.schema, known[p.name] ?? [])]),
  );
  const queryParts = Object.fromEntries(
    parameters
      .filter((p) => p.in === "query")
      .map((p) => {
        const value = fc.oneof(
          { weight: 3, arbitrary: validValue(p.schema).map(String) },
          { weight: 1, arbitrary: fc.string({ maxLength: 24 }) },
        );
        return [p.name, p.required ? value : fc.option(value, { nil: undefined })];
      }),
  );
  const bodySchema = operation.requestBody?.content["application/json"]?.schema;
  const body: fc.Arbitrary<string | undefined> = bodySchema
    ? fc.oneof(
        { weight: 6, arbitrary: anyValue(contract.inline(bodySchema)).map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
        { weight: 1, arbitrary: fc.constant(undefined) },
      )
    : fc.constant(undefined);
  return fc
    .record({ path: fc.record(pathParts), query: fc.record(queryParts), body })
    .map(({ path, query, body }) => {
      const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => path[name] as string);
      const search = new URLSearchParams(
        Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      return { url: `${filled}${search.size ? `?${search}` : ""}`, body };
    });
}

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
        { numRuns: RUNS_PER_OPERATION, endOnFailure: true },
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
