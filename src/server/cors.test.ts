import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../../test/helpers/app.js";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";

const preflight = (origin: string) => ({
  method: "OPTIONS",
  headers: {
    origin,
    "access-control-request-method": "POST",
    "access-control-request-headers": "authorization",
  },
});

describe("CORS", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestPglite();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("is off by default: no origin is allowed", async () => {
    const { app } = buildTestApp({ db });
    const response = await app.request("/api/threads", preflight("https://app.example"));
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("allows exactly the listed origins, never a wildcard", async () => {
    const { app } = buildTestApp({ db, env: { CORS_ORIGINS: "https://app.example,https://admin.example" } });
    const allowed = await app.request("/api/threads", preflight("https://admin.example"));
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://admin.example");
    expect(allowed.headers.get("vary")).toMatch(/origin/i);
    const foreign = await app.request("/api/threads", preflight("https://evil.example"));
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });
});
