import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  type APIError,
  APIResponseParseError,
  BadRequestError,
  type ClientEvents,
  createClient,
  createLimiter,
  type LimitedOperation,
  LimiterWaitTooLongError,
  RateLimitError,
  type RateLimiter,
  UnsafeRedirectError,
} from "../src/index.js";
import { type FaultServer, json, useFaultServers } from "./support/fault-server.js";

const serve = useFaultServers();
const UID = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
const PLAIN: LimitedOperation = { rateLimit: null, concurrency: null };

/** A logger that keeps every line. */
function lines() {
  const out: string[] = [];
  const write = (line: string) => out.push(line);
  return { out, logger: { debug: write, info: write, warn: write, error: write } };
}

const getDataset = (server: FaultServer, options: object = {}, events: ClientEvents["rateLimit"][] = []) => {
  const client = createClient({
    apiKey: "avk_test_0123456789abcdef",
    baseUrl: server.baseUrl,
    maxRetries: 0,
    ...options,
  });
  client.on("rateLimit", (event) => events.push(event));
  return client.GET("/datasets/{uid}/", { params: { path: { uid: UID } } });
};

/**
 * How long the limiter would hold a request arriving now, in ms: 0 when it grants at once; otherwise the least
 * wait it announces (it can tell a pause in advance, so nothing waits in real time here).
 */
async function heldFor(limiter: RateLimiter): Promise<number> {
  try {
    (await limiter.acquire(PLAIN, { maxWaitMs: 0 })).release();
    return 0;
  } catch (error) {
    expect(error).toBeInstanceOf(LimiterWaitTooLongError);
    return (error as LimiterWaitTooLongError).expectedWaitMs!;
  }
}

