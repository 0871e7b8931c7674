import { createRoute, z } from "@hono/zod-openapi";
import type { ApiApp } from "../api-app.js";
import type { ServerDeps } from "../deps.js";

const healthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    database: z.enum(["ok", "unavailable"]),
    brokers: z.enum(["sandbox", "live"]),
    model: z.enum(["offline", "openai"]),
  })
  .openapi("Health");

const route = createRoute({
  method: "get",
  path: "/health",
  tags: ["service"],
  summary: "Liveness and dependencies",
  responses: {
    200: { description: "Healthy", content: { "application/json": { schema: healthSchema } } },
    503: {
      description: "The database cannot be reached",
      content: { "application/json": { schema: healthSchema } },
    },
  },
});

export function registerHealthRoutes(app: ApiApp, deps: ServerDeps): void {
  app.openapi(route, async (c) => {
    const databaseOk = await deps.db.ping();
    const body = {
      status: databaseOk ? ("ok" as const) : ("degraded" as const),
      database: databaseOk ? ("ok" as const) : ("unavailable" as const),
      brokers: deps.runtime.brokers,
      model: deps.runtime.model,
    };
    return databaseOk ? c.json(body, 200) : c.json(body, 503);
  });
}
