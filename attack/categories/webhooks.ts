import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { createServer } from "node:http";
import { DEFAULT_SNAPTRADE_CLIENT_ID, DEFAULT_SNAPTRADE_CONSUMER_KEY } from "../../sandbox/index.js";
import { signSnaptradeWebhook } from "../../test/helpers/portfolio-webhook-signer.js";
import type { CallResult } from "../exchange-log.js";
import type { Run } from "../trading.js";
import type { Actor } from "../users.js";
import { expectStatus } from "./expect.js";

const CATEGORY = "webhooks";
const SNAPTRADE = "/api/snaptrade/webhook";
const PLAID = "/api/plaid/webhook";

/** A SnapTrade event as SnapTrade sends it, fresh unless told otherwise. */
function snaptradeEvent(userId: string, fields: Record<string, unknown> = {}) {
  return {
    webhookId: crypto.randomUUID(),
    clientId: DEFAULT_SNAPTRADE_CLIENT_ID,
    eventTimestamp: new Date().toISOString(),
    userId,
    eventType: "ACCOUNT_HOLDINGS_UPDATED",
    ...fields,
  };
}

function post(run: Run, path: string, body: string, headers: Record<string, string>): Promise<CallResult> {
  return run.log.call(CATEGORY, "POST", path, {
    rawBody: body,
    headers: { "content-type": "application/json", ...headers },
  });
}

const signed = (body: string) => ({ signature: signSnaptradeWebhook(body, DEFAULT_SNAPTRADE_CONSUMER_KEY) });

/** Sends an attack and records a finding when it is not refused with one of `allowed`. */
async function attempt(
  run: Run,
  name: string,
  answer: Promise<CallResult>,
  allowed: number[],
  forged = true,
) {
  run.log.attempt(CATEGORY);
  const got = await answer;
  if (forged && got.status >= 200 && got.status < 300) {
    run.log.find(CATEGORY, "unauthorized", `${name}: accepted (${got.status}) ${got.text.slice(0, 160)}`);
    return got;
  }
  expectStatus(run.log, CATEGORY, name, got, allowed);
  return got;
}

async function snaptradeAttacks(run: Run, a: Actor, b: Actor): Promise<void> {
  const event = JSON.stringify(snaptradeEvent(a.id));
  await attempt(run, "SnapTrade: no signature", post(run, SNAPTRADE, event, {}), [401]);
  await attempt(run, "SnapTrade: wrong signature", post(run, SNAPTRADE, event, { signature: "AAAA" }), [401]);
  const other = JSON.stringify(snaptradeEvent(b.id));
  await attempt(
    run,
    "SnapTrade: signature of another body",
    post(run, SNAPTRADE, event, signed(other)),
    [401],
  );
  const wrongKey = signSnaptradeWebhook(event, "not-the-consumer-key");
  await attempt(
    run,
    "SnapTrade: signed with another key",
    post(run, SNAPTRADE, event, { signature: wrongKey }),
    [401],
  );
  const stale = JSON.stringify(
    snaptradeEvent(a.id, { eventTimestamp: new Date(Date.now() - 3_600_000).toISOString() }),
  );
  await attempt(run, "SnapTrade: stale timestamp", post(run, SNAPTRADE, stale, signed(stale)), [401]);
  const future = JSON.stringify(
    snaptradeEvent(a.id, { eventTimestamp: new Date(Date.now() + 3_600_000).toISOString() }),
  );
  await attempt(
    run,
    "SnapTrade: timestamp an hour ahead",
    post(run, SNAPTRADE, future, signed(future)),
    [401],
  );
  const fresh = JSON.stringify(snaptradeEvent(a.id));
  await attempt(run, "SnapTrade: genuine event", post(run, SNAPTRADE, fresh, signed(fresh)), [200], false);
  const replay = await attempt(
    run,
    "SnapTrade: replayed event",
    post(run, SNAPTRADE, fresh, signed(fresh)),
    [200],
    false,
  );
  if (!/duplicate/i.test(replay.text))
    run.log.find(
      CATEGORY,
      "wrongAnswer",
      `SnapTrade replay not answered as a duplicate: ${replay.text.slice(0, 120)}`,
    );
  const foreignClient = JSON.stringify(snaptradeEvent(a.id, { clientId: "ANOTHER-CLIENT" }));
  await attempt(
    run,
    "SnapTrade: another client id",
    post(run, SNAPTRADE, foreignClient, signed(foreignClient)),
    [200, 400, 401],
    false,
  );
  const accountOfA = a.accounts.find((acc) => acc.provider === "snaptrade")!.id.replace(/^snaptrade_/, "");
  const wrongUser = JSON.stringify(
    snaptradeEvent(b.id, { eventType: "ACCOUNT_REMOVED", accountId: accountOfA }),
  );
  await attempt(
    run,
    "SnapTrade: B's event naming A's account",
    post(run, SNAPTRADE, wrongUser, signed(wrongUser)),
    [200, 400],
    false,
  );
  const unknownUser = JSON.stringify(snaptradeEvent(crypto.randomUUID()));
  await attempt(
    run,
    "SnapTrade: unknown user",
    post(run, SNAPTRADE, unknownUser, signed(unknownUser)),
    [200, 400],
    false,
  );
  await attempt(
    run,
    "SnapTrade: malformed JSON",
    post(run, SNAPTRADE, '{"webhookId":', { signature: "AAAA" }),
    [400, 401],
  );
  const notObject = "[1,2,3]";
  await attempt(
    run,
    "SnapTrade: a JSON array",
    post(run, SNAPTRADE, notObject, signed(notObject)),
    [400, 401],
  );
  const huge = JSON.stringify(snaptradeEvent(a.id, { details: { padding: "x".repeat(2_000_000) } }));
  await attempt(run, "SnapTrade: 2 MB body", post(run, SNAPTRADE, huge, signed(huge)), [400, 401, 413]);
}

