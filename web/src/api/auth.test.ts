import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAuth, type Session } from "./auth.js";

const config = { supabaseUrl: "https://auth.example.test/", supabaseAnonKey: "anon", sandbox: false };
const now = () => Math.floor(Date.now() / 1000);
const tokenAnswer = (access: string, refresh: string, expiresIn = 3600) => ({
  access_token: access,
  refresh_token: refresh,
  expires_in: expiresIn,
  user: { id: "user-1", email: "a@example.com" },
});

describe("the auth client over GoTrue's REST API", () => {
  let stored: Map<string, string>;
  let fetchMock: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    stored = new Map();
    vi.stubGlobal("localStorage", {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => stored.set(k, v),
      removeItem: (k: string) => stored.delete(k),
    });
    vi.stubGlobal("window", { addEventListener: () => {} });
    fetchMock = vi.fn();
    vi.stubGlobal("fetch", fetchMock);
    // The background refresh timer must not fire into another test's answers.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  const answer = (status: number, body: unknown) =>
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify(body), { status }));

  it("signs in with the password grant, keeps the session and tells listeners", async () => {
    answer(200, tokenAnswer("access-1", "refresh-1"));
    const auth = createAuth(config);
    const seen: Array<Session | null> = [];
    auth.onChange((s) => seen.push(s));
    const session = await auth.signIn("a@example.com", "pw");
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe("https://auth.example.test/auth/v1/token?grant_type=password");
    expect(JSON.parse(init.body)).toEqual({ email: "a@example.com", password: "pw" });
    expect(init.headers.apikey).toBe("anon");
    expect(session.user).toEqual({ id: "user-1", email: "a@example.com" });
    expect(await auth.accessToken()).toBe("access-1");
    expect(seen.map((s) => s?.access_token)).toEqual(["access-1"]);
    // A new page load finds it.
    expect(await createAuth(config).accessToken()).toBe("access-1");
  });

  it("says why a sign-in was refused", async () => {
    answer(400, { code: 400, error_code: "invalid_credentials", msg: "Invalid login credentials" });
    await expect(createAuth(config).signIn("a@example.com", "bad")).rejects.toThrow(
      "Invalid login credentials",
    );
  });

  it("refreshes a token about to expire once, however many callers ask at the same time", async () => {
    answer(200, tokenAnswer("old", "refresh-1", 30));
    const auth = createAuth(config);
    await auth.signIn("a@example.com", "pw");
    answer(200, tokenAnswer("new", "refresh-2"));
    const tokens = await Promise.all([auth.accessToken(), auth.accessToken(), auth.accessToken()]);
    expect(tokens).toEqual(["new", "new", "new"]);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    const [url, init] = fetchMock.mock.calls[1]!;
    expect(url).toContain("grant_type=refresh_token");
    expect(JSON.parse(init.body)).toEqual({ refresh_token: "refresh-1" });
    expect((await auth.session())!.expires_at).toBeGreaterThan(now() + 3000);
  });

  it("signs out when the refresh is refused, but keeps the session when the server is unreachable", async () => {
    answer(200, tokenAnswer("old", "refresh-1", 30));
    const auth = createAuth(config);
    await auth.signIn("a@example.com", "pw");
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    expect(await auth.accessToken()).toBe("old");

    const seen: Array<Session | null> = [];
    auth.onChange((s) => seen.push(s));
    answer(400, { error_code: "refresh_token_already_used", msg: "Invalid Refresh Token" });
    expect(await auth.accessToken()).toBeNull();
    expect(seen).toEqual([null]);
    expect(stored.size).toBe(0);
  });

  it("forgets the session at once on sign-out and revokes it in the background", async () => {
    answer(200, tokenAnswer("access-1", "refresh-1"));
    const auth = createAuth(config);
    await auth.signIn("a@example.com", "pw");
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await auth.signOut();
    expect(await auth.session()).toBeNull();
    const [url, init] = fetchMock.mock.calls[1]!;
    expect(url).toBe("https://auth.example.test/auth/v1/logout?scope=local");
    expect(init.headers.authorization).toBe("Bearer access-1");
  });
});
