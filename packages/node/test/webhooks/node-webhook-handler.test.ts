// createNodeWebhookHandler behind node:http and Express (real servers on local ports), and the Redis claim store
// against a real redis-server.
import { createHmac } from "node:crypto";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type RedisServer, startRedisServer } from "@avala-tools/redis-server";
import express from "express";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createNodeWebhookHandler, createWebhookHandler, type WebhookEvent } from "../../src/index.js";
import { createRedisClaimStore, type RedisClaimStore } from "../../src/redis/index.js";

const SECRET = "node-webhook-secret";
const BODY = JSON.stringify({ uid: "exp_9", status: "completed" });
const sign = (body: string, secret = SECRET) => createHmac("sha256", secret).update(body).digest("hex");

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function deliver(url: string, body = BODY, init: { signature?: string; id?: string } = {}) {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-avala-webhook-signature": init.signature ?? sign(body),
      "x-avala-webhook-event": "export.completed",
      "x-avala-webhook-delivery": init.id ?? "d-1",
    },
    body,
  });
}

describe("createNodeWebhookHandler", () => {
  it("verifies and handles a delivery under node:http; refuses a tampered one with 401", async () => {
    const handled: string[] = [];
    const url = await listen(
      createNodeWebhookHandler({
        secret: SECRET,
        on: { "export.completed": (event) => void handled.push(event.payload.uid) },
      }),
    );
    const ok = await deliver(url);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ received: true });
    const bad = await deliver(url, BODY.replace("exp_9", "exp_0"), { signature: sign(BODY), id: "d-2" });
    expect(bad.status).toBe(401);
    expect(handled).toEqual(["exp_9"]);
  });

  it("explains a body consumed by express.json(), and answers 500 so the delivery is retried", async () => {
    const errors: Error[] = [];
    const app = express();
    app.use(express.json());
    app.post(
      "/webhooks/avala",
      createNodeWebhookHandler({ secret: SECRET, onError: (e) => void errors.push(e as Error) }),
    );
    const url = await listen(app);
    const response = await deliver(`${url}/webhooks/avala`);
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body.error).toBe("parsed_body");
    expect(body.message).toContain("express.raw");
    expect(errors[0]?.message).toContain("before express.json()");
  });

  it("works after express.raw() and when mounted before express.json()", async () => {
    const handled: string[] = [];
    const options = {
      secret: SECRET,
      on: { "export.completed": (e: { id: string }) => void handled.push(e.id) },
    };
    const app = express();
    app.post("/raw", express.raw({ type: "application/json" }), createNodeWebhookHandler(options));
    app.post("/first", createNodeWebhookHandler(options));
    app.use(express.json());
    const url = await listen(app);
    expect((await deliver(`${url}/raw`, BODY, { id: "r-1" })).status).toBe(200);
    expect((await deliver(`${url}/first`, BODY, { id: "f-1" })).status).toBe(200);
    expect(handled).toEqual(["r-1", "f-1"]);
  });
});

describe("RedisClaimStore", () => {
  let redis: RedisServer;
  const stores: RedisClaimStore[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await redis?.stop();
  });
  const store = (prefix: string) => {
    const created = createRedisClaimStore({ redis: redis.url, prefix });
    stores.push(created);
    return created;
  };

  it("claims atomically across connections; done stays done, release frees only an unfinished claim", async () => {
    const a = store("{c1}:");
    const b = store("{c1}:");
    const states = await Promise.all([a.claim("k", 60_000), b.claim("k", 60_000)]);
    expect(states.sort()).toEqual(["claimed", "in-progress"]);
    await a.release("k");
    expect(await b.claim("k", 60_000)).toBe("claimed");
    await b.complete("k", 60_000);
    expect(await a.claim("k", 60_000)).toBe("done");
    await a.release("k");
    expect(await a.claim("k", 60_000)).toBe("done");
    expect(await store("{other}:").claim("k", 60_000)).toBe("claimed"); // prefixes do not share claims
  });

  it("lets an unfinished claim lapse after its TTL", async () => {
    const a = store("{c2}:");
    expect(await a.claim("k", 50)).toBe("claimed");
    // PX expiry is Redis's own clock: poll until the key is gone rather than assuming a duration.
    await expect
      .poll(async () => (await a.redis.exists("{c2}:k")) === 0, { interval: 20, timeout: 5000 })
      .toBe(true);
    expect(await a.claim("k", 60_000)).toBe("claimed");
  });

  it("makes two handlers (two processes' worth of connections) handle one delivery once", async () => {
    const handled: WebhookEvent[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handlers = ["{c3}:", "{c3}:"].map((prefix) =>
      createWebhookHandler({
        secret: SECRET,
        store: store(prefix),
        on: {
          "export.completed": async (event) => {
            handled.push(event);
            await gate;
          },
        },
      }),
    );
    const request = () =>
      new Request("http://x/", {
        method: "POST",
        headers: {
          "x-avala-webhook-signature": sign(BODY),
          "x-avala-webhook-event": "export.completed",
          "x-avala-webhook-delivery": "shared-1",
        },
        body: BODY,
      });
    const first = (handlers[0] as (r: Request) => Promise<Response>)(request());
    await expect.poll(() => handled.length).toBe(1);
    const concurrent = await (handlers[1] as (r: Request) => Promise<Response>)(request());
    expect(concurrent.status).toBe(409);
    release();
    expect((await first).status).toBe(200);
    const retry = await (handlers[1] as (r: Request) => Promise<Response>)(request());
    expect(await retry.json()).toEqual({ received: true, duplicate: true });
    expect(handled).toHaveLength(1);
  });
});
