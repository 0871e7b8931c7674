import { type AgentGraph, compileAgentGraph } from "../graphs/agent-graph.js";
import {
  DEMO_ALPACA_KEY_ID,
  DEMO_ALPACA_SECRET,
  DEMO_PLAID_PUBLIC_TOKEN,
  DEMO_USER_ID,
} from "../sandbox/index.js";
import { createAgentTools } from "../tools/index.js";
import { type BrokerClientOptions, createBrokerClients } from "./brokers/clients.js";
import { createPlaidWebhookKeySource } from "./brokers/plaid/webhook-keys.js";
import { limitsFor, PostgresRateBudget } from "./brokers/rate-budget.js";
import { ChatService } from "./chat/chat-service.js";
import { SingleStatementPostgresSaver } from "./chat/checkpoint-saver.js";
import { ThreadsRepository } from "./chat/threads-repository.js";
import type { Config } from "./core/config.js";
import { type Database, openDatabase } from "./core/db/database.js";
import { migrate } from "./core/db/migrate.js";
import { ProcessPresence } from "./core/db/process-presence.js";
import type { PoolClientLike, PoolLike, Queryable } from "./core/db/queryable.js";
import type { Logger } from "./core/logger.js";
import { createKeyring, type Keyring, loadOrCreateLocalKey } from "./core/secrets/keyring.js";
import { type EmbeddedSandbox, startEmbeddedSandbox } from "./embedded-sandbox.js";
import { McpHttpSessions } from "./mcp/http-sessions.js";
import { createChatModel } from "./models/chat-model.js";
import { loadSystemPrompt } from "./models/system-prompt.js";
import { OrdersEngine } from "./orders/engine.js";
import type { ReconcilerOptions } from "./orders/reconciler.js";
import type { SubmissionHooks } from "./orders/submitter.js";
import { tradeUpdateListener } from "./orders/trade-update-listener.js";
import {
  createPortfolioModule,
  type PortfolioModule,
  type PortfolioModuleOptions,
} from "./portfolio/index.js";
import { apiRoutes } from "./server/api-routes.js";
import { createApp } from "./server/app.js";
import { createSupabaseTokenVerifier } from "./server/auth/token-verifier.js";
import type { ServerDeps } from "./server/deps.js";
import { RateLimiter } from "./server/rate-limiter.js";
import type { ChatRouteOptions } from "./server/routes/chat/index.js";
import { chatWritesCheckedByRoute } from "./server/routes/chat/index.js";
import { mcpRoutes } from "./server/routes/mcp/index.js";
import { portfolioPublicApiPaths } from "./server/routes/portfolio/index.js";
import { webRoutes } from "./server/routes/web/index.js";
import { listen } from "./server/serve.js";

export interface ServiceOptions {
  config: Config;
  logger: Logger;
  /** Tests: keep the database in memory instead of DATA_DIR. */
  inMemoryDatabase?: boolean;
  /** Tests: an in-memory database starts from this dumped, already migrated PGlite cluster. */
  databaseTemplate?: Blob;
  /** Start the order reconciler loop (default true). */
  reconciler?: boolean;
  /** Link the sandbox's demo user at start-up (embedded default only; default true). */
  linkDemoUser?: boolean;
  /** Broker client timeouts and retries (tests shorten them). */
  brokers?: BrokerClientOptions;
  /** Orders engine seams: crash hooks and reconciler pacing (tests). */
  orders?: { hooks?: SubmissionHooks; reconciler?: ReconcilerOptions };
  /** Portfolio sync pacing (tests). */
  portfolio?: PortfolioModuleOptions;
  /** Per-user limits on chat messages and confirmation decisions. */
  chatLimits?: ChatRouteOptions;
  /** Messages in a page of a thread's transcript when the client names no limit (tests shorten it). */
  transcriptPageSize?: number;
}

export interface RunningService {
  url: string;
  config: Config;
  db: Database;
  keyring: Keyring;
  portfolio: PortfolioModule;
  orders: OrdersEngine;
  chat: ChatService;
  graph: AgentGraph;
  /** Present in the embedded default. */
  sandbox: EmbeddedSandbox | undefined;
  close(): Promise<void>;
}

/** The checkpoints live in their own schema of the shared database, on the shared pool. */
export async function createCheckpointer(pool: PoolLike): Promise<SingleStatementPostgresSaver> {
  const schema = "langgraph";
  // setup() takes no lock: workers or replicas starting together on an empty database race on the
  // catalog (its rows, a table's row type, the table itself). It runs here on one client holding
  // an advisory lock: the others wait, then find every migration applied. Not in a transaction:
  // setup() reads its migrations table expecting an error while there is none.
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(`select pg_advisory_lock(hashtext('${checkpointerSetupLock}'))`);
    try {
      await new SingleStatementPostgresSaver(onOneClient(client), { schema }).setup();
    } finally {
      await client.query(`select pg_advisory_unlock(hashtext('${checkpointerSetupLock}'))`).catch(() => {
        broken = true;
      });
    }
  } finally {
    // A client whose lock could not be given back is closed, which gives it back.
    client.release(broken);
  }
  return new SingleStatementPostgresSaver(pool, { schema });
}

const checkpointerSetupLock = "langgraph-checkpointer-setup";

/** A pool that lends `client` and nothing else (its release does nothing: the caller owns it). */
function onOneClient(client: Queryable): PoolLike {
  const lent: PoolClientLike = { query: client.query.bind(client), release: () => {} };
  return {
    query: lent.query,
    connect: async () => lent,
    end: async () => {},
  };
}

