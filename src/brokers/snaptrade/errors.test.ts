import { SnaptradeError } from "snaptrade-typescript-sdk";
import { describe, expect, it } from "vitest";
import type { CallKind } from "../call-failures.js";
import { translateSnaptradeError } from "./errors.js";

function sdkError(status: number | undefined, body: unknown, code?: string): SnaptradeError {
  const axiosLike = {
    message: "failed",
    code,
    config: {},
    response: status ? { status, statusText: "" } : undefined,
  };
  return new SnaptradeError(axiosLike as never, body, {});
}

const cases: Array<{
  name: string;
  error: SnaptradeError;
  kind: CallKind;
  expected: Record<string, unknown>;
}> = [
  {
    name: "timeout on a read",
    error: sdkError(undefined, null, "ECONNABORTED"),
    kind: "read",
    expected: { name: "BrokerUnavailable" },
  },
  {
    name: "timeout on an order send",
    error: sdkError(undefined, null, "ECONNABORTED"),
    kind: "order_send",
    expected: { name: "OutcomeUnknown" },
  },
  {
    name: "reset on an order send",
    error: sdkError(undefined, null, "ECONNRESET"),
    kind: "order_send",
    expected: { name: "OutcomeUnknown" },
  },
  {
    name: "refused connection on an order send: never sent",
    error: sdkError(undefined, null, "ECONNREFUSED"),
    kind: "order_send",
    expected: { name: "BrokerUnavailable" },
  },
  {
    name: "500 on a read",
    error: sdkError(500, { detail: "x", code: 1000 }),
    kind: "read",
    expected: { name: "BrokerUnavailable" },
  },
  {
    name: "503 on an order send",
    error: sdkError(503, { detail: "x", code: 3002 }),
    kind: "order_send",
    expected: { name: "OutcomeUnknown" },
  },
  {
    name: "402 disabled connection",
    error: sdkError(402, { detail: "disabled", code: 3003 }),
    kind: "read",
    expected: { name: "ConnectionBroken", reconnectable: true, connectionId: "auth-1" },
  },
  {
    name: "code 3003 under another status",
    error: sdkError(400, { detail: "Unable to sync", code: 3003 }),
    kind: "order_send",
    expected: { name: "ConnectionBroken" },
  },
  {
    name: "401 signature",
    error: sdkError(401, { default_detail: "Unable to verify signature sent", default_code: 1076 }),
    kind: "order_send",
    expected: { name: "AuthFailed" },
  },
  {
    name: "403 on a read",
    error: sdkError(403, { detail: "User does not have permission", code: "1066" }),
    kind: "read",
    expected: { name: "AuthFailed" },
  },
  {
    name: "403 read-only connection on an order",
    error: sdkError(403, { detail: "The connection is read-only", code: "1066" }),
    kind: "order_send",
    expected: { name: "OrderRejected", reason: "The connection is read-only" },
  },
  {
    name: "403 signature on an order",
    error: sdkError(403, { detail: "Invalid signature" }),
    kind: "order_send",
    expected: { name: "AuthFailed" },
  },
  {
    name: "400 on an order: the broker's words",
    error: sdkError(400, { detail: "Insufficient buying power", code: "1076" }),
    kind: "order_send",
    expected: { name: "OrderRejected", reason: "Insufficient buying power" },
  },
  {
    name: "400 on a preview",
    error: sdkError(400, { detail: "Market closed" }),
    kind: "order_write",
    expected: { name: "OrderRejected" },
  },
  {
    name: "400 on user admin",
    error: sdkError(400, { detail: "User exists" }),
    kind: "write",
    expected: { name: "BrokerError", code: "broker_request_refused" },
  },
  {
    name: "404",
    error: sdkError(404, { default_code: 1011 }),
    kind: "read",
    expected: { name: "BrokerNotFound" },
  },
  {
    name: "425 still loading",
    error: sdkError(425, { code: 3012 }),
    kind: "read",
    expected: { name: "BrokerUnavailable" },
  },
];

describe("translateSnaptradeError", () => {
  it.each(cases)("$name", ({ error, kind, expected }) => {
    expect(translateSnaptradeError(error, kind, { connectionId: "auth-1" })).toMatchObject(expected);
  });

  it("never carries the request URL (it holds the user secret) into the message", () => {
    const error = new SnaptradeError(
      {
        message: "failed",
        config: { url: "http://x/accounts?userSecret=s3cret" },
        response: { status: 500 },
      } as never,
      null,
      {},
    );
    expect(JSON.stringify(translateSnaptradeError(error, "read", {}))).not.toContain("s3cret");
  });
});
