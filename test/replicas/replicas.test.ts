import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxOrder } from "../../bench/client/sandbox-admin.js";
import type { PendingConfirmationView, ServiceClient } from "../../bench/client/service-client.js";
import { seedAndLinkUser } from "../../bench/client/user-linking.js";
import { type Database, openDatabase } from "../../src/core/db/database.js";
import { createLogger } from "../../src/core/logger.js";
import { Reconciler } from "../../src/orders/reconciler.js";
import { postgresUrl } from "../helpers/databases.js";
import { signSnaptradeWebhook } from "../helpers/portfolio-webhook-signer.js";
import { type ReplicaCluster, startReplicaCluster } from "../helpers/replica-cluster.js";

if (!postgresUrl) {
  console.warn(
    "[replicas] TEST_DATABASE_URL is not set: the several-replicas tests do not run (CI runs them).",
  );
}

/** Sandbox orders that belong to one proposal: by client order id, or by the broker id we recorded. */
function ordersOf(orders: SandboxOrder[], proposalId: string, brokerOrderId?: string | null) {
  return orders.filter(
    (o) =>
      o.clientOrderId?.toLowerCase() === proposalId.toLowerCase() ||
      (brokerOrderId && o.id === brokerOrderId),
  );
}

describe.runIf(postgresUrl)("several replicas on one Postgres", () => {
  let cluster: ReplicaCluster;
  let onA: ServiceClient;
  let onB: ServiceClient;
  let userId: string;

  beforeAll(async () => {
    cluster = await startReplicaCluster();
    const [a, b] = cluster.replicas;
    const user = await seedAndLinkUser({ admin: cluster.admin, serviceUrl: a.url });
    userId = user.id;
    onA = user.client;
    onB = user.client.on(b.url);
  }, 90_000);

  afterAll(async () => {
    await cluster?.close();
  }, 30_000);

  async function prepare(client: ServiceClient, threadId: string, text = "buy 1 share of NVDA") {
    const answer = await client.send(threadId, text);
    expect(answer.status).toBe(200);
    expect(answer.body.pendingConfirmation).not.toBeNull();
    return answer.body.pendingConfirmation as PendingConfirmationView;
  }

  it("a thread started on replica A is continued and confirmed on replica B", async () => {
    const threadId = await onA.createThread();
    expect((await onA.send(threadId, "what do I hold?")).status).toBe(200);
    const seenOnB = await onB.thread(threadId);
    expect(seenOnB.status).toBe(200);
    expect(seenOnB.body.messages.map((m) => m.content)).toContain("what do I hold?");

    const pending = await prepare(onB, threadId, "buy 1 share of AAPL");
    expect((await onA.thread(threadId)).body.pendingConfirmation?.id).toBe(pending.id);
    const approved = await onB.decide(threadId, pending, "approve");
    expect(approved.status).toBe(200);
    expect(approved.body.order?.status).toMatch(/filled|accepted/);

    const afterOnA = await onA.thread(threadId);
    expect(afterOnA.body.pendingConfirmation).toBeNull();
    expect(afterOnA.body.messages.at(-1)?.content).toMatch(/buy 1 AAPL/i);
    expect(
      ordersOf(await cluster.admin.orders(), pending.id, approved.body.order?.brokerOrderId),
    ).toHaveLength(1);
  });

  it("simultaneous approvals of one proposal on A and B send one broker order", async () => {
    for (let round = 0; round < 3; round++) {
      const threadId = await onA.createThread();
      const pending = await prepare(onA, threadId, round % 2 ? "buy 1 share of AAPL" : "buy 1 share of NVDA");
      const answers = await Promise.all([
        onA.decide(threadId, pending, "approve"),
        onB.decide(threadId, pending, "approve"),
      ]);
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses[0]).toBe(200);
      expect([200, 409]).toContain(statuses[1]);
      const orderIds = new Set(answers.filter((a) => a.status === 200).map((a) => a.body.order?.id));
      expect(orderIds.size).toBe(1);
      const brokerOrderId = answers.find((a) => a.status === 200)?.body.order?.brokerOrderId;
      expect(ordersOf(await cluster.admin.orders(), pending.id, brokerOrderId)).toHaveLength(1);
    }
  });

  it("the same signed SnapTrade webhook delivered to A and B is processed once", async () => {
    const accounts = await onA.request<{ accounts: Array<{ id: string; provider: string }> }>(
      "/api/accounts",
    );
    const account = accounts.body.accounts.find((a) => a.provider === "snaptrade");
    expect(account).toBeDefined();
    for (let i = 0; i < 4; i++) {
      const body = JSON.stringify({
        webhookId: randomUUID(),
        clientId: "SANDBOX-CLIENT-ID",
        eventTimestamp: new Date().toISOString(),
        userId,
        eventType: "ACCOUNT_HOLDINGS_UPDATED",
        accountId: account!.id.replace(/^snaptrade_/, ""),
        details: {},
      });
      const signature = signSnaptradeWebhook(body, cluster.consumerKey);
      const deliveries = await Promise.all(
        cluster.replicas.map(async (replica) => {
          const response = await fetch(`${replica.url}/api/snaptrade/webhook`, {
            method: "POST",
            headers: { "content-type": "application/json", signature },
            body,
          });
          return { status: response.status, body: (await response.json()) as { status?: string } };
        }),
      );
      expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
      expect(deliveries.map((d) => d.body.status).sort()).toEqual(["duplicate", "processed"]);
    }
  });

  describe("the reconciler lock", () => {
    let db: Database;
    beforeAll(async () => {
      db = await openDatabase({ url: cluster.databaseUrl, poolMax: 4 });
    });
    afterAll(async () => {
      await db?.close();
    });

    it("lets one reconciler pass run at a time across processes", async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => {
        entered = resolve;
      });
      const slowRepo = {
        async ordersToReconcile() {
          entered();
          await held;
          return [];
        },
      };
      const idleRepo = { ordersToReconcile: async () => [] };
      const deps = (repo: unknown) =>
        ({ db, repo, logger: createLogger({ level: "silent" }) }) as unknown as ConstructorParameters<
          typeof Reconciler
        >[0];
      const first = new Reconciler(deps(slowRepo));
      const second = new Reconciler(deps(idleRepo));

      const firstPass = first.runOnce();
      await inside;
      expect(await second.runOnce()).toEqual({ ran: false, checked: 0, changed: 0 });
      release();
      expect(await firstPass).toEqual({ ran: true, checked: 0, changed: 0 });
      expect((await second.runOnce()).ran).toBe(true);
    });
  });
});
