// The proxy handler in production set-ups: behind a TLS-terminating load balancer, behind the app's own
// session, with an upstream that echoes secrets, and under more load than the API's limits allow.
import {
  ConfigurationError,
  createClient as createCoreClient,
  createLimiter,
  RateLimitError,
} from "@avala/core";
import { describe, expect, it } from "vitest";
import { createProxyHandler } from "../../src/proxy/proxy-handler.js";
import { rawRequest, SERVER_KEY, useProxyServers } from "./servers.js";

const { proxy, upstream } = useProxyServers();

/** An upstream answering every request with a cursor page whose `next` link is on the API root. */
async function pagingUpstream() {
  let root = "";
  const up = await upstream((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ next: `${root}/datasets/?cursor=p2`, previous: null, results: [{ uid: "a" }] }));
  });
  root = `${up.url}/api/v1`;
  return { up, root };
}

describe("page links behind a load balancer", () => {
  it("a request that arrived as https through trusted forwarded headers gets https links on the public origin", async () => {
    const { root } = await pagingUpstream();
    const base = await proxy({ baseUrl: root, allow: ["listDatasets"], trustForwardedHeaders: true });
    const viaXForwarded = await rawRequest(`${base}/datasets/`, {
      headers: { "x-forwarded-proto": "https", "x-forwarded-host": "app.example.com" },
    });
    expect(JSON.parse(viaXForwarded.body.toString()).next).toBe(
      "https://app.example.com/api/avala/datasets/?cursor=p2",
    );
    const viaForwarded = await rawRequest(`${base}/datasets/`, {
      headers: { forwarded: 'for=203.0.113.7;proto=https;host="app.example.com:8443", for=10.0.0.1' },
    });
    expect(JSON.parse(viaForwarded.body.toString()).next).toBe(
      "https://app.example.com:8443/api/avala/datasets/?cursor=p2",
    );
  });

  it("untrusted or malformed forwarded headers cannot steer the links anywhere", async () => {
    const { root } = await pagingUpstream();
    const steering = {
      "x-forwarded-proto": "https",
      "x-forwarded-host": "evil.example",
      forwarded: "proto=https;host=evil.example",
    };
    const untrusted = await proxy({ baseUrl: root, allow: ["listDatasets"] });
    const own = await rawRequest(`${untrusted}/datasets/`, { headers: steering });
    expect(JSON.parse(own.body.toString()).next).toBe(`${untrusted}/datasets/?cursor=p2`);

    const trusted = await proxy({ baseUrl: root, allow: ["listDatasets"], trustForwardedHeaders: true });
    for (const host of ["evil.example/x", "user@evil.example", "evil.example:99999x", "evil example"]) {
      const response = await rawRequest(`${trusted}/datasets/`, {
        headers: { "x-forwarded-proto": "javascript", "x-forwarded-host": host },
      });
      expect(JSON.parse(response.body.toString()).next, host).toBe(`${trusted}/datasets/?cursor=p2`);
    }

    // An explicit public origin wins over any header, trusted or not.
    const fixed = await proxy({
      baseUrl: root,
      allow: ["listDatasets"],
      publicOrigin: "https://app.example.com",
      trustForwardedHeaders: true,
    });
    const pinned = await rawRequest(`${fixed}/datasets/`, { headers: steering });
    expect(JSON.parse(pinned.body.toString()).next).toBe(
      "https://app.example.com/api/avala/datasets/?cursor=p2",
    );
  });

  it("refuses a publicOrigin that is not a bare http(s) origin at construction", () => {
    for (const publicOrigin of [
      "https://app.example.com/api",
      "app.example.com",
      "ftp://x.example",
      "https://u:p@x.example",
    ]) {
      expect(
        () => createProxyHandler({ apiKey: SERVER_KEY, allow: [], basePath: "/p", publicOrigin }),
        publicOrigin,
      ).toThrow(ConfigurationError);
    }
  });
});

