import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startTestService } from "../test/helpers/service.js";

describe("a restart between the interrupt and the resume", () => {
  it("restores the pending confirmation from the database and approves it once", {
    timeout: 120_000,
  }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "restart-"));
    const before = await startTestService({ dataDir });
    const userId = before.demoUserId;
    const thread = await before.service.chat.createThread(userId);
    const asked = await before.service.chat.sendMessage(userId, thread.id, "sell 2 shares of AAPL");
    const pending = asked.pendingConfirmation!;
    expect(pending).not.toBeNull();
    await before.close();

    const after = await startTestService({ dataDir });
    try {
      const restored = await after.service.chat.getThread(userId, thread.id);
      expect(restored.pendingConfirmation?.id).toBe(pending.id);
      expect(restored.messages.some((m) => m.role === "user" && m.content === "sell 2 shares of AAPL")).toBe(
        true,
      );
      const result = await after.service.chat.decide(userId, thread.id, pending.id, { decision: "approve" });
      expect(result.order?.status).toMatch(/filled|accepted/);
      const sent = (await after.sandboxOrders()).filter((o) => o.id === result.order?.brokerOrderId);
      expect(sent).toHaveLength(1);
    } finally {
      await after.close();
    }
  });
});
