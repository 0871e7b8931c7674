import { createRoute, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../../../test/helpers/app.js";
import { openTestPglite, type TestDatabase } from "../../../test/helpers/databases.js";
import { migrate } from "../../core/db/migrate.js";
import { ConflictError } from "../../core/errors.js";

const users: Record<string, string> = {
  "token-a": "00000000-0000-4000-8000-00000000000a",
  "token-b": "00000000-0000-4000-8000-00000000000b",
};

const createThing = createRoute({
  method: "post",
  path: "/api/things",
  request: { body: { content: { "application/json": { schema: z.object({ name: z.string().min(1) }) } } } },
  responses: { 201: { description: "made" } },
});

describe("Idempotency-Key on POST /api/*", () => {
  let db: TestDatabase;
  let app: ReturnType<typeof buildTestApp>["app"];
  const created: string[] = [];
  let release: (() => void) | undefined;

  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db.pool);
    ({ app } = buildTestApp({
      db,
      verifier: { verify: async (token) => ({ id: users[token]!, email: undefined }) },
      app: {
        routes: [
          (api) => {
            api.openapi(createThing, async (c) => {
              const { name } = c.req.valid("json");
              if (name === "slow") await new Promise<void>((resolve) => (release = resolve));
              if (name === "busy") throw new ConflictError("busy", "thread_busy");
              created.push(name);
              return c.json({ id: created.length, name }, 201);
            });
            api.post("/api/stream", (c) =>
              streamSSE(c, async (stream) => {
                created.push("streamed");
                await stream.writeSSE({ event: "token", data: `n${created.length}` });
                await stream.writeSSE({ event: "done", data: "{}" });
              }),
            );
          },
        ],
      },
    }));
  });
  afterAll(async () => {
    await db?.close();
  });

  const post = (body: unknown, key?: string, token = "token-a", path = "/api/things") =>
    app.request(path, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        ...(key === undefined ? {} : { "idempotency-key": key }),
      },
      body: JSON.stringify(body),
    });

  it("a retry with the same key and body returns the first answer and runs nothing again", async () => {
    const before = created.length;
    const first = await post({ name: "alpha" }, "key-1");
    const again = await post({ name: "alpha" }, "key-1");
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(created.length - before).toBe(1);
  });

  it("the same key with a different body is refused with 422 and changes nothing", async () => {
    await post({ name: "beta" }, "key-2");
    const before = created.length;
    const other = await post({ name: "gamma" }, "key-2");
    expect(other.status).toBe(422);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe("idempotency_key_reused");
    expect(created.length).toBe(before);
  });

  it("keys belong to a user: another user's same key is a different request", async () => {
    const before = created.length;
    await post({ name: "delta" }, "shared-key", "token-a");
    const b = await post({ name: "delta" }, "shared-key", "token-b");
    expect(b.headers.get("idempotent-replayed")).toBeNull();
    expect(created.length - before).toBe(2);
  });

  it("a concurrent duplicate gets 409 idempotency_in_progress, then the first answer", async () => {
    release = undefined;
    // Read through a function: the handler sets it, which narrowing cannot see.
    const held = () => release;
    const first = post({ name: "slow" }, "key-3");
    // The first request holds the key once its handler runs (not after a guessed delay).
    for (let i = 0; i < 2000 && !held(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(held()).toBeDefined();
    const duplicate = await post({ name: "slow" }, "key-3");
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get("retry-after")).toBe("1");
    expect(((await duplicate.json()) as { error: { code: string } }).error.code).toBe(
      "idempotency_in_progress",
    );
    held()?.();
    const answer = await first;
    const replayed = await post({ name: "slow" }, "key-3");
    expect(await replayed.json()).toEqual(await answer.json());
  });

  it("an answer that is not final (a busy conflict) is not kept: the retry runs", async () => {
    expect((await post({ name: "busy" }, "key-4")).status).toBe(409);
    expect((await post({ name: "busy" }, "key-4")).headers.get("idempotent-replayed")).toBeNull();
  });

  it("a streamed answer is stored whole and replayed", async () => {
    const first = await (await post({}, "key-5", "token-a", "/api/stream")).text();
    // The stored copy lands just after the stream ends; until then a retry hears "in progress".
    let again = await post({}, "key-5", "token-a", "/api/stream");
    for (let i = 0; i < 20 && again.status === 409; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      again = await post({}, "key-5", "token-a", "/api/stream");
    }
    expect(again.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(await again.text()).toBe(first);
    expect(created.filter((c) => c === "streamed")).toHaveLength(1);
  });

  it("refuses a malformed key", async () => {
    expect((await post({ name: "x" }, "bad key with spaces")).status).toBe(400);
  });

  it("requests without the header behave as before", async () => {
    const before = created.length;
    await post({ name: "plain" });
    await post({ name: "plain" });
    expect(created.length - before).toBe(2);
  });
});
