import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useAnnounce } from "./announcer.js";
import type { Auth } from "./api/auth.js";
import { chatApi } from "./api/chat-api.js";
import { ApiClient } from "./api/http.js";
import { portfolioApi } from "./api/portfolio-api.js";
import type { AppConfig } from "./api/types.js";
import { ChatPanel } from "./chat/chat-panel.js";
import { forgetCurrentThread } from "./chat/use-conversation.js";
import { useConnection } from "./connection.js";
import { PortfolioPanel } from "./portfolio/portfolio-panel.js";

interface Props {
  auth: Auth;
  config: AppConfig;
  email: string;
}

/** What the SnapTrade callback put in the URL (`/?linked=snaptrade[&status][&warning]`), once. */
function takeLinkNotice(): string | null {
  const params = new URLSearchParams(window.location.search);
  if (!params.has("linked")) return null;
  window.history.replaceState(null, "", "/");
  const status = params.get("status");
  if (status && status !== "SUCCESS") return `The brokerage connection did not complete (${status}).`;
  if (params.get("warning")) return "Brokerage connected; some accounts have not finished syncing yet.";
  return "Brokerage connected. Its accounts now appear in your portfolio.";
}

type Pane = "chat" | "portfolio";

/** The signed-in app: chat and portfolio side by side (tabs on a phone). */
export function Workspace({ auth, config, email }: Props) {
  const [pane, setPane] = useState<Pane>("chat");
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState(takeLinkNotice);
  const announce = useAnnounce();
  const connection = useConnection();
  const { check, reached } = connection;
  const online = connection.state === "online";
  const api = useMemo(
    () =>
      new ApiClient({
        token: () => auth.accessToken(),
        onUnauthorized: () => void auth.signOut(),
        onUnreachable: check,
        onReached: reached,
      }),
    [auth, check, reached],
  );
  // Said after the first render, so the live region exists before its text arrives.
  const openingNotice = useRef(notice);
  useEffect(() => {
    if (openingNotice.current) announce(openingNotice.current);
  }, [announce]);
  const wasOnline = useRef(true);
  useEffect(() => {
    if (wasOnline.current === online) return;
    wasOnline.current = online;
    announce(
      online
        ? "Connected to the service again. Values are live."
        : "The service cannot be reached. Values shown may be out of date and trading is paused.",
    );
  }, [online, announce]);
  const chat = useMemo(() => chatApi(api), [api]);
  const portfolio = useMemo(() => portfolioApi(api), [api]);
  const ordersChanged = useCallback(() => setVersion((v) => v + 1), []);
  const signOut = () => {
    // The next person on this browser should not land in this user's conversation.
    forgetCurrentThread();
    void auth.signOut();
  };

  return (
    <div class="workspace" data-pane={pane}>
      <header class="topbar">
        <h1>Trading agent</h1>
        <span class="who muted">{email}</span>
        <button type="button" class="button-secondary" onClick={signOut}>
          Sign out
        </button>
      </header>
      {!online && (
        <div class="offline-banner" data-testid="offline-banner">
          <p>
            <strong>Reconnecting…</strong> The service cannot be reached. Values shown may be out of date;
            approving orders is paused until it is back.
          </p>
        </div>
      )}
      {notice && (
        <div class="notice">
          <p>{notice}</p>
          <button type="button" class="button-link" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      {/* Shown on narrow screens only, where one pane is visible at a time. */}
      <nav class="pane-tabs" aria-label="View">
        {(["chat", "portfolio"] as const).map((p) => (
          <button
            key={p}
            type="button"
            aria-controls={`pane-${p}`}
            aria-pressed={pane === p}
            onClick={() => setPane(p)}
          >
            {p === "chat" ? "Chat" : "Portfolio"}
          </button>
        ))}
      </nav>
      <main class="panes">
        <section id="pane-chat" class="pane pane-chat" aria-label="Chat">
          <ChatPanel chat={chat} portfolio={portfolio} online={online} onOrdersChanged={ordersChanged} />
        </section>
        <section id="pane-portfolio" class="pane pane-portfolio" aria-label="Portfolio">
          <PortfolioPanel
            api={portfolio}
            sandbox={config.sandbox}
            version={version}
            online={online}
            onStreamLost={check}
          />
        </section>
      </main>
    </div>
  );
}
