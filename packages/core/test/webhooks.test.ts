// @avala/core/webhooks in Node: signatures computed independently with node:crypto, checked through the module.
import { createHmac } from "node:crypto";
import { AvalaError } from "@avala/core";
import { describe, expect, it } from "vitest";
import {
  createWebhookHandler,
  isWebhookEvent,
  MemoryClaimStore,
  signWebhook,
  unwrapWebhook,
  WebhookVerificationError,
} from "../src/webhooks/index.js";

const SECRET = "whsec-test-4f1c2e";
const BODY = JSON.stringify({ uid: "exp_1", status: "completed", download_url: "https://x.invalid/a.zip" });
const hmac = (body: string | Uint8Array, secret = SECRET) =>
  createHmac("sha256", secret).update(body).digest("hex");
const headersFor = (body: string, extra: Record<string, string> = {}) => ({
  "x-avala-webhook-signature": hmac(body),
  "x-avala-webhook-event": "export.completed",
  "x-avala-webhook-delivery": "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return error as WebhookVerificationError;
}

describe("unwrapWebhook", () => {
  it("returns the delivery id, type and parsed payload of a valid delivery (string and bytes, Headers and objects)", async () => {
    const event = await unwrapWebhook(BODY, headersFor(BODY), SECRET);
    expect(event).toEqual({
      id: "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
      type: "export.completed",
      payload: JSON.parse(BODY),
    });
    const bytes = new TextEncoder().encode(BODY);
    expect((await unwrapWebhook(bytes, new Headers(headersFor(BODY)), SECRET)).payload).toEqual(
      JSON.parse(BODY),
    );
    // Any header case in a plain object; Node's duplicate-header arrays take the first value.
    const mixed = {
      "X-Avala-Webhook-Signature": [hmac(BODY)],
      "X-AVALA-WEBHOOK-EVENT": "export.completed",
      "x-avala-webhook-delivery": "d1",
    };
    expect((await unwrapWebhook(BODY, mixed, SECRET)).id).toBe("d1");
    if (isWebhookEvent(event, "export.completed")) expect(event.payload.download_url).toContain("a.zip");
    else expect.unreachable("the event type narrows");
  });

  it("accepts a sha256= prefix and upper-case hex", async () => {
    const sig = `sha256=${hmac(BODY).toUpperCase()}`;
    await expect(
      unwrapWebhook(BODY, headersFor(BODY, { "x-avala-webhook-signature": sig }), SECRET),
    ).resolves.toMatchObject({
      type: "export.completed",
    });
  });

  it("rejects a tampered body", async () => {
    const tampered = BODY.replace("completed", "failed");
    const error = await failure(unwrapWebhook(tampered, headersFor(BODY), SECRET));
    expect(error.code).toBe("signature_mismatch");
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/raw bytes/);
    expect(error).toBeInstanceOf(AvalaError);
  });

  it("rejects a wrong secret, and never puts a secret or the body in the message", async () => {
    const error = await failure(unwrapWebhook(BODY, headersFor(BODY), "another-secret"));
    expect(error.code).toBe("signature_mismatch");
    expect(error.message).not.toContain("another-secret");
    expect(error.message).not.toContain("exp_1");
    expect(JSON.stringify(error)).not.toContain("another-secret");
  });

  it("verifies against any of several secrets while rotating", async () => {
    const oldSigned = headersFor(BODY, { "x-avala-webhook-signature": hmac(BODY, "old-secret") });
    await expect(unwrapWebhook(BODY, oldSigned, ["new-secret", "old-secret"])).resolves.toMatchObject({
      type: "export.completed",
    });
    await expect(unwrapWebhook(BODY, oldSigned, ["old-secret", "new-secret"])).resolves.toBeDefined();
    expect((await failure(unwrapWebhook(BODY, oldSigned, ["new-secret", "newer"]))).message).toMatch(
      /2 configured/,
    );
  });

  it.each([
    ["one hex digit short", (s: string) => s.slice(1)],
    ["one hex digit long", (s: string) => `${s}0`],
    ["not hex", (s: string) => `${s.slice(1)}z`],
    ["empty after the prefix", () => "sha256="],
  ])("rejects a signature of the wrong shape (%s)", async (_label, mangle) => {
    const error = await failure(
      unwrapWebhook(BODY, headersFor(BODY, { "x-avala-webhook-signature": mangle(hmac(BODY)) }), SECRET),
    );
    expect(error.code).toBe("malformed_signature");
    expect(error.status).toBe(401);
  });

  it.each(["x-avala-webhook-signature", "x-avala-webhook-event", "x-avala-webhook-delivery"])(
    "names the missing header %s",
    async (name) => {
      const headers: Record<string, string> = headersFor(BODY);
      delete headers[name];
      const error = await failure(unwrapWebhook(BODY, headers, SECRET));
      expect(error.code).toBe("missing_header");
      expect(error.status).toBe(400);
      expect(error.message.toLowerCase()).toContain(name);
    },
  );

  it("refuses a parsed object instead of the raw body, and says how to get the raw body", async () => {
    const error = await failure(unwrapWebhook(JSON.parse(BODY) as never, headersFor(BODY), SECRET));
    expect(error.code).toBe("parsed_body");
    expect(error.message).toMatch(/request\.text\(\)/);
    expect(error.message).toMatch(/express\.raw/);
  });

  it("refuses a signed body that is not JSON, after verifying it", async () => {
    const text = "not json {";
    const error = await failure(unwrapWebhook(text, headersFor(text), SECRET));
    expect(error.code).toBe("invalid_json");
    expect(error.status).toBe(400);
  });

  it("refuses a missing or empty secret with a configuration message", async () => {
    for (const secret of ["", [], [""]] as const) {
      const error = await failure(unwrapWebhook(BODY, headersFor(BODY), secret as never));
      expect(error.code).toBe("no_secret");
    }
  });
});

