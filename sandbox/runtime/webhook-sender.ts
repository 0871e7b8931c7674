import { newId } from "../lib/ids.js";
import type { WebhookDelivery } from "../world/types.js";
import type { World } from "../world/world.js";
import type { Lifecycle } from "./lifecycle.js";

export interface OutgoingWebhook {
  provider: "snaptrade" | "plaid";
  eventType: string;
  url: string;
  /** The exact bytes to send (signatures are computed over them or their canonical form). */
  body: string;
  headers: Record<string, string>;
  payload: unknown;
}

/**
 * Best-effort webhook delivery: asynchronous (an API answer never waits for it), one at a
 * time per sandbox so events arrive in the order they happened, with a short timeout, and
 * aborted when the sandbox closes. Every attempt is logged in the world (GET /__sandbox/webhooks).
 */
export class WebhookSender {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly world: World,
    private readonly lifecycle: Lifecycle,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Resolves once every delivery queued so far has been answered (or has failed): the receiver
   * has finished handling it. For in-process benchmarks and tests that must not race a webhook.
   */
  async idle(): Promise<void> {
    await this.queue;
  }

  /** Queues a delivery; the promise resolves with its outcome (callers may ignore it). */
  send(webhook: OutgoingWebhook): Promise<WebhookDelivery> {
    const delivery = this.queue.then(() => this.deliver(webhook));
    this.queue = delivery.catch(() => undefined);
    return delivery;
  }

  private async deliver(webhook: OutgoingWebhook): Promise<WebhookDelivery> {
    const record: WebhookDelivery = {
      id: newId(),
      provider: webhook.provider,
      eventType: webhook.eventType,
      url: webhook.url,
      status: null,
      error: null,
      at: this.world.nowIso(),
      payload: webhook.payload,
    };
    if (this.lifecycle.closed) {
      record.error = "sandbox closed";
      return record;
    }
    try {
      const response = await fetch(webhook.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...webhook.headers },
        body: webhook.body,
        signal: AbortSignal.any([this.lifecycle.signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      record.status = response.status;
      await response.body?.cancel();
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    this.world.logWebhook(record);
    return record;
  }
}
