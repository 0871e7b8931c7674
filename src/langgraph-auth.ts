import { Auth, HTTPException } from "@langchain/langgraph-sdk/auth";
import { UnauthorizedError } from "./core/errors.js";
import { createSupabaseTokenVerifier, type TokenVerifier } from "./server/auth/token-verifier.js";
import { studioService } from "./studio.js";

let verifier: Promise<TokenVerifier> | undefined;

/** The same Supabase token check as /api, against the service's configured auth server. */
function supabaseVerifier(): Promise<TokenVerifier> {
  verifier ??= studioService().then(({ config }) => {
    const { supabaseUrl, anonKey, jwtSecret } = config.auth;
    return createSupabaseTokenVerifier({ supabaseUrl: supabaseUrl!, anonKey: anonKey!, jwtSecret });
  });
  return verifier;
}

/**
 * The LangGraph server's auth (langgraph.json `auth.path`): every request carries a Supabase
 * access token; threads, runs and crons are stamped with their owner and only their owner
 * finds them; a run acts for the verified user, whatever `configurable.userId` the client sent.
 */
export const auth = new Auth()
  .authenticate(async (request) => {
    // agent-chat-ui and the SDK send an "API key" as X-Api-Key: it is accepted as the same token.
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    const token = bearer ?? request.headers.get("x-api-key");
    if (!token) throw new HTTPException(401, { message: "A valid access token is required." });
    try {
      const user = await (await supabaseVerifier()).verify(token);
      return {
        identity: user.id,
        permissions: [],
        is_authenticated: true,
        display_name: user.email ?? user.id,
      };
    } catch (error) {
      if (error instanceof UnauthorizedError) throw new HTTPException(401, { message: error.message });
      throw error;
    }
  })
  .on("threads:create_run", ({ value, user }) => {
    value.metadata = { ...value.metadata, owner: user.identity };
    const config = (value.kwargs.config ?? {}) as { configurable?: Record<string, unknown> };
    config.configurable = { ...config.configurable, userId: user.identity };
    value.kwargs.config = config;
    return { owner: user.identity };
  })
  .on("*", ({ value, user }) => {
    if (value && typeof value === "object" && "metadata" in value) {
      const v = value as { metadata?: Record<string, unknown> | null };
      v.metadata = { ...v.metadata, owner: user.identity };
    }
    return { owner: user.identity };
  });
