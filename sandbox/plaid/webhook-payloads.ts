/**
 * The bodies Plaid sends for the webhooks the sandbox fires, shaped as the spec's
 * `HoldingsDefaultUpdateWebhook`, `ItemErrorWebhook` and `PendingExpirationWebhook`.
 * Fields the caller passes override the defaults (e.g. another `error`).
 */
export function plaidWebhookPayload(
  webhookType: string,
  webhookCode: string,
  itemId: string,
  context: { holdingsCount: number; now: Date },
): Record<string, unknown> {
  const base = {
    webhook_type: webhookType,
    webhook_code: webhookCode,
    item_id: itemId,
    environment: "sandbox",
  };
  if (webhookType === "HOLDINGS") {
    return { ...base, error: null, new_holdings: 0, updated_holdings: context.holdingsCount };
  }
  if (webhookType === "ITEM" && webhookCode === "ERROR") {
    return {
      ...base,
      error: {
        error_type: "ITEM_ERROR",
        error_code: "ITEM_LOGIN_REQUIRED",
        error_code_reason: null,
        error_message:
          "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information.",
        display_message: null,
        request_id: "",
        causes: [],
        status: 400,
        documentation_url: "https://plaid.com/docs/errors/item/#item_login_required",
        suggested_action: null,
      },
    };
  }
  if (webhookType === "ITEM" && webhookCode === "PENDING_EXPIRATION") {
    // Plaid warns seven days ahead.
    const expires = new Date(context.now.getTime() + 7 * 86_400_000);
    return { ...base, consent_expiration_time: expires.toISOString() };
  }
  return { ...base, error: null };
}
