import { assertLoopback, requestJson } from "../client/http.js";
import { ServiceClient, signIn } from "../client/service-client.js";

/**
 * Finds the broker sandbox behind a running service when --sandbox-url was not given: when the
 * service serves its web app config in sandbox mode, sign the demo user in through the service's
 * `/auth/v1` pass-through and ask for a SnapTrade portal URL, which lives on the sandbox.
 */
export async function discoverSandbox(serviceUrl: string): Promise<string> {
  const config = await requestJson<{
    sandbox?: boolean;
    supabaseUrl?: string;
    supabaseAnonKey?: string;
    demoCredentials?: { email: string; password: string };
  }>(`${serviceUrl}/app-config.json`).catch(() => null);
  const body = config?.status === 200 ? config.body : null;
  if (!body?.sandbox || !body.demoCredentials || !body.supabaseUrl) {
    throw new Error(
      "could not discover the broker sandbox: pass --sandbox-url (npm start prints it as 'Broker sandbox at http://127.0.0.1:PORT')",
    );
  }
  const token = await signIn(
    body.supabaseUrl,
    body.demoCredentials.email,
    body.demoCredentials.password,
    body.supabaseAnonKey,
  );
  const answer = await new ServiceClient(serviceUrl, token).request<{ redirectUrl: string }>(
    "/api/snaptrade/connection-url",
    { body: { connectionType: "read" } },
  );
  if (answer.status !== 200) throw new Error(`sandbox discovery: connection-url answered ${answer.status}`);
  const sandboxUrl = new URL(answer.body.redirectUrl).origin;
  assertLoopback(sandboxUrl);
  return sandboxUrl;
}
