import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startTestService } from "../../test/helpers/service.js";

describe("kill -9 during an approval, then a restart", () => {
  it("the thread is free at once and shows the order's real state, not the card", {
    timeout: 120_000,
  }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "crash-"));
    const before = await startTestService({ dataDir });
    const userId = before.demoUserId;
    const thread = await before.service.chat.createThread(userId);
    const asked = await before.service.chat.sendMessage(userId, thread.id, "sell 2 shares of AAPL");
    const card = asked.pendingConfirmation!;
    // The dying process had claimed the card and sent the order, and held the thread's lease;
    // it never finished the turn (the checkpoint still shows the card) nor released the lease.
    const { order } = await before.service.orders.decide(
      { userId, threadId: thread.id, channel: "button" },
      card.id,
      { decision: "approve", hash: card.hash },
    );
    await before.service.db.pool.query(
      "insert into thread_run_leases (thread_id, holder, expires_at) values ($1, gen_random_uuid(), now() + interval '120 seconds')",
      [thread.id],
    );
    await before.close();

    const after = await startTestService({ dataDir });
    try {
      const restored = await after.service.chat.getThread(userId, thread.id);
      expect(restored.pendingConfirmation).toBeNull();
      const told = restored.messages.filter((m) => m.role !== "user").at(-1)?.content ?? "";
      expect(told).toMatch(/AAPL/);
      expect(told).not.toMatch(/waiting for your confirmation/i);
      // No 409 thread_busy: the dead process's lease does not hold the thread.
      const next = await after.service.chat.sendMessage(userId, thread.id, "what do I hold?");
      expect(next.messages.length).toBeGreaterThan(0);
      // The order was sent once, and the thread's answer did not send it again.
      const sent = (await after.sandboxOrders()).filter(
        (o) => o.clientOrderId === card.id || o.id === order?.brokerOrderId,
      );
      expect(sent).toHaveLength(1);
    } finally {
      await after.close();
    }
  });
});
