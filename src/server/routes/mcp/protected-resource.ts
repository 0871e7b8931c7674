/** Where a client finds how to authenticate to `/mcp` (RFC 9728, as the MCP authorization spec asks). */
export const PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource";

/** The protected-resource metadata: the MCP endpoint, and Supabase Auth as its authorization server. */
export function protectedResourceMetadata(origin: string, supabaseUrl: string) {
  return {
    resource: `${origin}/mcp`,
    authorization_servers: [`${supabaseUrl.replace(/\/$/, "")}/auth/v1`],
    bearer_methods_supported: ["header"],
    resource_name: "Trading agent",
    resource_documentation: `${origin}/docs`,
  };
}

/** The 401 challenge pointing at the metadata document. */
export function bearerChallenge(origin: string, error?: string): string {
  const parts = [`resource_metadata="${origin}${PROTECTED_RESOURCE_PATH}"`];
  if (error) parts.unshift(`error="invalid_token"`, `error_description="${error.replace(/["\\]/g, "")}"`);
  return `Bearer ${parts.join(", ")}`;
}
