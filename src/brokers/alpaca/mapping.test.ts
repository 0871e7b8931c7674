import type { trading } from "@alpacahq/alpaca-trade-api/rest";
import { describe, expect, it } from "vitest";
import { statusFromAlpaca, toActivity } from "./mapping.js";

describe("statusFromAlpaca", () => {
  it.each([
    ["new", "accepted"],
    ["accepted", "accepted"],
    ["pending_new", "accepted"],
    ["held", "accepted"],
    ["pending_cancel", "accepted"],
    ["pending_replace", "accepted"],
    ["done_for_day", "accepted"],
    ["accepted_for_bidding", "accepted"],
    ["calculated", "accepted"],
    ["stopped", "accepted"],
    ["suspended", "accepted"],
    ["a_status_added_later", "accepted"],
    ["partially_filled", "partially_filled"],
    ["filled", "filled"],
    ["canceled", "cancelled"],
    ["expired", "cancelled"],
    ["replaced", "needs_review"],
    ["rejected", "rejected"],
  ])("%s -> %s", (status, expected) => {
    expect(statusFromAlpaca(status)).toBe(expected);
  });

  it.each(["done_for_day", "calculated", "pending_cancel", "new"])(
    "%s with shares filled is partially filled, never final",
    (status) => {
      expect(statusFromAlpaca(status, 3)).toBe("partially_filled");
    },
  );
});

describe("toActivity for a cash journal (JNLC)", () => {
  const journal = (netAmount: string) =>
    toActivity("alpaca_a", {
      id: "j1",
      activityType: "JNLC",
      date: "2026-11-20",
      netAmount,
    } as unknown as trading.GetAccountActivities200ResponseInner);

  it("is a withdrawal when money leaves and a deposit when it arrives", () => {
    expect(journal("-250.00")).toMatchObject({ type: "withdrawal", amount: -250 });
    expect(journal("250.00")).toMatchObject({ type: "deposit", amount: 250 });
  });
});
