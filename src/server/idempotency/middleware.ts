import { createHash } from "node:crypto";
import { createMiddleware } from "hono/factory";
import type { PoolLike } from "../../core/db/queryable.js";
import { AppError, ConflictError, ValidationError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { ApiEnv } from "../api-app.js";
import { IdempotencyStore, type StoredAnswer } from "./store.js";

export interface IdempotencyOptions {
  /** A running request holds its key this long; after that a crashed holder's key runs again. Default 60 s. */
  lockSeconds?: number;
  /** Keys are kept (and replayed) this long. Default 24 h. */
  retentionHours?: number;
}

/** The same key was sent with a different request: answered 422, nothing done. */
export class IdempotencyKeyReusedError extends AppError {
  override readonly name = "IdempotencyKeyReusedError";
  override readonly kind = "refused";
  constructor() {
    super(
      "idempotency_key_reused",
      "This Idempotency-Key was already used for a different request; use a new key for a new request.",
    );
  }
}

const keyPattern = /^[\x21-\x7e]{1,255}$/;

/** Requests that change something: each accepts an Idempotency-Key. */
const writeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Answers worth replaying: final ones. A 5xx, a timeout, a conflict or a rate limit may go otherwise next time. */
function isFinal(status: number): boolean {
  return status < 500 && status !== 408 && status !== 409 && status !== 429;
}

/**
 * `Idempotency-Key` on every write (POST, PUT, PATCH, DELETE): the first answer of (user, key) is stored and a retry with the same
 * key and request gets it back without running again; the same key with another request is
 * refused (422 `idempotency_key_reused`); a retry while the first still runs gets 409
 * `idempotency_in_progress`. Streamed (SSE) answers are stored whole once the stream ends.
 */
export function idempotency(pool: PoolLike, logger: Logger, options: IdempotencyOptions = {}) {
  const store = new IdempotencyStore(pool, {
    lockSeconds: options.lockSeconds ?? 60,
    retentionHours: options.retentionHours ?? 24,
  });
  return createMiddleware<ApiEnv>(async (c, next) => {
    const key = c.req.header("idempotency-key");
    const user = c.get("user");
    if (!writeMethods.has(c.req.method) || key === undefined || !user) return next();
    if (!keyPattern.test(key)) {
      throw new ValidationError("Idempotency-Key must be 1 to 255 visible ASCII characters.");
    }
    const body = new Uint8Array(await c.req.arrayBuffer());
    const fingerprint = createHash("sha256")
      .update(`${c.req.method} ${c.req.path}\n${c.req.header("accept") ?? ""}\n`)
      .update(body)
      .digest("hex");
    const claim = await store.claim(user.id, key, fingerprint);
    if (claim.kind === "mismatch") throw new IdempotencyKeyReusedError();
    if (claim.kind === "in_progress") {
      throw new ConflictError(
        "A request with this Idempotency-Key is still running; retry in a moment for its answer.",
        "idempotency_in_progress",
        { retryAfterSeconds: 1 },
      );
    }
    if (claim.kind === "replay") return replay(claim.answer);

    try {
      await next();
    } catch (error) {
      await store.release(user.id, key);
      throw error;
    }
    const response = c.res;
    if (!isFinal(response.status)) {
      await store.release(user.id, key);
      return;
    }
    const contentType = response.headers.get("content-type");
    if (!response.body || !contentType?.startsWith("text/event-stream")) {
      await store.complete(user.id, key, {
        status: response.status,
        contentType,
        body: await response.clone().text(),
      });
      return;
    }
    // A stream: the client reads one branch, the other is stored whole when it ends.
    const [toClient, toStore] = response.body.tee();
    c.res = new Response(toClient, response);
    void new Response(toStore)
      .text()
      .then((text) => store.complete(user.id, key, { status: response.status, contentType, body: text }))
      .catch((error: unknown) => {
        logger.warn({ err: error }, "could not store a streamed answer under its idempotency key");
        return store.release(user.id, key);
      });
  });
}

function replay(answer: StoredAnswer): Response {
  const headers = new Headers({ "idempotent-replayed": "true" });
  if (answer.contentType) headers.set("content-type", answer.contentType);
  return new Response(answer.body, { status: answer.status, headers });
}
