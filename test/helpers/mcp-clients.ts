import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";

/** How a test client answers elicitation: not at all (no capability), or with this function. */
export type ElicitationAnswer = ((request: ElicitRequest["params"]) => ElicitResult) | null;

/** An SDK client; `modes` are the elicitation modes it declares. */
export async function connectClient(
  transport: Transport,
  answer: ElicitationAnswer,
  modes: Array<"form" | "url"> = ["form"],
): Promise<{ client: Client; asked: Array<ElicitRequest["params"]> }> {
  const asked: Array<ElicitRequest["params"]> = [];
  const elicitation = Object.fromEntries(modes.map((m) => [m, {}]));
  const client = new Client(
    { name: "test-client", version: "1.0.0" },
    { capabilities: answer ? { elicitation } : {} },
  );
  if (answer) {
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params);
      return answer(request.params);
    });
  }
  await client.connect(transport);
  return { client, asked };
}

export function httpTransport(url: string, token: string): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(new URL("/mcp", url), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
}
