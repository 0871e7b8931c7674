import { describe, expect, it } from "vitest";
import type { SandboxOrder } from "../client/sandbox-admin.js";
import { checkDuplicates } from "./duplicate-check.js";
import { LoadRecorder } from "./recorder.js";

const order = (id: string, clientOrderId: string | null): SandboxOrder => ({
  id,
  provider: "alpaca",
  accountId: "acc",
  symbol: "AAPL",
  side: "buy",
  quantity: 1,
  clientOrderId,
  status: "filled",
  receivedAt: new Date(0).toISOString(),
});

describe("the load test's exactly-once check", () => {
  it("passes one broker order per approved proposal", () => {
    const recorder = new LoadRecorder();
    recorder.approved.push({ proposalId: "p1", orderId: "o1", brokerOrderId: "b1", clientOrderId: "p1" });
    recorder.approved.push({ proposalId: "p2", orderId: "o2", brokerOrderId: "b2", clientOrderId: null });
    expect(checkDuplicates([order("b1", "p1"), order("b2", null)], recorder).ok).toBe(true);
  });

  it("fails when a client order id reached the broker twice", () => {
    const recorder = new LoadRecorder();
    recorder.approved.push({ proposalId: "p1", orderId: "o1", brokerOrderId: "b1", clientOrderId: "p1" });
    const report = checkDuplicates([order("b1", "p1"), order("b9", "p1")], recorder);
    expect(report.ok).toBe(false);
    expect(report.lines.join("\n")).toMatch(/p1 reached the broker 2 times/);
  });

  it("fails when a proposal matches two orders by broker id and client id", () => {
    const recorder = new LoadRecorder();
    recorder.approved.push({ proposalId: "p1", orderId: "o1", brokerOrderId: "b1", clientOrderId: "p1" });
    expect(checkDuplicates([order("b1", null), order("b2", "p1")], recorder).ok).toBe(false);
  });

  it("fails when a rejected proposal reached the broker", () => {
    const recorder = new LoadRecorder();
    recorder.rejected.push("p3");
    expect(checkDuplicates([order("b3", "p3")], recorder).ok).toBe(false);
  });
});
