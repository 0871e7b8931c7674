import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { World } from "../world/world.js";
import { Lifecycle } from "./lifecycle.js";
import { WebhookSender } from "./webhook-sender.js";

describe("WebhookSender.idle", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it("resolves only once every queued delivery has been answered by its receiver", async () => {
    const handled: string[] = [];
    // A receiver that takes its time, as a service under load does.
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () =>
        setTimeout(() => {
          handled.push(body);
          res.end("ok");
        }, 40),
      );
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const sender = new WebhookSender(new World(), new Lifecycle(), 5_000);
    const webhook = (body: string) =>
      sender.send({ provider: "snaptrade", eventType: "TRADE_UPDATE", url, body, headers: {}, payload: {} });

    await sender.idle();
    void webhook("first");
    void webhook("second");
    await sender.idle();
    expect(handled).toEqual(["first", "second"]);
  });
});
