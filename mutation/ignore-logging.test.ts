import { describe, expect, it } from "vitest";
import { isLoggerCall } from "./ignore-logging.js";

const id = (name: string) => ({ type: "Identifier", name });
const member = (object: unknown, name: string) => ({ type: "MemberExpression", object, property: id(name) });
const call = (callee: unknown) => ({ type: "CallExpression", callee });

describe("the logging ignorer", () => {
  it("ignores a log level called on `logger`, directly or through an object", () => {
    expect(isLoggerCall(call(member(id("logger"), "warn")))).toBe(true);
    expect(
      isLoggerCall(call(member(member(member({ type: "ThisExpression" }, "deps"), "logger"), "error"))),
    ).toBe(true);
  });

  it("mutates everything else: other receivers, other methods, the logger object itself", () => {
    expect(isLoggerCall(call(member(id("audit"), "info")))).toBe(false);
    expect(isLoggerCall(call(member(id("logger"), "child")))).toBe(false);
    expect(isLoggerCall(call(id("warn")))).toBe(false);
    expect(isLoggerCall(member(id("logger"), "warn"))).toBe(false);
  });
});