describe("rate-limit reset headers", () => {
  // The server's clock, a whole second (as the Date header carries it), so delays are exact.
  const serverNow = Math.floor(Date.now() / 1000) * 1000 - 5 * 60_000;
  const date = new Date(serverNow).toUTCString();

  it("reads an X-RateLimit-Reset in milliseconds: retryAfter, rateLimit.reset and the limiter's pause", async () => {
    const reset = serverNow + 30_000;
    const server = await serve(({ res }) =>
      json(
        res,
        429,
        { detail: "Request was throttled." },
        { date, "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
      ),
    );
    const limiter = createLimiter();
    const error = await getDataset(server, { limiter }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(30);
    expect(error.rateLimit.reset).toBe(reset / 1000);
    const held = await heldFor(limiter);
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(30_000); // not the limiter's 60 s maximum
  });

  const hostile: [string, Record<string, string>][] = [
    ["a negative reset", { "x-ratelimit-reset": "-5" }],
    ["a reset that is no number", { "x-ratelimit-reset": "soon" }],
    ["a reset far in the past (2001)", { "x-ratelimit-reset": "1000000000" }],
    ["a reset two days away, in seconds", { "x-ratelimit-reset": String(serverNow / 1000 + 2 * 86_400) }],
    ["a reset two days away, in milliseconds", { "x-ratelimit-reset": String(serverNow + 2 * 86_400_000) }],
    ["a reset of 400 digits", { "x-ratelimit-reset": "9".repeat(400) }],
    ["a Retry-After of three years", { "retry-after": "99999999" }],
    ["a Retry-After of 400 digits", { "retry-after": "9".repeat(400) }],
    ["a Retry-After date in the year 9999", { "retry-after": "Fri, 31 Dec 9999 23:59:59 GMT" }],
    ["a Retry-After that is no number or date", { "retry-after": "later" }],
  ];

  it.each(hostile)("ignores %s, says so, and never holds the limiter for long", async (_, headers) => {
    for (const status of [429, 200]) {
      const server = await serve(({ res }) =>
        json(res, status, { uid: UID }, { date, "x-ratelimit-remaining": "0", ...headers }),
      );
      const limiter = createLimiter();
      const log = lines();
      const events: ClientEvents["rateLimit"][] = [];
      const outcome = await getDataset(
        server,
        { limiter, logger: log.logger, logLevel: "warn" },
        events,
      ).catch((e) => e);
      const [name, value] = Object.entries(headers)[0]!;
      expect(events.filter((e) => e.kind === "ignored")).toEqual([
        expect.objectContaining({
          kind: "ignored",
          ms: 0,
          reason: `${name === "retry-after" ? "Retry-After" : "X-RateLimit-Reset"}: ${value}`,
        }),
      ]);
      expect(log.out).toEqual([
        expect.stringContaining(
          `GET /api/v1/datasets/${UID}/: ignored ${name === "retry-after" ? "Retry-After" : "X-RateLimit-Reset"}: ` +
            `${value}, not a time within an hour`,
        ),
      ]);
      if (status === 429) {
        expect(outcome).toBeInstanceOf(RateLimitError);
        expect(outcome.retryAfter).toBeUndefined();
        // A 429 that says nothing usable pauses the limiter for its default second, no more.
        expect(await heldFor(limiter)).toBeLessThanOrEqual(1000);
      } else {
        expect(outcome).toEqual({ uid: UID });
        expect(await heldFor(limiter)).toBe(0);
      }
    }
  });
});

describe("__proto__ keys in response JSON", () => {
  const hostile = '{"__proto__":{"isAdmin":true},"nested":{"list":[{"__proto__":{"isAdmin":true}}]}';
  /** Every object of a parsed hostile body is a plain object with `__proto__` as its own field. */
  function expectPlain(value: Record<string, unknown>) {
    for (const object of [value, (value.nested as { list: object[] }).list[0]!]) {
      expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
      expect((object as { isAdmin?: unknown }).isAdmin).toBeUndefined();
      expect(Object.getOwnPropertyDescriptor(object, "__proto__")?.value).toEqual({ isAdmin: true });
    }
    expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
  }

  it("stay own fields of returned data (GET, raw, page items)", async () => {
    const server = await serve(({ req, res }) => {
      const body =
        req.url === "/api/v1/datasets/"
          ? `{"next":null,"previous":null,"results":[${hostile}}]}`
          : `${hostile},"uid":"${UID}"}`;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
    const avala = createClient({
      apiKey: "avk_test_0123456789abcdef",
      baseUrl: server.baseUrl,
      limiter: false,
    });
    expectPlain((await avala.GET("/datasets/{uid}/", { params: { path: { uid: UID } } })) as never);
    expectPlain((await avala.raw.GET("/datasets/{uid}/", { params: { path: { uid: UID } } })).data as never);
    expectPlain((await avala.page("/datasets/")).items[0] as never);
  });

  it("stay own fields of an error's body, field errors and detail; the prototype is never set", async () => {
    const bodies = [
      `${hostile},"detail":"Invalid."}`,
      `{"__proto__":["Not allowed."],"name":["Required."]}`,
      `{"detail":{"__proto__":["Not allowed."],"name":["Required."]}}`,
    ];
    let n = 0;
    const server = await serve(({ res }) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(bodies[n++]);
    });
    const post = () =>
      createClient({ apiKey: "avk_test_0123456789abcdef", baseUrl: server.baseUrl, limiter: false })
        .POST("/exports/", { body: { name: "x" } } as never)
        .then(
          () => {
            throw new Error("expected the call to fail");
          },
          (e: APIError) => e,
        );
    const first = await post();
    expect(first).toBeInstanceOf(BadRequestError);
    expectPlain(first.body as never);
    expect(first.message).toBe("400 Bad Request: Invalid. — POST /api/v1/exports/");
    for (const error of [await post(), await post()]) {
      const fields = error.fieldErrors!;
      expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(fields, "__proto__")?.value).toEqual(["Not allowed."]);
      expect(fields.name).toEqual(["Required."]);
      expect((fields as unknown as unknown[]).length).toBeUndefined();
      expect(error.message).toContain("__proto__: Not allowed.; name: Required.");
      expect(Object.getPrototypeOf(error.body)).toBe(Object.prototype);
    }
  });
});

describe("values taken from the response are masked like the message", () => {
  // A key of no known shape: only the client's knowledge of its own key can mask it.
  const KEY = "custom-Key-4f9Zq81xLm";
  const client = (server: FaultServer) =>
    createClient({ apiKey: KEY, baseUrl: server.baseUrl, limiter: false, maxRetries: 0 });
  const expectNoKey = (error: unknown) => {
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(inspect(error, { depth: 10 })).not.toContain(KEY);
    expect(String(error)).not.toContain(KEY);
  };

  it("the request id, status text and every field of an error body, and reads the detail", async () => {
    const server = await serve(({ res }) => {
      const text = JSON.stringify({
        detail: { message: `Key ${KEY} was revoked.`, retryable: false },
        code: `revoked_${KEY}`,
        doc_url: `https://docs.example/errors?key=${KEY}`,
      });
      res.writeHead(401, `Revoked ${KEY}`, { "content-type": "application/json", "x-request-id": KEY });
      res.end(text);
    });
    const error = await client(server)
      .GET("/datasets/{uid}/", { params: { path: { uid: UID } } })
      .catch((e) => e);
    expect(error.requestId).toBe("[REDACTED]");
    expect(error.code).toBe("revoked_[REDACTED]");
    expect(error.docUrl).toBe("https://docs.example/errors?key=[REDACTED]");
    expect(error.message).toBe(
      "401 Revoked [REDACTED] [revoked_[REDACTED]]: Key [REDACTED] was revoked. " +
        `See https://docs.example/errors?key=[REDACTED] — GET /api/v1/datasets/${UID}/`,
    );
    expectNoKey(error);
  });

  it("field names of a field map, content types and a redirect's location", async () => {
    const server = await serve(({ req, res }) => {
      if (req.url === "/api/v1/exports/") return json(res, 400, { [`${KEY}`]: ["Unknown field."] });
      if (req.url === "/api/v1/projects/") {
        res.writeHead(502, { "content-type": `text/html; note=${KEY}` });
        return res.end("<html>bad gateway</html>");
      }
      if (req.url === "/api/v1/datasets/") {
        res.writeHead(200, { "content-type": `application/json; note=${KEY}` });
        return res.end("{truncated");
      }
      res.writeHead(302, { location: `/elsewhere/${KEY}/` });
      res.end();
    });
    const avala = client(server);
    const errors = [
      await avala.POST("/exports/", { body: { name: "x" } } as never).catch((e) => e),
      await avala.GET("/projects/").catch((e) => e),
      await avala.GET("/datasets/").catch((e) => e),
      await avala.GET("/datasets/{uid}/", { params: { path: { uid: UID } } }).catch((e) => e),
    ];
    expect(errors[0]).toBeInstanceOf(BadRequestError);
    expect(errors[0].fieldErrors).toEqual({ "[REDACTED]": ["Unknown field."] });
    expect(errors[1].message).toContain("a non-JSON body (text/html; note=[REDACTED])");
    expect(errors[2]).toBeInstanceOf(APIResponseParseError);
    expect(errors[2].contentType).toBe("application/json; note=[REDACTED]");
    expect(errors[3]).toBeInstanceOf(UnsafeRedirectError);
    expect(errors[3].locationHost).toBe(`${new URL(server.origin).host}/elsewhere/[REDACTED]/`);
    for (const error of errors) expectNoKey(error);
  });
});
