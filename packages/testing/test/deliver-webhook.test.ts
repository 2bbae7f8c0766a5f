import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeWebhookHandler } from "@avala/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { deliverWebhook, signWebhook } from "../src/index.js";

const SECRET = "testing-secret";
const received: unknown[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer(
    createNodeWebhookHandler({
      secret: SECRET,
      on: { "export.completed": (event) => void received.push([event.id, event.payload.uid]) },
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it("delivers a signed event that a receiver accepts, once per delivery id", async () => {
  const sent = { event: "export.completed", payload: { uid: "exp_7" }, secret: SECRET, id: "t-1" } as const;
  expect((await deliverWebhook(url, sent)).status).toBe(200);
  expect(await (await deliverWebhook(url, sent)).json()).toEqual({ received: true, duplicate: true });
  expect(received).toEqual([["t-1", "exp_7"]]);
});

it("signs with the wrong secret or a replaced signature when asked, and the receiver refuses", async () => {
  const bad = await deliverWebhook(url, {
    event: "export.completed",
    payload: { uid: "x" },
    secret: "wrong",
  });
  expect(bad.status).toBe(401);
  const body = JSON.stringify({ uid: "y" });
  const replaced = await deliverWebhook(url, {
    event: "export.completed",
    payload: body,
    secret: SECRET,
    signature: await signWebhook("other body", SECRET),
  });
  expect(replaced.status).toBe(401);
});
