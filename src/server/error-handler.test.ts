import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { describe, expect, it } from "vitest";
import { captureLogs } from "../../test/helpers/app.js";
import {
  AuthFailed,
  BrokerError,
  BrokerNotFound,
  BrokerUnavailable,
  ConnectionBroken,
  OrderRejected,
  OutcomeUnknown,
  RateLimited,
} from "../brokers/errors.js";
import { type AppError, type ErrorKind, fromErrorRecord } from "../core/errors.js";
import { createErrorHandler } from "./error-handler.js";

/** An app whose one route throws the given error, answered through the edge map. */
function answerTo(error: Error) {
  const app = new Hono();
  app.onError(createErrorHandler(captureLogs().logger));
  app.get("/", () => {
    throw error;
  });
  return app.request("/");
}

describe("the edge map from error kinds to HTTP", () => {
  const expected: Record<ErrorKind, number> = {
    invalid: 400,
    unauthorized: 401,
    forbidden: 403,
    not_found: 404,
    conflict: 409,
    gone: 410,
    refused: 422,
    rate_limited: 429,
    unavailable: 503,
    upstream: 502,
    internal: 500,
  };

  it.each(Object.entries(expected))(
    "answers kind %s with %i and the {error:{code,message}} body",
    async (kind, status) => {
      // An error of any class: only its kind decides the status.
      const res = await answerTo(
        fromErrorRecord({ kind: kind as ErrorKind, code: `some_${kind}`, message: "Said so." }),
      );
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ error: { code: `some_${kind}`, message: "Said so." } });
    },
  );

  it("maps broker errors by their kind, with no HTTP status of their own", async () => {
    const cases: Array<[AppError, number]> = [
      [new BrokerUnavailable("alpaca"), 503],
      [new RateLimited("snaptrade", 7), 429],
      [new ConnectionBroken("snaptrade", "c1", true), 409],
      [new AuthFailed("alpaca"), 502],
      [new OrderRejected("alpaca", "insufficient buying power"), 422],
      [new OutcomeUnknown("alpaca", "timeout"), 502],
      [new BrokerNotFound("alpaca", "ZZZZ"), 404],
      [new BrokerError("broker_bad_answer", "odd answer"), 502],
    ];
    for (const [error, status] of cases) {
      expect(error).not.toHaveProperty("httpStatus");
      const res = await answerTo(error);
      expect({ code: error.code, status: res.status }).toEqual({ code: error.code, status });
    }
    const limited = await answerTo(new RateLimited("snaptrade", 7));
    expect(limited.headers.get("retry-after")).toBe("7");
  });

  it("answers an unknown error with 500 and no detail of its cause", async () => {
    const res = await answerTo(new Error("secret connection string"));
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error.code).toBe("internal_error");
    expect(JSON.stringify(body)).not.toContain("secret");
  });

  it("gives Hono's own 413 from bodyLimit the JSON error body", async () => {
    const app = new Hono();
    app.onError(createErrorHandler(captureLogs().logger));
    app.post("/", bodyLimit({ maxSize: 10 }), (c) => c.text("ok"));
    const res = await app.request("/", { method: "POST", body: "x".repeat(100) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: "payload_too_large", message: "The request body is too large." },
    });
  });
});