/** One genuine Plaid delivery, caught on its way (the sandbox signs it with its own key). */
async function capturePlaid(run: Run, itemId: string): Promise<{ body: string; jwt: string }> {
  let resolveCaught: (value: { body: string; jwt: string }) => void = () => {};
  const caught = new Promise<{ body: string; jwt: string }>((resolve) => {
    resolveCaught = resolve;
  });
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += String(chunk);
    });
    request.on("end", () => {
      response.end("{}");
      resolveCaught({ body, jwt: String(request.headers["plaid-verification"] ?? "") });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  try {
    await run.stack.admin("/config", { plaidWebhookUrl: `http://127.0.0.1:${port}/` });
    await run.stack.admin("/webhooks/plaid", {
      itemId,
      webhookType: "HOLDINGS",
      webhookCode: "DEFAULT_UPDATE",
    });
    return await caught;
  } finally {
    await run.stack.admin("/config", { plaidWebhookUrl: `${run.stack.serviceUrl}${PLAID}` });
    server.close();
  }
}

/** A JWT signed with a key that is not Plaid's, optionally claiming Plaid's key id. */
function foreignJwt(kid: string, body: string, iat = Math.floor(Date.now() / 1000)): string {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const header = Buffer.from(JSON.stringify({ alg: "ES256", kid, typ: "JWT" })).toString("base64url");
  const hash = createHash("sha256").update(body).digest("hex");
  const payload = Buffer.from(JSON.stringify({ iat, request_body_sha256: hash })).toString("base64url");
  const signature = sign("sha256", Buffer.from(`${header}.${payload}`), {
    key: privateKey,
    dsaEncoding: "ieee-p1363",
  });
  return `${header}.${payload}.${signature.toString("base64url")}`;
}

async function plaidAttacks(run: Run, a: Actor): Promise<void> {
  const items = (await run.stack.admin<{ plaidItems: Array<{ id: string }> }>(`/users/${a.id}`)).plaidItems;
  const genuine = await capturePlaid(run, items[0]!.id);
  const kid = (JSON.parse(Buffer.from(genuine.jwt.split(".")[0]!, "base64url").toString()) as { kid: string })
    .kid;
  const tampered = genuine.body.replace("DEFAULT_UPDATE", "ERROR");
  await attempt(run, "Plaid: no Plaid-Verification", post(run, PLAID, genuine.body, {}), [401]);
  await attempt(
    run,
    "Plaid: garbage JWT",
    post(run, PLAID, genuine.body, { "plaid-verification": "a.b.c" }),
    [401],
  );
  const none = `${Buffer.from('{"alg":"none","kid":"x"}').toString("base64url")}.${genuine.jwt.split(".")[1]}.`;
  await attempt(
    run,
    "Plaid: alg none",
    post(run, PLAID, genuine.body, { "plaid-verification": none }),
    [401],
  );
  await attempt(
    run,
    "Plaid: signed by another key, Plaid's kid",
    post(run, PLAID, genuine.body, { "plaid-verification": foreignJwt(kid, genuine.body) }),
    [401],
  );
  await attempt(
    run,
    "Plaid: signed by another key, unknown kid",
    post(run, PLAID, genuine.body, { "plaid-verification": foreignJwt("attacker", genuine.body) }),
    [401],
  );
  await attempt(
    run,
    "Plaid: genuine JWT, tampered body",
    post(run, PLAID, tampered, { "plaid-verification": genuine.jwt }),
    [401],
  );
  await attempt(
    run,
    "Plaid: genuine delivery",
    post(run, PLAID, genuine.body, { "plaid-verification": genuine.jwt }),
    [200],
    false,
  );
  await attempt(
    run,
    "Plaid: replayed delivery",
    post(run, PLAID, genuine.body, { "plaid-verification": genuine.jwt }),
    [200, 401],
    false,
  );
  const stale = foreignJwt(kid, genuine.body, Math.floor(Date.now() / 1000) - 3_600);
  await attempt(
    run,
    "Plaid: stale iat",
    post(run, PLAID, genuine.body, { "plaid-verification": stale }),
    [401],
  );
  await attempt(
    run,
    "Plaid: malformed JSON",
    post(run, PLAID, '{"webhook_type":', { "plaid-verification": genuine.jwt }),
    [400, 401],
  );
  const huge = JSON.stringify({ ...JSON.parse(genuine.body), padding: "x".repeat(2_000_000) });
  await attempt(
    run,
    "Plaid: 2 MB body",
    post(run, PLAID, huge, { "plaid-verification": genuine.jwt }),
    [400, 401, 413],
  );
}

export async function webhookAttacks(run: Run, a: Actor, b: Actor): Promise<void> {
  await snaptradeAttacks(run, a, b);
  await plaidAttacks(run, a);
}
