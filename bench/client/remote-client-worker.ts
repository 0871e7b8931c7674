import { assertLoopback } from "./http.js";
import { type PendingConfirmationView, ServiceClient } from "./service-client.js";

/**
 * The remote client's process (bench/client/remote-client.ts): one ServiceClient, driven over
 * IPC one request at a time. Each answer carries the time this process measured around the HTTP
 * request alone, so the IPC that asked for it is not in the figure.
 */
export type RemoteCall =
  | { op: "createThread" }
  | { op: "send"; threadId: string; content: string }
  | { op: "decide"; threadId: string; pending: PendingConfirmationView; decision: "approve" | "reject" };

export type RemoteReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

const [baseUrl, token] = process.argv.slice(2);
if (!baseUrl || !token || !process.send)
  throw new Error("usage: fork remote-client-worker.ts <baseUrl> <token>");
assertLoopback(baseUrl);
const client = new ServiceClient(baseUrl, token);

function perform(call: RemoteCall): Promise<unknown> {
  switch (call.op) {
    case "createThread":
      return client.createThread();
    case "send":
      return client.send(call.threadId, call.content);
    case "decide":
      return client.decide(call.threadId, call.pending, call.decision);
  }
}

process.on("message", (message: { id: number; call: RemoteCall }) => {
  perform(message.call).then(
    (value) => process.send?.({ id: message.id, ok: true, value } satisfies RemoteReply),
    (error: unknown) =>
      process.send?.({ id: message.id, ok: false, error: String(error) } satisfies RemoteReply),
  );
});
process.on("disconnect", () => process.exit(0));
