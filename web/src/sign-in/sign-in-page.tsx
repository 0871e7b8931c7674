import { useEffect, useRef, useState } from "preact/hooks";
import type { Auth } from "../api/auth.js";
import type { AppConfig } from "../api/types.js";

interface Props {
  auth: Auth;
  config: AppConfig;
}

/** Email and password through Supabase Auth; the demo account is offered only when the server says so. */
export function SignInPage({ auth, config }: Props) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const demo = config.demoCredentials;
  const problem = useRef<HTMLParagraphElement>(null);
  // A failed sign-in leaves focus on the reason (the disabled button would drop it to the page).
  useEffect(() => {
    if (error) problem.current?.focus();
  }, [error]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await auth.signIn(email.trim(), password);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : "Sign-in failed.");
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <h1>Trading agent</h1>
      <p class="muted">Your accounts in one conversation. Nothing trades until you approve it.</p>
      <form onSubmit={submit} class="sign-in-form">
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="form-problem" role="alert" tabIndex={-1} ref={problem} id="sign-in-problem">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {demo && (
        <aside class="demo-credentials" aria-label="Demo account">
          <p>
            Demo account: <span class="mono">{demo.email}</span> / <span class="mono">{demo.password}</span>
          </p>
          <button
            type="button"
            class="button-secondary"
            onClick={() => {
              setEmail(demo.email);
              setPassword(demo.password);
            }}
          >
            Fill in the demo account
          </button>
        </aside>
      )}
    </main>
  );
}
