import { describe, expect, it } from "vitest";
import { resolveSignIn } from "./auth.js";

const config = {
  supabaseUrl: "http://auth.example",
  supabaseAnonKey: "anon",
  sandbox: true,
  demoCredentials: { email: "demo@example.com", password: "demo-pass" },
};

describe("resolveSignIn", () => {
  it("uses the service's app config, with flags taking precedence", () => {
    expect(resolveSignIn({}, config)).toEqual({
      authUrl: "http://auth.example",
      anonKey: "anon",
      email: "demo@example.com",
      password: "demo-pass",
    });
    expect(
      resolveSignIn({ email: "me@example.com", password: "pw", authUrl: "http://other" }, config),
    ).toMatchObject({
      authUrl: "http://other",
      email: "me@example.com",
      password: "pw",
    });
  });

  it("asks for credentials when the service publishes no demo user", () => {
    const { demoCredentials: _none, ...rest } = config;
    expect(() => resolveSignIn({}, rest)).toThrow(/does not include them; pass --email/);
  });

  it("works from flags alone, with the sandbox anon key by default", () => {
    expect(resolveSignIn({ authUrl: "http://sb", email: "a@b.c", password: "x" }, null).anonKey).toBe(
      "sandbox-anon-key",
    );
  });

  it("says which flags are missing", () => {
    expect(() => resolveSignIn({ email: "a@b.c" }, null)).toThrow(
      /no \/app-config\.json; pass --auth-url .*--password/,
    );
  });
});
