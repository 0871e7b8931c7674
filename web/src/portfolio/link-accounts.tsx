import { useEffect, useState } from "preact/hooks";
import type { PortfolioApi } from "../api/portfolio-api.js";
import type { Account, DefaultAccount } from "../api/types.js";
import { AccountsList, defaultBadgeId } from "./accounts-list.js";

interface Props {
  api: PortfolioApi;
  accounts: Account[];
  sandbox: boolean;
  /** Something was linked here (not through a redirect): re-read holdings. */
  onLinked(): void;
}

const failure = (cause: unknown, fallback: string) => (cause instanceof Error ? cause.message : fallback);

/** Linked accounts and the ways to add more: SnapTrade's portal, Alpaca keys, Plaid (sandbox). */
export function LinkAccounts({ api, accounts, sandbox, onLinked }: Props) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; tone: "info" | "warn" } | null>(null);
  const [alpacaOpen, setAlpacaOpen] = useState(false);
  const [keyId, setKeyId] = useState("");
  const [secret, setSecret] = useState("");
  const [defaultAccount, setDefaultAccount] = useState<DefaultAccount | null>(null);

  // Re-read with the accounts: a sync may have made the default unable to trade, or removed it.
  useEffect(() => {
    let stale = false;
    api
      .defaultAccount()
      .then((setting) => !stale && setDefaultAccount(setting))
      .catch(() => {});
    return () => {
      stale = true;
    };
  }, [api, accounts]);

  const run = async (work: () => Promise<string | null>, fallback: string) => {
    setBusy(true);
    setMessage(null);
    try {
      const done = await work();
      if (done) setMessage({ text: done, tone: "info" });
    } catch (cause) {
      setMessage({ text: failure(cause, fallback), tone: "warn" });
    } finally {
      setBusy(false);
    }
  };

  // The portal comes back to /api/snaptrade/callback, which returns the browser to this page.
  const openPortal = (request: { connectionType: "trade" | "read"; reconnect?: string }) =>
    run(async () => {
      window.location.assign(await api.snaptradePortal(request));
      return "Opening the connection portal…";
    }, "The connection portal could not be opened.");

  const reconnect = (account: Account) =>
    // Without a connection id on the account, a fresh portal visit re-links the brokerage.
    openPortal(
      account.connectionId
        ? { connectionType: "trade", reconnect: account.connectionId }
        : { connectionType: account.canTrade ? "trade" : "read" },
    );

  const makeDefault = (account: Account) =>
    run(async () => {
      setDefaultAccount(await api.setDefaultAccount(account.id));
      // The button is gone with the change: focus moves to the account's new "Default" badge.
      requestAnimationFrame(() => document.getElementById(defaultBadgeId(account.id))?.focus());
      return `${account.institution} · ${account.name} is now your default trading account: buys of a symbol none of your trading accounts hold go there.`;
    }, "The default account could not be changed.");

  const linkAlpaca = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const account = await api.linkAlpaca(keyId.trim(), secret.trim());
      setKeyId("");
      setSecret("");
      setAlpacaOpen(false);
      onLinked();
      return `Linked ${account.institution} · ${account.name}.`;
    }, "The keys could not be linked.");
  };

  const linkPlaid = () =>
    run(async () => {
      const linked = await api.linkSandboxPlaid();
      onLinked();
      return `Linked ${linked.length} read-only account${linked.length === 1 ? "" : "s"} through Plaid.`;
    }, "The Plaid sandbox item could not be linked.");

  return (
    <section class="panel-section" aria-labelledby="accounts-title">
      <h3 id="accounts-title">Accounts</h3>
      <AccountsList
        accounts={accounts}
        busy={busy}
        defaultAccount={defaultAccount}
        onReconnect={(a) => void reconnect(a)}
        onMakeDefault={(a) => void makeDefault(a)}
      />
      <fieldset class="link-buttons">
        <legend class="sr-only">Link accounts</legend>
        <button type="button" disabled={busy} onClick={() => void openPortal({ connectionType: "trade" })}>
          Connect a brokerage
        </button>
        <button
          type="button"
          class="button-secondary"
          disabled={busy}
          onClick={() => void openPortal({ connectionType: "read" })}
        >
          Connect read-only
        </button>
        <button
          type="button"
          class="button-secondary"
          disabled={busy}
          aria-expanded={alpacaOpen}
          onClick={() => setAlpacaOpen(!alpacaOpen)}
        >
          Add Alpaca keys
        </button>
        {sandbox && (
          <button type="button" class="button-secondary" disabled={busy} onClick={() => void linkPlaid()}>
            Add a Plaid sandbox account
          </button>
        )}
      </fieldset>
      {alpacaOpen && (
        <form class="alpaca-form" onSubmit={linkAlpaca}>
          <p class="muted small">
            Paper trading keys only. They are checked with Alpaca, then stored encrypted.
          </p>
          <label>
            Key ID
            <input
              value={keyId}
              onInput={(e) => setKeyId(e.currentTarget.value)}
              autoComplete="off"
              required
              minLength={8}
            />
          </label>
          <label>
            Secret key
            <input
              type="password"
              value={secret}
              onInput={(e) => setSecret(e.currentTarget.value)}
              autoComplete="off"
              required
              minLength={8}
            />
          </label>
          <button type="submit" disabled={busy}>
            Link Alpaca
          </button>
        </form>
      )}
      {message && (
        <p class={`tone-${message.tone}`} role="status">
          {message.text}
        </p>
      )}
    </section>
  );
}
