import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import type { ApiApp } from "./api-app.js";

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

export function listen(app: ApiApp, port: number, host: string): Promise<RunningServer> {
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
              const http = server as import("node:http").Server;
              const timer = setTimeout(() => http.closeAllConnections?.(), graceMs);
              timer.unref();
              http.close(() => {
                clearTimeout(timer);
                done();
              });
              http.closeIdleConnections?.();
            }),
        });
      });
      // Longer than a load balancer's idle timeout (often 60 s), so it never reuses a closed socket.
      const http = server as import("node:http").Server;
      http.keepAliveTimeout = 65_000;
      http.headersTimeout = 66_000;
      server.once("error", reject);
    } catch (error) {
      reject(error);
    }
  });
}