describe("signWebhook", () => {
  it("produces what node:crypto produces: hex HMAC-SHA256 of the raw body", async () => {
    expect(await signWebhook(BODY, SECRET)).toBe(hmac(BODY));
    const bytes = new Uint8Array([0, 255, 1, 254]);
    expect(await signWebhook(bytes, SECRET)).toBe(hmac(bytes));
    const event = await unwrapWebhook(
      BODY,
      { ...headersFor(BODY), "x-avala-webhook-signature": await signWebhook(BODY, SECRET) },
      SECRET,
    );
    expect(event.type).toBe("export.completed");
  });
});

function delivery(body: string, init: { id?: string; type?: string; signature?: string } = {}): Request {
  return new Request("https://app.example/api/avala/webhooks", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-avala-webhook-signature": init.signature ?? hmac(body),
      "x-avala-webhook-event": init.type ?? "export.completed",
      "x-avala-webhook-delivery": init.id ?? "delivery-1",
    },
    body,
  });
}

describe("createWebhookHandler", () => {
  it("calls the handler of the event type once and answers 200; a retry of the same delivery is not handled again", async () => {
    const handled: unknown[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      on: { "export.completed": (event) => void handled.push(event.payload.uid) },
    });
    const first = await handler(delivery(BODY));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true });
    const retry = await handler(delivery(BODY));
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ received: true, duplicate: true });
    expect(handled).toEqual(["exp_1"]);
    await handler(delivery(BODY, { id: "delivery-2" }));
    expect(handled).toEqual(["exp_1", "exp_1"]);
  });

  it("acknowledges events without a handler and unknown event types, giving them to onAny", async () => {
    const seen: string[] = [];
    const handler = createWebhookHandler({ secret: SECRET, onAny: (event) => void seen.push(event.type) });
    const unknown = JSON.stringify({ anything: 1 });
    expect((await handler(delivery(unknown, { type: "brand.new_event", id: "u1" }))).status).toBe(200);
    expect((await handler(delivery(BODY, { id: "u2" }))).status).toBe(200);
    expect(seen).toEqual(["brand.new_event", "export.completed"]);
  });

  it("answers 401 for a bad signature and 400 for a missing header, without echoing the body", async () => {
    const errors: unknown[] = [];
    const handler = createWebhookHandler({ secret: SECRET, onError: (e) => void errors.push(e) });
    const secretBody = JSON.stringify({ uid: "confidential-value-123" });
    const bad = await handler(delivery(secretBody, { signature: hmac(secretBody, "wrong") }));
    expect(bad.status).toBe(401);
    const text = await bad.text();
    expect(text).not.toContain("confidential-value-123");
    expect(JSON.parse(text).error).toBe("signature_mismatch");
    const request = delivery(BODY);
    request.headers.delete("x-avala-webhook-delivery");
    const missing = await handler(request);
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toBe("missing_header");
    expect(errors).toHaveLength(2);
    expect((await handler(new Request("https://app.example/", { method: "GET" }))).status).toBe(405);
  });

  it("answers 500 and releases the delivery when the handler throws, so Avala's retry is handled", async () => {
    let calls = 0;
    const handler = createWebhookHandler({
      secret: SECRET,
      on: {
        "export.completed": () => {
          calls++;
          if (calls === 1) throw new Error("database down");
        },
      },
      onError: () => {},
    });
    const failed = await handler(delivery(BODY));
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain("database down");
    expect((await handler(delivery(BODY))).status).toBe(200);
    expect(calls).toBe(2);
  });

  it("answers 409 to a concurrent attempt of a delivery still being handled", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Web Crypto verifies on a thread pool, so two deliveries started together may finish verifying in either
    // order: the second one is sent only once the first one's handler is running (event order, not timing).
    let entered!: () => void;
    const handling = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const handler = createWebhookHandler({
      secret: SECRET,
      on: {
        "export.completed": () => {
          entered();
          return gate;
        },
      },
    });
    const first = handler(delivery(BODY));
    await handling;
    const second = await handler(delivery(BODY));
    expect(second.status).toBe(409);
    release();
    expect((await first).status).toBe(200);
  });

  it("refuses a body over maxBodyBytes with 413, and a secret-less configuration at creation", async () => {
    const handler = createWebhookHandler({ secret: SECRET, maxBodyBytes: 10 });
    expect((await handler(delivery(BODY))).status).toBe(413);
    expect(() => createWebhookHandler({ secret: "" })).toThrow(WebhookVerificationError);
  });
});

describe("MemoryClaimStore", () => {
  it("claims once, reports in-progress and done, lets claims lapse and forgets the oldest beyond maxEntries", async () => {
    let now = 0;
    const store = new MemoryClaimStore({ maxEntries: 2, now: () => now });
    expect(await store.claim("a", 100)).toBe("claimed");
    expect(await store.claim("a", 100)).toBe("in-progress");
    now = 101;
    expect(await store.claim("a", 100)).toBe("claimed");
    await store.complete("a", 1000);
    expect(await store.claim("a", 100)).toBe("done");
    await store.release("a"); // a done key stays done
    expect(await store.claim("a", 100)).toBe("done");
    await store.claim("b", 100);
    await store.claim("c", 100);
    expect(await store.claim("a", 100)).toBe("claimed"); // "a" was the oldest and was forgotten
  });
});
