import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import type { ApiApp } from "./api-app.js";

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Stops accepting, lets the requests in flight finish (up to `graceMs`), then cuts every
   * connection: idle ones, and ones a client opened but never sent a request on.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Requests in flight on a server. Node's own close waits for every connection to end, and a
 * connection that never carried a request (a client's spare, as fetch opens) counts as busy: it
 * would hold the close until the grace ran out. What must finish is the requests.
 */
function trackRequests(http: Server) {
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  http.on("request", (_request, response) => {
    inFlight += 1;
    response.once("close", () => {
      inFlight -= 1;
      if (inFlight === 0) for (const resolve of waiting.splice(0)) resolve();
    });
  });
  return {
    /** Resolves once no request is in flight. */
    idle(): Promise<void> {
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

export function listen(app: Pick<ApiApp, "fetch">, port: number, host: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
        const url = `http://${host.includes(":") ? `[${host}]` : host}:${info.port}`;
        resolve({
          url,
          port: info.port,
          close: (graceMs = 10_000) =>
            new Promise<void>((done) => {
              const timer = setTimeout(() => http.closeAllConnections(), graceMs);
              timer.unref();
              http.close(() => {
                clearTimeout(timer);
                done();
              });
              void requests.idle().then(() => http.closeAllConnections());
            }),
        });
      });
      const http = server as Server;
      const requests = trackRequests(http);
      // Longer than a load balancer's idle timeout (often 60 s), so it never reuses a closed socket.
      http.keepAliveTimeout = 65_000;
      http.headersTimeout = 66_000;
      server.once("error", reject);
    } catch (error) {
      reject(error);
    }
  });
}
