import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RemoteServiceClient } from "../client/remote-client.js";
import { seedAndLinkUser } from "../client/user-linking.js";
import { type BenchService, startBenchService } from "../harness/bench-service.js";
import { settle, tradeCycles } from "./trade-cycles.js";

// The turn benchmark's trade cycle target is defined on a fresh portfolio cache. A trade leaves its
// account owed a refresh, which the next prepare pays if it comes first; settled cycles must not.
describe("trade cycles of the turn benchmark", () => {
  let svc: BenchService;
  let client: RemoteServiceClient;

  beforeAll(async () => {
    svc = await startBenchService("pglite");
    const user = await seedAndLinkUser({ admin: svc.admin, serviceUrl: svc.url });
    client = await RemoteServiceClient.start(user.client);
    await settle(svc);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await svc?.close();
  });

  it("begins each settled cycle with the last trade's refresh stored: no prepare reads the account at the broker", async () => {
    const balanceReads = () =>
      svc.service.sandbox?.running.sandbox.context.stats.snapshot().providers.snaptrade?.operations
        .balances ?? 0;
    const before = balanceReads();
    const run = await tradeCycles(svc, client, 3, "settled");
    expect(run.cycle).toHaveLength(3);
    expect(run.preparesWithAccountReads).toBe(0);
    // Each trade did leave its account owed a refresh: it ran between the cycles, not in a prepare.
    await settle(svc);
    expect(balanceReads() - before).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