describe("request headers by allow-list", () => {
  it("forwards only what the API needs; override, rewrite, forwarded and other X-* headers never reach it", async () => {
    const up = await upstream();
    const base = await proxy({ baseUrl: `${up.url}/api/v1`, allow: ["createExport"] });
    const smuggled = {
      "x-http-method-override": "DELETE",
      "x-http-method": "DELETE",
      "x-method-override": "DELETE",
      "x-original-url": "/api/v1/organizations/",
      "x-rewrite-url": "/api/v1/organizations/",
      forwarded: "for=1.2.3.4;host=api.avala.ai",
      "x-forwarded-for": "1.2.3.4",
      "x-forwarded-host": "api.avala.ai",
      "x-forwarded-proto": "https",
      "x-real-ip": "1.2.3.4",
      "x-custom": "anything",
      "x-avala-organization": "other-org",
      "true-client-ip": "1.2.3.4",
      origin: "https://evil.example",
      referer: "https://evil.example/page",
    };
    const response = await rawRequest(`${base}/exports/`, {
      method: "POST",
      headers: {
        ...smuggled,
        "content-type": "application/json",
        accept: "application/json",
        "accept-language": "de",
        "if-none-match": '"v1"',
        "idempotency-key": "k-123",
      },
      body: "{}",
    });
    expect(response.status).toBe(200);
    const seen = up.requests[0]!.headers;
    for (const name of Object.keys(smuggled)) expect(seen[name], name).toBeUndefined();
    expect(Object.keys(seen).filter((name) => name.startsWith("x-"))).toEqual(["x-avala-api-key"]);
    expect(seen).toMatchObject({
      "content-type": "application/json",
      accept: "application/json",
      "accept-language": "de",
      "if-none-match": '"v1"',
      "idempotency-key": "k-123",
      "x-avala-api-key": SERVER_KEY,
    });
  });
});

/** The app's own sessions, as a cookie-session app keeps them. */
const sessions = new Map([
  ["s-alice", { user: "alice", admin: true }],
  ["s-bob", { user: "bob", admin: false }],
]);

function sessionOf(request: Request) {
  const id = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.get("cookie") ?? "")?.[1];
  return id === undefined ? undefined : sessions.get(id);
}

describe("authorize hook", () => {
  it("refuses with 401 or 403 (sync or async) before anything reaches the upstream or the limiter", async () => {
    const up = await upstream();
    const base = await proxy({
      baseUrl: up.url,
      allow: ["listDatasets", "createExport"],
      authorize: async (request, operation) => {
        await Promise.resolve();
        const session = sessionOf(request);
        if (!session) return { allow: false, status: 401 };
        if (operation.operationId === "createExport" && !session.admin)
          return { allow: false, status: 403, detail: "Only admins create exports." };
        return true;
      },
    });
    const anonymous = await rawRequest(`${base}/datasets/`);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body.toString())).toEqual({ detail: "Sign in first.", code: "unauthorized" });
    const bob = await rawRequest(`${base}/exports/`, {
      method: "POST",
      headers: { cookie: "theme=dark; session=s-bob" },
      body: "{}",
    });
    expect(bob.status).toBe(403);
    expect(JSON.parse(bob.body.toString())).toEqual({
      detail: "Only admins create exports.",
      code: "forbidden",
    });
    expect(up.requests).toHaveLength(0);

    const alice = await rawRequest(`${base}/exports/`, {
      method: "POST",
      headers: { cookie: "session=s-alice" },
      body: "{}",
    });
    expect(alice.status).toBe(200);
    expect((await rawRequest(`${base}/datasets/`, { headers: { cookie: "session=s-bob" } })).status).toBe(
      200,
    );
    expect(up.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /exports/", "GET /datasets/"]);
    // The session cookie is the app's, never the API's.
    expect(up.requests.every((r) => r.headers.cookie === undefined)).toBe(true);
  });

  it("a sync false refuses with 403; a throwing or malformed hook answers 500 without details", async () => {
    const up = await upstream();
    let decision: unknown = false;
    const base = await proxy({
      baseUrl: up.url,
      allow: ["listDatasets"],
      authorize: () => {
        if (decision instanceof Error) throw decision;
        return decision as boolean;
      },
    });
    expect((await rawRequest(`${base}/datasets/`)).status).toBe(403);
    decision = new Error("database password=hunter2 unreachable");
    const thrown = await rawRequest(`${base}/datasets/`);
    expect(thrown.status).toBe(500);
    expect(thrown.body.toString()).not.toContain("hunter2");
    for (const malformed of [
      { allow: "maybe" },
      { allow: true, limiterNamespace: "" },
      { allow: false, status: 404 },
    ]) {
      decision = malformed;
      expect((await rawRequest(`${base}/datasets/`)).status, JSON.stringify(malformed)).toBe(500);
    }
    expect(up.requests).toHaveLength(0);
  });

  it("a per-user limiter namespace: one user's exhausted budget does not hold back another", async () => {
    const up = await upstream();
    const namespaces: string[] = [];
    const base = await proxy({
      baseUrl: up.url,
      allow: ["listDatasets"],
      authorize: (request) => {
        const session = sessionOf(request);
        return session ? { allow: true, limiterNamespace: `user:${session.user}` } : false;
      },
      limiterFor: (namespace) => {
        namespaces.push(namespace);
        return createLimiter({
          namespace,
          rules: { perUser: { requests: 1, windowSeconds: 60, scope: "all" } },
        });
      },
      limiter: createLimiter({ rules: { key: { requests: 100, windowSeconds: 60, scope: "all" } } }),
      maxWaitMs: 0,
    });
    const as = (session: string) =>
      rawRequest(`${base}/datasets/`, { headers: { cookie: `session=${session}` } });
    expect((await as("s-alice")).status).toBe(200);
    const second = await as("s-alice");
    expect(second.status).toBe(429);
    expect(JSON.parse(second.body.toString()).code).toBe("rate_limited");
    expect((await as("s-bob")).status).toBe(200);
    expect(namespaces).toEqual(["user:alice", "user:bob"]);
    expect(up.requests).toHaveLength(2);
  });

  it("rejects a hook that is not a function at construction", () => {
    expect(() =>
      createProxyHandler({
        apiKey: SERVER_KEY,
        allow: [],
        basePath: "/p",
        authorize: "admins" as never,
      }),
    ).toThrow(ConfigurationError);
  });
});