/** config -> (sandbox) -> database -> services -> server. Everything started here is stopped by close(). */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { logger } = options;
  let config = options.config;
  const cleanups: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    cleanups.length = 0;
  };
  try {
    const sandbox =
      config.brokerMode === "sandbox"
        ? await startEmbeddedSandbox(config, { persist: !options.inMemoryDatabase })
        : undefined;
    if (sandbox) {
      cleanups.push(() => sandbox.close());
      config = sandbox.config;
    }

    const db = await openDatabase({
      url: config.database.url,
      dataDir: options.inMemoryDatabase ? undefined : config.dataDir,
      poolMax: config.database.poolMax,
      template: options.inMemoryDatabase ? options.databaseTemplate : undefined,
    });
    cleanups.push(() => db.close());
    const applied = await migrate(db.pool);
    if (applied.length > 0) logger.info({ migrations: applied }, "database migrated");
    const checkpointer = await createCheckpointer(db.checkpointPool);
    // On a shared Postgres, other processes learn at once that this one died (its leases free).
    const presence = db.kind === "postgres" ? await ProcessPresence.claim(db.pool) : undefined;
    if (presence) cleanups.push(() => presence.close());

    const keyring = createKeyring(
      config.encryption.key ?? loadOrCreateLocalKey(config.dataDir),
      config.encryption.previousKeys,
    );
    const { supabaseUrl, anonKey, jwtSecret } = config.auth;
    if (!supabaseUrl || !anonKey) {
      throw new Error("SUPABASE_URL and SUPABASE_ANON_KEY are required outside the embedded default");
    }

    let publicUrl = config.publicUrl;
    const rateBudget = config.snaptradeRequestsPerMinute
      ? new PostgresRateBudget(db.pool, limitsFor(config.snaptradeRequestsPerMinute))
      : undefined;
    const brokers = createBrokerClients(config, logger, { rateBudget, ...options.brokers });
    const portfolio = createPortfolioModule({
      config,
      logger,
      db,
      keyring,
      brokers,
      plaidWebhookKeys: config.plaid
        ? createPlaidWebhookKeySource(
            config.plaid,
            { timeoutMs: 5_000, readRetry: { attempts: 2, baseDelayMs: 100, maxDelayMs: 500 } },
            logger,
          )
        : undefined,
      options: { publicUrl: () => publicUrl, ...options.portfolio },
    });
    cleanups.push(() => portfolio.close());
    const orders = new OrdersEngine({
      config,
      logger,
      db,
      keyring,
      portfolio: portfolio.service,
      reconnectUrl: (userId, connectionId) => portfolio.linking.reconnectUrl(userId, connectionId),
      hooks: options.orders?.hooks,
      reconciler: options.orders?.reconciler,
    });
    portfolio.webhooks.onTradeUpdate(tradeUpdateListener(orders, logger));

    const graph = compileAgentGraph(
      {
        model: createChatModel(config),
        tools: createAgentTools({ portfolio: portfolio.service, orders }),
        orders,
        systemPrompt: loadSystemPrompt(),
      },
      checkpointer,
    );
    const chat = new ChatService({
      graph,
      threads: new ThreadsRepository(db.pool, {
        singleProcess: db.kind === "pglite",
        presence,
        latestCheckpointSql: (thread, onlyWhen) => checkpointer.latestCheckpointSql(thread, onlyWhen),
      }),
      orders,
      logger,
      transcriptPageSize: options.transcriptPageSize,
    });

    const deps: ServerDeps = {
      config,
      logger,
      db,
      verifier: createSupabaseTokenVerifier({ supabaseUrl, anonKey, jwtSecret }),
      runtime: {
        brokers: sandbox ? "sandbox" : "live",
        model: config.openai ? "openai" : "offline",
        demoCredentials: sandbox?.demo,
      },
    };
    const mcpSessions = new McpHttpSessions({ services: { portfolio: portfolio.service, orders } });
    cleanups.push(() => mcpSessions.close());
    const app = createApp(deps, {
      publicApiPaths: [...portfolioPublicApiPaths],
      writesCheckedByRoute: chatWritesCheckedByRoute,
      routes: [
        apiRoutes({
          portfolio: {
            reader: portfolio.reader,
            linking: portfolio.linking,
            webhooks: portfolio.webhooks,
            plaidWebhooks: portfolio.plaidWebhooks,
            service: portfolio.service,
          },
          orders,
          chat,
          limiter: new RateLimiter(db.pool),
          chatLimits: options.chatLimits ?? {
            messages: { limit: config.rateLimits.messagesPerMinute, windowSeconds: 60 },
            confirmations: { limit: config.rateLimits.confirmationsPerMinute, windowSeconds: 60 },
          },
        }),
        mcpRoutes({ sessions: mcpSessions, orders }),
        webRoutes({
          supabaseUrl,
          supabaseAnonKey: anonKey,
          demoCredentials: sandbox?.demo,
        }),
      ],
    });
    const server = await listen(app, config.port, config.host);
    cleanups.push(() => server.close());
    publicUrl ??= server.url;

    if (sandbox) {
      await sandbox.pointWebhooksAt(`${publicUrl}/api/snaptrade/webhook`, `${publicUrl}/api/plaid/webhook`);
      if (options.linkDemoUser ?? true) {
        await portfolio.linking.linkSandboxUser(DEMO_USER_ID, {
          snaptrade: { connections: [] },
          alpaca: { keyId: DEMO_ALPACA_KEY_ID, secret: DEMO_ALPACA_SECRET },
          plaid: { publicToken: DEMO_PLAID_PUBLIC_TOKEN },
        });
      }
    }
    if (options.reconciler ?? true) {
      orders.start();
      cleanups.push(() => orders.stop());
    }

    return {
      url: server.url,
      config,
      db,
      keyring,
      portfolio,
      orders,
      chat,
      graph,
      sandbox,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
