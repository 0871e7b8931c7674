import { describe, expect, it } from "vitest";
import { clientOrderUuid } from "./client-order-id.js";

describe("clientOrderUuid", () => {
  it("passes a canonical UUID through, lower-cased", () => {
    expect(clientOrderUuid("3F2504E0-4F89-11D3-9A0C-0305E82C3301")).toBe(
      "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    );
  });

  it("turns any other id into the same version-8 UUID every time", () => {
    const uuid = clientOrderUuid("proposal-42");
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(clientOrderUuid("proposal-42")).toBe(uuid);
    expect(clientOrderUuid("proposal-43")).not.toBe(uuid);
  });
});
