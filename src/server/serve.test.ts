import { connect, type Socket } from "node:net";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { listen, type RunningServer } from "./serve.js";

/** A grace no test waits out: a close that needs it makes the test time out. */
const longGraceMs = 60 * 60 * 1000;

function openConnection(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

describe("closing the HTTP server", () => {
  const sockets: Socket[] = [];
  let server: RunningServer | undefined;
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await server?.close(0);
    server = undefined;
  });

  it("does not wait for a connection that never carried a request", async () => {
    const app = new Hono().get("/", (c) => c.text("ok"));
    server = await listen(app, 0, "127.0.0.1");
    const spare = await openConnection(server.port);
    sockets.push(spare);
    const closedByServer = new Promise((resolve) => spare.once("close", resolve));

    await server.close(longGraceMs);

    await closedByServer;
    expect(spare.destroyed).toBe(true);
  });

  it("lets a request in flight finish, then closes", async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => {};
    const handlerStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const app = new Hono().get("/slow", async (c) => {
      started();
      await released;
      return c.text("finished");
    });
    server = await listen(app, 0, "127.0.0.1");
    const answer = fetch(`${server.url}/slow`).then(async (r) => ({
      status: r.status,
      body: await r.text(),
    }));
    await handlerStarted;

    let closed = false;
    const closing = server.close(longGraceMs).then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    release();

    expect(await answer).toEqual({ status: 200, body: "finished" });
    await closing;
    expect(closed).toBe(true);
  });
});
