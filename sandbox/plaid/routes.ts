import { type Context, Hono } from "hono";
import { newId } from "../lib/ids.js";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";
import { operationMiddleware } from "../runtime/operation.js";
import type { PlaidItem } from "../world/types.js";
import { plaidAuth } from "./authenticate.js";
import { invalidRequest, plaidError, plaidErrors, plaidRequestId, respondToPlaidFault } from "./errors.js";
import { createSandboxItem } from "./sandbox-items.js";
import {
  accountShape,
  holdingShape,
  investmentTransactionShape,
  itemShape,
  securityShape,
} from "./serialize.js";
import type { PlaidWebhooks } from "./webhooks.js";

const DEFAULT_TRANSACTIONS_COUNT = 100;
const MAX_TRANSACTIONS_COUNT = 500;

/** Plaid's investments subset: holdings, transactions, token exchange, accounts, webhook keys. */
export function plaidRoutes(ctx: SandboxContext, webhooks: PlaidWebhooks): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { world } = ctx;
  const operation = operationMiddleware(ctx, { provider: "plaid", respondToFault: respondToPlaidFault });
  const auth = plaidAuth(ctx);

  type ItemLookup =
    | { ok: true; item: PlaidItem; accountIds: string[] | null }
    | { ok: false; response: Response };

  /** Resolves `access_token` (and `options.account_ids`), refusing broken items. */
  const itemOf = (c: Context<SandboxEnv>): ItemLookup => {
    const body = c.get("plaidBody");
    const token = typeof body.access_token === "string" ? body.access_token : "";
    const item = world.findPlaidItemByAccessToken(token);
    if (!item) return { ok: false, response: plaidError(c, plaidErrors.invalidAccessToken) };
    if (item.loginRequired) return { ok: false, response: plaidError(c, plaidErrors.itemLoginRequired) };
    const options = body.options as { account_ids?: unknown } | undefined;
    const accountIds = Array.isArray(options?.account_ids) ? options.account_ids.map(String) : null;
    return { ok: true, item, accountIds };
  };

  const accountsOf = (item: PlaidItem, accountIds: string[] | null) =>
    world.accountsOfItem(item.id).filter((a) => !accountIds || accountIds.includes(a.id));

  app.post("/investments/holdings/get", operation("holdings"), auth, (c) => {
    const lookup = itemOf(c);
    if (!lookup.ok) return lookup.response;
    const accounts = accountsOf(lookup.item, lookup.accountIds);
    const symbols = [...new Set(accounts.flatMap((a) => a.positions.map((p) => p.symbol)))];
    return c.json({
      accounts: accounts.map((a) => accountShape(world, a)),
      holdings: accounts.flatMap((a) => a.positions.map((p) => holdingShape(world, a, p))),
      securities: symbols.map((s) => securityShape(world, s)),
      item: itemShape(lookup.item, ctx.config.plaidWebhookUrl),
      request_id: plaidRequestId(),
    });
  });

  app.post("/investments/transactions/get", operation("transactions"), auth, (c) => {
    const lookup = itemOf(c);
    if (!lookup.ok) return lookup.response;
    const body = c.get("plaidBody");
    const start = String(body.start_date ?? "");
    const end = String(body.end_date ?? "");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end)) {
      return plaidError(c, invalidRequest("start_date and end_date must be dates in YYYY-MM-DD format"));
    }
    const options = (body.options ?? {}) as { count?: unknown; offset?: unknown };
    const asked = Number(options.count ?? DEFAULT_TRANSACTIONS_COUNT);
    if (asked > MAX_TRANSACTIONS_COUNT) {
      return plaidError(c, invalidRequest(`count must be at most ${MAX_TRANSACTIONS_COUNT}`));
    }
    const count = Math.max(1, asked);
    const offset = Math.max(0, Number(options.offset ?? 0));
    const accounts = accountsOf(lookup.item, lookup.accountIds);
    const transactions = accounts
      .flatMap((a) => world.activitiesOf(a.id))
      .filter((t) => t.at.slice(0, 10) >= start && t.at.slice(0, 10) <= end)
      .sort((a, b) => b.at.localeCompare(a.at));
    const page = transactions.slice(offset, offset + count);
    const symbols = [...new Set(page.flatMap((t) => (t.symbol ? [t.symbol] : [])))];
    return c.json({
      item: itemShape(lookup.item, ctx.config.plaidWebhookUrl),
      accounts: accounts.map((a) => accountShape(world, a)),
      securities: symbols.map((s) => securityShape(world, s)),
      investment_transactions: page.map(investmentTransactionShape),
      total_investment_transactions: transactions.length,
      request_id: plaidRequestId(),
    });
  });

  app.post("/accounts/get", operation("accounts"), auth, (c) => {
    const lookup = itemOf(c);
    if (!lookup.ok) return lookup.response;
    return c.json({
      accounts: accountsOf(lookup.item, lookup.accountIds).map((a) => accountShape(world, a)),
      item: itemShape(lookup.item, ctx.config.plaidWebhookUrl),
      request_id: plaidRequestId(),
    });
  });

  app.post("/item/public_token/exchange", operation("exchange"), auth, (c) => {
    const token = c.get("plaidBody").public_token;
    const item = [...world.plaidItems.values()].find(
      (i) => i.publicToken !== null && i.publicToken === token,
    );
    if (!item) return plaidError(c, plaidErrors.invalidPublicToken);
    // Public tokens are single use: exchanging consumes it.
    item.publicToken = null;
    item.accessToken = `access-sandbox-${newId()}`;
    return c.json({ access_token: item.accessToken, item_id: item.id, request_id: plaidRequestId() });
  });

  app.post("/sandbox/public_token/create", operation("publicTokenCreate"), auth, (c) => {
    const body = c.get("plaidBody");
    if (typeof body.institution_id !== "string" || !Array.isArray(body.initial_products)) {
      return plaidError(c, invalidRequest("institution_id and initial_products are required"));
    }
    const item = createSandboxItem(world, body.institution_id);
    return c.json({ public_token: item.publicToken, request_id: plaidRequestId() });
  });

  app.post("/webhook_verification_key/get", operation("webhookKey"), auth, (c) => {
    const keyId = c.get("plaidBody").key_id;
    if (keyId !== webhooks.key.kid) {
      return plaidError(c, {
        ...invalidRequest("invalid key_id provided"),
        type: "INVALID_INPUT",
        code: "INVALID_WEBHOOK_VERIFICATION_KEY_ID",
      });
    }
    return c.json({ key: webhooks.verificationJwk(), request_id: plaidRequestId() });
  });

  return app;
}
