import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type CreateSandboxAppOptions, createSandboxApp, type SandboxApp } from "./app.js";
import { DEFAULT_HOST } from "./defaults.js";
import type { World } from "./world/world.js";

export interface StartSandboxOptions extends CreateSandboxAppOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
}

export interface RunningSandbox {
  /** Base URL, e.g. `http://127.0.0.1:4010` (SnapTrade is at `${url}/snaptrade`). */
  url: string;
  port: number;
  /** The in-memory world (for in-process tests). */
  world: World;
  /** The whole sandbox app (context, faults, stats) for in-process use. */
  sandbox: SandboxApp;
  /** Stops everything: timers, held requests, sockets. Safe to call twice. */
  close(): Promise<void>;
}

/** Starts the sandbox on @hono/node-server and resolves once it listens. */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const sandbox = createSandboxApp(options);
  const host = options.host ?? DEFAULT_HOST;
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      // Keep the host process's global Request/Response untouched: the sandbox often runs in-process.
      const serveOptions = {
        fetch: sandbox.app.fetch,
        port: options.port ?? 0,
        hostname: host,
        overrideGlobalObjects: false,
      };
      const started = serve(serveOptions, () => resolve(started as Server)) as Server;
      // Node closes an idle keep-alive socket after 5 s, which a client whose event loop was busy
      // (in-process PGlite blocks it) may not notice before reusing it: ECONNRESET. As the service does.
      const http = started as import("node:http").Server;
      http.keepAliveTimeout = 65_000;
      http.headersTimeout = 66_000;
      started.once("error", reject);
    });
  } catch (error) {
    await sandbox.shutdown().catch(() => {});
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    world: sandbox.world,
    sandbox,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        const saved = sandbox.shutdown();
        server.close(() => saved.then(resolve, reject));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
