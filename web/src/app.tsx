import { useEffect, useState } from "preact/hooks";
import { Announcer } from "./announcer.js";
import { type Auth, createAuth, type Session } from "./api/auth.js";
import type { AppConfig } from "./api/types.js";
import { SignInPage } from "./sign-in/sign-in-page.js";
import { Workspace } from "./workspace.js";

type Boot =
  | { state: "loading" }
  | { state: "failed"; message: string }
  | { state: "ready"; config: AppConfig; auth: Auth };

/** The configuration the page was served with (a meta tag), else asked for. */
async function loadConfig(): Promise<AppConfig> {
  const inline = document.querySelector<HTMLMetaElement>('meta[name="app-config"]')?.content;
  if (inline) return JSON.parse(inline) as AppConfig;
  const response = await fetch("/app-config.json");
  if (!response.ok) throw new Error(`The app configuration could not be loaded (${response.status}).`);
  return (await response.json()) as AppConfig;
}

/** The page: the one live region around whichever view is shown. */
export function App() {
  return (
    <Announcer>
      <Screen />
    </Announcer>
  );
}

/** Loads the configuration, restores the Supabase session, and shows sign-in or the app. */
function Screen() {
  const [boot, setBoot] = useState<Boot>({ state: "loading" });
  // undefined: not known yet (the stored session is being restored).
  const [session, setSession] = useState<Session | null | undefined>(undefined);

  useEffect(() => {
    let unsubscribe = () => {};
    loadConfig()
      .then(async (config) => {
        const auth = createAuth(config);
        setBoot({ state: "ready", config, auth });
        unsubscribe = auth.onChange(setSession);
        setSession(await auth.session());
      })
      .catch((cause: unknown) =>
        setBoot({
          state: "failed",
          message: cause instanceof Error ? cause.message : "The app could not start.",
        }),
      );
    return () => unsubscribe();
  }, []);

  if (boot.state === "failed") {
    return (
      <p class="boot" role="alert">
        {boot.message}
      </p>
    );
  }
  if (boot.state === "loading" || session === undefined) return <p class="boot">Loading…</p>;
  if (!session) return <SignInPage auth={boot.auth} config={boot.config} />;
  return (
    <Workspace key={session.user.id} auth={boot.auth} config={boot.config} email={session.user.email ?? ""} />
  );
}
