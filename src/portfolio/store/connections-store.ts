import type { ConnectionStatus } from "../../brokers/model.js";
import type { Queryable } from "../../core/db/queryable.js";
import type { SnaptradeConnectionInfo } from "../broker-clients.js";

export interface StoredConnection {
  id: string;
  brokerageName: string;
  connectionType: "trade" | "read";
  status: ConnectionStatus;
}

export async function listConnections(q: Queryable, userId: string): Promise<StoredConnection[]> {
  const result = await q.query<{
    id: string;
    brokerage_name: string;
    connection_type: "trade" | "read";
    status: ConnectionStatus;
  }>(
    `select id, brokerage_name, connection_type, status from snaptrade_brokerage_connections
     where user_id = $1 order by brokerage_name, id`,
    [userId],
  );
  return result.rows.map((r) => ({
    id: r.id,
    brokerageName: r.brokerage_name,
    connectionType: r.connection_type,
    status: r.status,
  }));
}

/** Upsert on the natural key (SnapTrade's authorization id); a row of another user is never taken over. */
export async function upsertConnection(
  q: Queryable,
  userId: string,
  connection: SnaptradeConnectionInfo,
): Promise<void> {
  const status: ConnectionStatus = connection.disabled ? "disabled" : "active";
  await q.query(
    `insert into snaptrade_brokerage_connections (id, user_id, brokerage_name, brokerage_slug, connection_type,
       status, status_changed_at)
     values ($1, $2, $3, $4, $5, $6, now())
     on conflict (id) do update set brokerage_name = excluded.brokerage_name, brokerage_slug = excluded.brokerage_slug,
       connection_type = excluded.connection_type, status = excluded.status,
       status_changed_at = case when snaptrade_brokerage_connections.status = excluded.status
         then snaptrade_brokerage_connections.status_changed_at else now() end,
       updated_at = now()
     where snaptrade_brokerage_connections.user_id = excluded.user_id`,
    [connection.id, userId, connection.brokerageName, connection.brokerageSlug, connection.type, status],
  );
}

export async function setConnectionStatus(
  q: Queryable,
  userId: string,
  connectionId: string,
  status: ConnectionStatus,
): Promise<boolean> {
  const result = await q.query(
    `update snaptrade_brokerage_connections set status = $3, status_changed_at = now(), updated_at = now()
     where user_id = $1 and id = $2`,
    [userId, connectionId, status],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function deleteConnection(q: Queryable, userId: string, connectionId: string): Promise<void> {
  await q.query("delete from snaptrade_brokerage_connections where user_id = $1 and id = $2", [
    userId,
    connectionId,
  ]);
}

/** Connections SnapTrade no longer lists are gone (deleted in the portal, or a missed webhook). */
export async function pruneConnections(q: Queryable, userId: string, keepIds: string[]): Promise<string[]> {
  const result = await q.query<{ id: string }>(
    "delete from snaptrade_brokerage_connections where user_id = $1 and not (id = any($2::text[])) returning id",
    [userId, keepIds],
  );
  return result.rows.map((r) => r.id);
}

export async function deleteAllConnections(q: Queryable, userId: string): Promise<void> {
  await q.query("delete from snaptrade_brokerage_connections where user_id = $1", [userId]);
}
