import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { JsonAnswer } from "./http.js";
import type { RemoteCall, RemoteReply } from "./remote-client-worker.js";
import type {
  DecisionAnswer,
  PendingConfirmationView,
  ServiceClient,
  ThreadAnswer,
} from "./service-client.js";

const workerScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "remote-client-worker.ts");

/**
 * A signed-in user's client in a process of its own, as a browser is: the service's answer is
 * taken off the socket by a process that is not busy with the service's own work (a webhook, a
 * refresh after a trade). Latencies are measured in that process around each HTTP request.
 */
export class RemoteServiceClient {
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (e: Error) => void }
  >();

  private constructor(private readonly child: ChildProcess) {
    child.on("message", (reply: RemoteReply) => {
      const pending = this.waiting.get(reply.id);
      if (!pending) return;
      this.waiting.delete(reply.id);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new Error(reply.error));
    });
    child.on("exit", (code) => {
      for (const pending of this.waiting.values())
        pending.reject(new Error(`the client process exited (${code})`));
      this.waiting.clear();
    });
  }

  /** Starts the process for `client`'s user (same service, same token). */
  static async start(client: ServiceClient): Promise<RemoteServiceClient> {
    const child = fork(workerScript, [client.baseUrl, client.token], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    return new RemoteServiceClient(child);
  }

  private call<T>(call: RemoteCall): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, call });
    });
  }

  createThread(): Promise<string> {
    return this.call({ op: "createThread" });
  }

  send(threadId: string, content: string): Promise<JsonAnswer<ThreadAnswer>> {
    return this.call({ op: "send", threadId, content });
  }

  decide(
    threadId: string,
    pending: PendingConfirmationView,
    decision: "approve" | "reject",
  ): Promise<JsonAnswer<DecisionAnswer>> {
    return this.call({ op: "decide", threadId, pending, decision });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.disconnect();
    await exited;
  }
}
