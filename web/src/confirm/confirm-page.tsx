import { useEffect, useState } from "preact/hooks";
import type { DecisionOutcome, PendingConfirmation } from "../../../src/orders/contract/index.js";
import { type Auth, createAuth, type Session } from "../api/auth.js";
import type { AppConfig } from "../api/types.js";
import { SignInPage } from "../sign-in/sign-in-page.js";

type Card = PendingConfirmation;

/** The two MCP approval calls (outside the app's typed tree: they serve this page only). */
async function call<T>(auth: Auth, path: string, body?: unknown): Promise<T> {
  const token = await auth.accessToken();
  const response = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) await auth.signOut();
  const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) throw new Error(answer?.error?.message ?? `The service answered ${response.status}.`);
  return answer as T;
}

type View =
  | { state: "loading" }
  | { state: "failed"; message: string }
  | { state: "card"; card: Card; awaiting: boolean; done?: string };

/** The card id from `/confirm/<proposalId>`. */
const proposalId = decodeURIComponent(window.location.pathname.split("/").pop() ?? "");

/** One card prepared over MCP, approved or rejected here by the signed-in user. */
function CardView({ auth }: { auth: Auth }) {
  const [view, setView] = useState<View>({ state: "loading" });
  const [busy, setBusy] = useState(false);
  const base = `/api/mcp/confirmations/${encodeURIComponent(proposalId)}`;

  useEffect(() => {
    call<{ confirmation: Card; awaiting: boolean }>(auth, base)
      .then(({ confirmation, awaiting }) => setView({ state: "card", card: confirmation, awaiting }))
      .catch((e: unknown) =>
        setView({
          state: "failed",
          message: e instanceof Error ? e.message : "The card could not be loaded.",
        }),
      );
  }, []);

  if (view.state === "loading") return <p>Loading the card…</p>;
  if (view.state === "failed") return <p role="alert">{view.message}</p>;
  const decide = async (decision: "approve" | "reject") => {
    setBusy(true);
    try {
      const body = decision === "approve" ? { decision, hash: view.card.hash } : { decision };
      const { outcome } = await call<{ outcome: DecisionOutcome }>(auth, `${base}/decision`, body);
      const done =
        outcome.outcome === "rejected_by_user"
          ? "Rejected. Nothing was sent."
          : outcome.outcome === "failed"
            ? `Not sent: ${outcome.reason}.`
            : "Approved. The order was sent to the broker; your MCP client can check its status.";
      setView({ ...view, awaiting: false, done });
    } catch (e) {
      setView({ ...view, done: e instanceof Error ? e.message : "The decision could not be sent." });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="card-title">
      <h1 id="card-title">Confirm this order</h1>
      <pre class="confirm-text">{view.card.text}</pre>
      {view.awaiting && !view.done ? (
        <div class="confirm-actions">
          <button type="button" disabled={busy} onClick={() => void decide("approve")}>
            Approve
          </button>
          <button type="button" disabled={busy} onClick={() => void decide("reject")}>
            Reject
          </button>
        </div>
      ) : null}
      <p role="status">{view.done ?? (view.awaiting ? "" : "This card can no longer be decided.")}</p>
    </section>
  );
}

/** Restores the web app's session (same storage), or asks to sign in first. */
export function ConfirmPage() {
  const [boot, setBoot] = useState<{ config: AppConfig; auth: Auth } | { message: string } | null>(null);
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => {
    fetch("/app-config.json")
      .then((r) => r.json() as Promise<AppConfig>)
      .then(async (config) => {
        const auth = createAuth(config);
        setBoot({ config, auth });
        auth.onChange(setSession);
        setSession(await auth.session());
      })
      .catch(() => setBoot({ message: "The app configuration could not be loaded." }));
  }, []);
  if (!boot || session === undefined) return <p>Loading…</p>;
  if ("message" in boot) return <p role="alert">{boot.message}</p>;
  if (!session) return <SignInPage auth={boot.auth} config={boot.config} />;
  return <CardView auth={boot.auth} />;
}
