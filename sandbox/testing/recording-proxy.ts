import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedExchange {
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  contentType: string;
  body: string;
}

const HOP_BY_HOP = new Set([
  "host",
  "connection",
  "content-length",
  "transfer-encoding",
  "keep-alive",
  "content-encoding",
]);

/**
 * A loopback proxy that forwards to the sandbox and records every answer, so contract tests
 * can validate exactly what the SDKs read. Paths and queries pass through untouched (the
 * SnapTrade signature does not cover the host).
 */
export async function startRecordingProxy(target: string) {
  const exchanges: RecordedExchange[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(
          ([name, value]) => !HOP_BY_HOP.has(name) && typeof value === "string",
        ),
      ) as Record<string, string>;
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      try {
        const upstream = await fetch(`${target}${request.url}`, {
          method: request.method,
          headers,
          body,
          redirect: "manual",
        });
        const payload = Buffer.from(await upstream.arrayBuffer());
        exchanges.push({
          method: request.method ?? "GET",
          path: (request.url ?? "/").split("?")[0] ?? "/",
          status: upstream.status,
          contentType: upstream.headers.get("content-type") ?? "",
          body: payload.toString("utf8"),
        });
        const outHeaders: Record<string, string> = {};
        upstream.headers.forEach((value, name) => {
          if (!HOP_BY_HOP.has(name)) outHeaders[name] = value;
        });
        response.writeHead(upstream.status, outHeaders).end(payload);
      } catch (error) {
        response.writeHead(502).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
