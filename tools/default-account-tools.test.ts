import { randomUUID } from "node:crypto";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DefaultAccountToolResult } from "../src/models/tool-contracts.js";
import { startTestService, type TestService } from "../test/helpers/service.js";
import { createAgentTools } from "./index.js";

describe("default-account tools", () => {
  let t: TestService;
  let tools: Map<string, StructuredToolInterface>;
  let otherUserId: string;
  let otherAccountId: string;
  const run = async (name: string, args: unknown, userId = t.demoUserId) =>
    JSON.parse(
      String(
        await tools.get(name)!.invoke(args as never, { configurable: { thread_id: randomUUID(), userId } }),
      ),
    ) as DefaultAccountToolResult & { error?: string };

  beforeAll(async () => {
    t = await startTestService();
    tools = new Map(
      createAgentTools({ portfolio: t.service.portfolio.service, orders: t.service.orders }).map((x) => [
        x.name,
        x as StructuredToolInterface,
      ]),
    );
    otherUserId = randomUUID();
    const seeded = await t.admin<{ users: Array<{ alpaca: { keyId: string; secret: string } }> }>(
      "/__sandbox/seed",
      {
        users: [
          {
            id: otherUserId,
            email: `other-${otherUserId.slice(0, 8)}@example.com`,
            password: "pw-other",
            alpaca: { cash: 1000, positions: [] },
          },
        ],
      },
    );
    await t.service.portfolio.linking.linkSandboxUser(otherUserId, { alpaca: seeded.users[0]!.alpaca });
    otherAccountId = (await t.service.portfolio.service.listAccounts(otherUserId))[0]!.id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it("sets the default from the account as the user named it, and reads it back", async () => {
    const set = await run("set_default_account", { account: "robinhood" });
    expect(set.changed).toBe("set");
    expect(set.chosen).toMatchObject({ label: "Robinhood Individual", whyNot: null, isPaper: false });
    const read = await run("get_default_account", {});
    expect(read.changed).toBeNull();
    expect(read.chosen?.accountId).toBe(set.chosen?.accountId);
    // Only accounts that can trade are offered.
    expect(read.candidates.map((c) => c.label)).not.toContain("Fidelity Individual");
    expect(read.candidates.map((c) => c.label)).toContain("Robinhood Individual");
  });

  it("refuses a read-only account, an ambiguous name and another user's account, changing nothing", async () => {
    expect((await run("set_default_account", { account: "Fidelity" })).error).toMatch(/read-only/);
    expect((await run("set_default_account", { account: "Charles Schwab" })).error).toMatch(
      /several accounts/,
    );
    expect((await run("set_default_account", { account: otherAccountId })).error).toMatch(
      /No linked account matches/,
    );
    expect((await run("get_default_account", {})).chosen?.label).toBe("Robinhood Individual");
    // The other user's own setting is untouched and unset.
    expect((await run("get_default_account", {}, otherUserId)).chosen).toBeNull();
  });

  it("clears the default", async () => {
    const cleared = await run("set_default_account", { clear: true });
    expect(cleared.changed).toBe("cleared");
    expect(cleared.chosen).toBeNull();
  });
});