describe("upstream error bodies", () => {
  it("are redacted with core's redaction: secret fields and the server's key never reach the browser", async () => {
    let answer: { status: number; type: string; body: string } = { status: 400, type: "", body: "" };
    const up = await upstream((_req, res) => {
      res.writeHead(answer.status, {
        "content-type": answer.type,
        "content-length": Buffer.byteLength(answer.body),
      });
      res.end(answer.body);
    });
    const base = await proxy({ baseUrl: up.url, allow: ["createExport"] });
    answer = {
      status: 400,
      type: "application/json",
      body: JSON.stringify({
        detail: `Key ${SERVER_KEY} may not create exports.`,
        code: "invalid",
        password: "hunter2",
        integration: { aws_secret_access_key: "wJalrXUtnFEMI", bucket: "frames" },
        list: [{ token: "tok_live_1" }],
      }),
    };
    const json = await rawRequest(`${base}/exports/`, { method: "POST", body: "{}" });
    expect(json.status).toBe(400);
    const text = json.body.toString();
    for (const secret of [SERVER_KEY, "hunter2", "wJalrXUtnFEMI", "tok_live_1"])
      expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toEqual({
      detail: "Key [REDACTED] may not create exports.",
      code: "invalid",
      password: "[REDACTED]",
      integration: { aws_secret_access_key: "[REDACTED]", bucket: "frames" },
      list: [{ token: "[REDACTED]" }],
    });
    expect(Number(json.headers["content-length"] ?? Buffer.byteLength(text))).toBe(Buffer.byteLength(text));

    answer = {
      status: 502,
      type: "text/html",
      body: `<h1>Bad gateway</h1><p>upstream said ${SERVER_KEY}</p>`,
    };
    const html = await rawRequest(`${base}/exports/`, { method: "POST", body: "{}" });
    expect(html.status).toBe(502);
    expect(html.body.toString()).toBe("<h1>Bad gateway</h1><p>upstream said [REDACTED]</p>");
  });
});

describe("load shedding", () => {
  it("a shed request gets 429 with Retry-After and a body core's errors understand", async () => {
    const up = await upstream();
    const base = await proxy({
      baseUrl: up.url,
      allow: ["listDatasets"],
      limiter: createLimiter({ rules: { tiny: { requests: 1, windowSeconds: 60, scope: "all" } } }),
      maxWaitMs: 0,
    });
    expect((await rawRequest(`${base}/datasets/`)).status).toBe(200);
    const shed = await rawRequest(`${base}/datasets/`);
    expect(shed.status).toBe(429);
    // Refused at arrival, Retry-After is the wait the limiter foresaw: until the 60 s window (plus its 2 % and
    // 50 ms margins) has room again, measured from whenever the first request went.
    const retryAfter = Number(shed.headers["retry-after"]);
    expect(Number.isInteger(retryAfter), String(shed.headers["retry-after"])).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(60 * 1.02 + 0.05));
    const client = createCoreClient({ baseUrl: base, apiKey: null, maxRetries: 0, limiter: false });
    const error = await client.GET("/datasets/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe("rate_limited");
    expect((error as RateLimitError).message).toContain("retry later");
    expect(up.requests).toHaveLength(1);
  });

  it("validates maxWaitMs at construction", () => {
    for (const maxWaitMs of [-1, Number.NaN, "10s"]) {
      expect(
        () =>
          createProxyHandler({
            apiKey: SERVER_KEY,
            allow: [],
            basePath: "/p",
            maxWaitMs: maxWaitMs as number,
          }),
        String(maxWaitMs),
      ).toThrow(ConfigurationError);
    }
  });
});
