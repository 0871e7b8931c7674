import { newId, stableUuid } from "../lib/ids.js";
import type { SandboxContext } from "../runtime/context.js";
import type { WorldEvent } from "../world/events.js";
import type { Account, Order, SnaptradeConnection, WebhookDelivery } from "../world/types.js";
import { orderRecordShape } from "./serialize.js";
import { signWebhook } from "./signature.js";

/** Fields an event carries besides the common ones (webhookId, clientId, eventTimestamp...). */
export interface SnaptradeEventInput {
  userId: string;
  eventType: string;
  [field: string]: unknown;
}

const brokerageIdOf = (connection: SnaptradeConnection) =>
  stableUuid(`brokerage:${connection.brokerage.slug}`);

/**
 * Builds, signs and sends SnapTrade webhooks. The payload is sent as compact JSON and signed
 * like SnapTrade does: `Signature` = base64 HMAC-SHA256 (consumer key) over the Python-style
 * canonical JSON. World changes become events automatically once `attach()` is called.
 */
export class SnaptradeWebhooks {
  constructor(private readonly ctx: SandboxContext) {}

  /** Sends one event now (no-op resolving to null without a configured URL). */
  send(input: SnaptradeEventInput): Promise<WebhookDelivery | null> {
    const url = this.ctx.config.snaptradeWebhookUrl;
    if (!url) return Promise.resolve(null);
    const payload = {
      webhookId: newId(),
      clientId: this.ctx.options.snaptradeClientId,
      eventTimestamp: new Date().toISOString(),
      ...input,
    };
    return this.ctx.webhooks.send({
      provider: "snaptrade",
      eventType: input.eventType,
      url,
      body: JSON.stringify(payload),
      headers: { Signature: signWebhook(this.ctx.options.snaptradeConsumerKey, payload) },
      payload,
    });
  }

  attach(): void {
    this.ctx.world.on((event) => {
      for (const input of this.eventsFor(event)) void this.send(input);
    });
  }

  private connectionOf(account: Account): SnaptradeConnection | undefined {
    if (account.provider !== "snaptrade" || !account.connectionId) return undefined;
    const connection = this.ctx.world.connections.get(account.connectionId);
    return connection?.attached ? connection : undefined;
  }

  private holdingsUpdated(account: Account, connection: SnaptradeConnection): SnaptradeEventInput {
    const ok = { success: true, error: null };
    return {
      userId: connection.userId,
      eventType: "ACCOUNT_HOLDINGS_UPDATED",
      accountId: account.id,
      brokerageId: brokerageIdOf(connection),
      brokerageAuthorizationId: connection.id,
      details: { total_value: ok, positions: ok, balances: ok, orders: ok },
    };
  }

  private tradeUpdate(order: Order, connection: SnaptradeConnection): SnaptradeEventInput {
    const record = orderRecordShape(this.ctx.world, order);
    return {
      userId: connection.userId,
      eventType: "TRADE_UPDATE",
      accountId: order.accountId,
      brokerageId: brokerageIdOf(connection),
      brokerageAuthorizationId: connection.id,
      details: {
        orders: [
          {
            brokerage_order_id: record.brokerage_order_id,
            status: record.status,
            order_type: record.order_type,
            time_in_force: record.time_in_force,
            time_placed: record.time_placed,
            time_executed: record.time_executed,
            legs: [
              {
                instrument: { symbol: order.symbol, kind: "stock" },
                action: record.action,
                total_quantity: record.total_quantity,
                filled_quantity: record.filled_quantity,
                execution_price: record.execution_price,
                limit_price: record.limit_price,
                stop_price: record.stop_price,
              },
            ],
          },
        ],
      },
    };
  }

  private eventsFor(event: WorldEvent): SnaptradeEventInput[] {
    switch (event.kind) {
      case "connectionAdded": {
        const { connection } = event;
        const base = { userId: connection.userId, brokerageAuthorizationId: connection.id };
        return [
          { ...base, eventType: "CONNECTION_ADDED", brokerageId: brokerageIdOf(connection) },
          ...event.accounts.map((a) => ({ ...base, eventType: "NEW_ACCOUNT_AVAILABLE", accountId: a.id })),
          ...event.accounts.map((a) => this.holdingsUpdated(a, connection)),
        ];
      }
      case "connectionFixed":
      case "connectionBroken":
        return [
          {
            userId: event.connection.userId,
            eventType: event.kind === "connectionFixed" ? "CONNECTION_FIXED" : "CONNECTION_BROKEN",
            brokerageAuthorizationId: event.connection.id,
          },
        ];
      case "connectionDeleted":
        return [
          {
            userId: event.connection.userId,
            eventType: "CONNECTION_DELETED",
            brokerageId: brokerageIdOf(event.connection),
            brokerageAuthorizationId: event.connection.id,
          },
        ];
      case "holdingsUpdated": {
        const connection = this.connectionOf(event.account);
        return connection ? [this.holdingsUpdated(event.account, connection)] : [];
      }
      case "orderUpdated": {
        const account = this.ctx.world.accounts.get(event.order.accountId);
        const connection = account && event.order.visible ? this.connectionOf(account) : undefined;
        return connection ? [this.tradeUpdate(event.order, connection)] : [];
      }
    }
  }
}
