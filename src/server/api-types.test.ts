import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, expectTypeOf, it } from "vitest";
import { buildTestApp } from "../../test/helpers/app.js";
import type { ChatApi } from "../../web/src/api/chat-api.js";
import type { PortfolioApi } from "../../web/src/api/portfolio-api.js";
import type { PendingConfirmation as WebCard } from "../../web/src/api/types.js";
import type {
  DecisionView as ChatDecisionView,
  ThreadTranscript as ChatThreadTranscript,
  ThreadView as ChatThreadView,
} from "../chat/chat-service.js";
import type { ChatMessage } from "../chat/messages.js";
import type { ServiceClient } from "../cli/service-client.js";
import type { Database } from "../core/db/database.js";
import type {
  PendingConfirmation as ContractCard,
  Decision as ContractDecision,
} from "../orders/contract/index.js";
import type {
  Account as PortfolioAccount,
  Holding as PortfolioHolding,
  HoldingsView as PortfolioHoldingsView,
  HistoryPeriod as ServiceHistoryPeriod,
  PortfolioHistory as ServicePortfolioHistory,
  PortfolioMode as ServicePortfolioMode,
} from "../portfolio/service.js";
import { apiRoutes } from "./api-routes.js";
import type {
  Account,
  DecisionView,
  HistoryPeriod,
  Holding,
  HoldingsView,
  Message,
  Order,
  PendingConfirmation,
  PortfolioHistory,
  PortfolioMode,
  ThreadTranscript,
  ThreadView,
} from "./api-types.js";
import { DEFAULT_WEB_ENTRY } from "./routes/web/web-bundle.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("the API's exported types", () => {
  it("describe exactly what the services answer (a schema that drifts from its service fails tsc)", () => {
    expectTypeOf<Account>().toEqualTypeOf<PortfolioAccount>();
    expectTypeOf<Holding>().toEqualTypeOf<PortfolioHolding>();
    expectTypeOf<HoldingsView>().toEqualTypeOf<PortfolioHoldingsView>();
    expectTypeOf<PortfolioMode>().toEqualTypeOf<ServicePortfolioMode>();
    expectTypeOf<PortfolioHistory>().toEqualTypeOf<ServicePortfolioHistory>();
    expectTypeOf<HistoryPeriod>().toEqualTypeOf<ServiceHistoryPeriod>();
    expectTypeOf<Message>().toEqualTypeOf<ChatMessage>();
    expectTypeOf<ThreadView>().toEqualTypeOf<ChatThreadView>();
    expectTypeOf<ThreadTranscript>().toEqualTypeOf<ChatThreadTranscript>();
    expectTypeOf<DecisionView>().toEqualTypeOf<ChatDecisionView>();
  });

  it("are what the web app and the terminal chat compile against (checked by tsc)", () => {
    // The clients' answers are the server's schema types, not copies of them.
    expectTypeOf<WebCard>().toEqualTypeOf<PendingConfirmation>();
    expectTypeOf<PendingConfirmation>().toEqualTypeOf<ContractCard>();
    expectTypeOf<Awaited<ReturnType<ChatApi["getThread"]>>>().toEqualTypeOf<ThreadTranscript>();
    expectTypeOf<Awaited<ReturnType<ChatApi["decide"]>>>().toEqualTypeOf<DecisionView>();
    expectTypeOf<Parameters<ChatApi["decide"]>[2]>().toEqualTypeOf<ContractDecision>();
    expectTypeOf<Awaited<ReturnType<PortfolioApi["order"]>>>().toEqualTypeOf<Order>();
    expectTypeOf<Awaited<ReturnType<ServiceClient["decide"]>>>().toEqualTypeOf<DecisionView>();
  });

  it("cross into the web bundle as types only: no server module is bundled", async () => {
    const result = await build({
      entryPoints: [DEFAULT_WEB_ENTRY],
      bundle: true,
      write: false,
      metafile: true,
      outdir: path.join(root, "out"),
      format: "esm",
      platform: "browser",
      jsx: "automatic",
      jsxImportSource: "preact",
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    const own = inputs.filter((file) => !file.startsWith("node_modules/"));
    expect(own.length).toBeGreaterThan(10);
    expect(own.filter((file) => !file.startsWith("web/"))).toEqual([]);
    // hono/client is the only piece of hono the browser needs.
    const hono = inputs.filter((file) => file.startsWith("node_modules/hono/"));
    expect(hono.every((file) => file.includes("/client/") || file.includes("/utils/"))).toBe(true);
  });
});

/** Every schema object reachable from a component, with its JSON path. */
function* schemaObjects(node: unknown, where: string): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* schemaObjects(item, `${where}[${i}]`);
  } else if (node && typeof node === "object") {
    const record = node as Record<string, unknown>;
    yield [where, record];
    for (const [key, value] of Object.entries(record)) yield* schemaObjects(value, `${where}.${key}`);
  }
}

describe("/openapi.json", () => {
  it("types every part of the card: no object without properties, none open to any property", async () => {
    // The document as served: the app with every /api route mounted (no request reaches a service).
    const { app } = buildTestApp({
      db: {} as Database,
      app: { routes: [apiRoutes({ portfolio: {} } as never)] },
    });
    const document = (await (await app.request("/openapi.json")).json()) as {
      components?: { schemas?: Record<string, unknown> };
    };
    const schemas = document.components?.schemas ?? {};
    const card = schemas.PendingConfirmation;
    expect(card).toBeDefined();
    const untyped: string[] = [];
    for (const [where, schema] of schemaObjects(card, "PendingConfirmation")) {
      const types = ([] as unknown[]).concat(schema.type ?? []);
      if (!types.includes("object")) continue;
      const properties = schema.properties as Record<string, unknown> | undefined;
      if (!properties || Object.keys(properties).length === 0) untyped.push(`${where}: no properties`);
      if (
        schema.additionalProperties === true ||
        (typeof schema.additionalProperties === "object" &&
          Object.keys(schema.additionalProperties as object).length === 0)
      )
        untyped.push(`${where}: any property allowed`);
    }
    expect(untyped).toEqual([]);
    // Nothing in the card is left without a type (an empty schema accepts anything).
    const bare = [...schemaObjects(card, "PendingConfirmation")].filter(
      ([where, s]) =>
        /\.properties\.[^.]+$/.test(where) &&
        !("type" in s) &&
        !("anyOf" in s) &&
        !("$ref" in s) &&
        !("allOf" in s),
    );
    expect(bare.map(([where]) => where)).toEqual([]);
  });
});
