import { describe, expect, it } from "vitest";
import { statusFromAlpaca } from "./mapping.js";

describe("statusFromAlpaca", () => {
  it.each([
    ["new", "accepted"],
    ["accepted", "accepted"],
    ["pending_new", "accepted"],
    ["held", "accepted"],
    ["pending_cancel", "accepted"],
    ["done_for_day", "accepted"],
    ["partially_filled", "partially_filled"],
    ["filled", "filled"],
    ["canceled", "cancelled"],
    ["expired", "cancelled"],
    ["replaced", "cancelled"],
    ["rejected", "rejected"],
  ])("%s -> %s", (status, expected) => {
    expect(statusFromAlpaca(status)).toBe(expected);
  });
});
