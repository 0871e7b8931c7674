import { describe, expect, it } from "vitest";
import { orderChangesSchema } from "./order-changes.js";

const messages = (input: unknown) => orderChangesSchema.safeParse(input).error?.issues.map((i) => i.message);

describe("changes to a pending order", () => {
  it.each([
    ["shares", { quantity: 2 }],
    ["dollars", { notional: 150 }],
    ["a limit price alone", { limitPrice: 190.5 }],
    ["an account picked on the card", { accountId: "snaptrade_abc-1" }],
    ["shares with a key left undefined", { quantity: 2, notional: undefined }],
  ])("accepts %s", (_name, changes) => {
    expect(orderChangesSchema.safeParse(changes).success).toBe(true);
  });

  it("refuses shares and dollars at once", () => {
    expect(messages({ quantity: 2, notional: 150 })).toEqual(["give quantity or notional, not both"]);
  });

  it.each([
    ["no change", {}],
    ["only undefined keys", { quantity: undefined, account: undefined }],
  ])("refuses %s, asking what to change", (_name, changes) => {
    expect(messages(changes)).toEqual(["say what to change"]);
  });
});
