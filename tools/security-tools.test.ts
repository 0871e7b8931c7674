import { randomUUID } from "node:crypto";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FindSecurityResult } from "../src/models/tool-contracts.js";
import type { SandboxSeedResult } from "../src/portfolio/linking/sandbox-linking.js";
import { startTestService, type TestService } from "../test/helpers/service.js";
import { createAgentTools } from "./index.js";

/**
 * find_security over the real service: holdings from the store, the brokers' searches through
 * the real SDKs against the sandbox. The securities are made up, so no built-in name knows them.
 */
describe("find_security", () => {
  let t: TestService;
  let findSecurity: StructuredToolInterface;
  const userId = randomUUID();
  const run = async (query: string) =>
    JSON.parse(
      String(
        await findSecurity.invoke({ query } as never, { configurable: { thread_id: randomUUID(), userId } }),
      ),
    ) as FindSecurityResult & { error?: string };

  beforeAll(async () => {
    t = await startTestService();
    findSecurity = createAgentTools({
      portfolio: t.service.portfolio.service,
      orders: t.service.orders,
    }).find((x) => x.name === "find_security")!;
    const seeded = await t.admin<{ users: SandboxSeedResult[] }>("/__sandbox/seed", {
      symbols: [
        { symbol: "ZVLT", name: "Zevaltic Harbour Holdings Inc.", price: 21.4 },
        { symbol: "KORB", name: "Korbanet Fiber Networks Corp.", price: 9.8 },
        { symbol: "PLMQ.B", name: "Palmquist Brewing Co. Class B", price: 33 },
      ],
      users: [
        {
          id: userId,
          email: `find-${userId.slice(0, 8)}@example.com`,
          password: "pw-find",
          alpaca: { cash: 1000, positions: [] },
          plaid: {
            institution: "Vanguard",
            accounts: [
              { name: "Brokerage", cash: 10, positions: [{ symbol: "ZVLT", units: 4, avgPrice: 20 }] },
            ],
          },
        },
      ],
    });
    await t.service.portfolio.linking.linkSandboxUser(userId, seeded.users[0]!);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("names a security held only in a read-only account by its description, exactly", async () => {
    expect(await run("Zevaltic Harbour")).toMatchObject({
      status: "exact",
      matches: [{ symbol: "ZVLT", held: true, source: "holding" }],
    });
  });

  it("finds a name only the broker lists, exactly", async () => {
    expect(await run("korbanet fiber networks")).toMatchObject({
      status: "exact",
      matches: [{ symbol: "KORB", held: false, source: "broker" }],
    });
  });

  it("only suggests for a misspelt name, held or listed", async () => {
    expect(await run("zevaltik harbour")).toMatchObject({
      status: "confident",
      matches: [{ symbol: "ZVLT" }],
    });
    expect(await run("korbannet")).toMatchObject({ status: "confident", matches: [{ symbol: "KORB" }] });
  });

  it("reads share-class spellings as one ticker", async () => {
    for (const spelling of ["PLMQ/B", "PLMQ-B", "plmq.b"]) {
      expect(await run(spelling)).toMatchObject({ status: "exact", matches: [{ symbol: "PLMQ.B" }] });
    }
  });

  it("answers none for words nothing is close to, and refuses crypto outright", async () => {
    expect(await run("blorptastic gizmos")).toMatchObject({ status: "none", matches: [] });
    expect((await run("BTC-USD")).error).toMatch(/crypto/i);
  });
});
