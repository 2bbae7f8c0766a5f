import { createRequire } from "node:module";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIError,
  AuthenticationError,
  AvalaError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  createClient,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../src/index.js";
import { type FaultServer, json, startFaultServer } from "./support/fault-server.js";

const KEY = "avk_live_0123456789abcdef";
let server: FaultServer;
let reply: { status: number; body: unknown; headers?: Record<string, string> };

beforeAll(async () => {
  server = await startFaultServer(({ res }) => json(res, reply.status, reply.body, reply.headers));
});
afterAll(() => server.close());

async function failWith(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<APIError> {
  reply = { status, body, headers };
  const avala = createClient({ apiKey: KEY, baseUrl: server.baseUrl, maxRetries: 0, limiter: false });
  return avala.POST("/exports/", { body: { name: "x" } }).then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: APIError) => error,
  );
}

describe("error classes", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
  ] as const)("maps %i to %s, under APIError and AvalaError", async (status, cls) => {
    const error = await failWith(status, { detail: "x" });
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(AvalaError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(cls.name);
    expect(error.status).toBe(status);
    expect(error.method).toBe("POST");
    expect(error.path).toBe("/api/v1/exports/");
  });

  it("keeps other statuses as a plain APIError", async () => {
    const error = await failWith(418, { detail: "I'm a teapot" });
    expect(error.constructor).toBe(APIError);
    expect(error).not.toBeInstanceOf(BadRequestError);
  });

  it("reads request id and rate-limit headers", async () => {
    const error = await failWith(
      429,
      { detail: "Request was throttled. Expected available in 3600 seconds." },
      {
        "x-request-id": "req_42",
        "retry-after": "3600",
        "x-ratelimit-limit": "100",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": "1795852260",
      },
    );
    expect(error.requestId).toBe("req_42");
    expect(error.rateLimit).toEqual({ limit: 100, remaining: 0, reset: 1795852260 });
    expect((error as RateLimitError).retryAfter).toBe(3600);
  });
});

describe("messages for every error body shape", () => {
  it("uses a plain detail", async () => {
    const error = await failWith(404, { detail: "Not found." });
    expect(error.message).toBe("404 Not Found: Not found. — POST /api/v1/exports/");
  });

  it("adds code and documentation link", async () => {
    const error = await failWith(403, {
      detail: "Project approval requires a PRO or ENTERPRISE plan.",
      code: "plan_insufficient",
      doc_url: "https://docs.avala.ai/api/errors#plan_insufficient",
    });
    expect(error.code).toBe("plan_insufficient");
    expect(error.message).toBe(
      "403 Forbidden [plan_insufficient]: Project approval requires a PRO or ENTERPRISE plan. " +
        "See https://docs.avala.ai/api/errors#plan_insufficient — POST /api/v1/exports/",
    );
  });

  it("lists field errors nested under detail", async () => {
    const error = await failWith(400, {
      detail: { name: ["This field is required."], email: ["Enter a valid email address."] },
    });
    expect(error.fieldErrors).toEqual({
      name: ["This field is required."],
      email: ["Enter a valid email address."],
    });
    expect(error.message).toContain("name: This field is required.; email: Enter a valid email address.");
  });

  it("lists field errors at the top level", async () => {
    const error = await failWith(400, { field_name: ["This field is required."] });
    expect(error.fieldErrors).toEqual({ field_name: ["This field is required."] });
    expect(error.message).toContain("400 Bad Request: field_name: This field is required.");
  });

  it("reads the {error: {code, message, details}} envelope", async () => {
    const error = await failWith(422, {
      error: { code: "not_found", message: "Dataset not found", details: [] },
    });
    expect(error.code).toBe("not_found");
    expect(error.message).toContain("422 Unprocessable Entity [not_found]: Dataset not found");
  });

  it("joins a bare JSON list of messages (a validation error that belongs to no field)", async () => {
    const error = await failWith(422, ["Export limit reached.", "Try again later."]);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error.fieldErrors).toBeUndefined();
    expect(error.message).toBe(
      "422 Unprocessable Entity: Export limit reached. Try again later. — POST /api/v1/exports/",
    );
  });

  it.each([
    [{ detail: { message: "Key revoked.", retryable: false } }, "Key revoked."],
    [{ detail: ["Key revoked.", "Make a new one."] }, "Key revoked. Make a new one."],
    [{ detail: { reason: 7 } }, '{"reason":7}'],
    [{ error: { code: "key_revoked", detail: "Key revoked." } }, "[key_revoked]: Key revoked."],
    [{ type: "about:blank", title: "Key revoked.", status: 401 }, "Key revoked."],
  ])("reads a detail of any shape: %j", async (body, text) => {
    const error = await failWith(401, body);
    expect(error.message).toContain(`401 Unauthorized${text.startsWith("[") ? " " : ": "}${text} — POST`);
    expect(error.message).not.toContain("no error details");
  });

  it("says so when the body has no details", async () => {
    const error = await failWith(500, {});
    expect(error.message).toBe(
      "500 Internal Server Error: no error details in the response — POST /api/v1/exports/",
    );
  });
});

describe("secrets stay out of errors", () => {
  it("redacts the API key and secret-looking fields from message, toString, JSON and inspect", async () => {
    const error = await failWith(400, {
      detail: `Key ${KEY} is not allowed here`,
      webhook: { secret: "whsec_123456", target_url: "https://example.com/hook" },
      s3_secret_access_key: "AKIAxxxxSECRET",
      password: "hunter22",
    });
    const views = [
      error.message,
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      error.stack ?? "",
    ];
    for (const view of views) {
      expect(view).not.toContain(KEY);
      expect(view).not.toContain("whsec_123456");
      expect(view).not.toContain("AKIAxxxxSECRET");
      expect(view).not.toContain("hunter22");
    }
    expect(JSON.stringify(error)).toContain("[REDACTED]");
    expect((error.body as { webhook: { target_url: string } }).webhook.target_url).toBe(
      "https://example.com/hook",
    );
  });

  /** Every view of an error a user or a log pipeline may see. */
  const views = (error: Error) => [
    error.message,
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
    error.stack ?? "",
  ];

  it.each<[string, unknown, string[], string]>([
    [
      "password=… in detail",
      { detail: "Login with password=Tr0ub4dor&3 failed" },
      ["Tr0ub4dor"],
      "Login with password=[REDACTED] failed",
    ],
    [
      'a hash-rocket pair ("secret" => "…") quoted from a Ruby or PHP service',
      { detail: 'Upstream config {"secret" => "rb-7f3a9c2e"} was rejected' },
      ["rb-7f3a9c2e"],
      '"secret" => "[REDACTED]"',
    ],
    [
      "secret: … in a nested error message",
      {
        error: { code: "webhook_invalid", message: "Endpoint rejected our secret: k9-ZZtop-44", details: [] },
      },
      ["k9-ZZtop-44"],
      "Endpoint rejected our secret: [REDACTED]",
    ],
    [
      "token … in field errors under detail",
      { detail: { url: ["token 8f14e45fceea167a5a36dedd4bea2543 has expired"] } },
      ["8f14e45fceea167a5a36dedd4bea2543"],
      "url: token [REDACTED] has expired",
    ],
    [
      "Authorization: Bearer … in a top-level field map",
      { non_field_errors: ["Upstream said Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln"] },
      ["eyJhbGciOiJIUzI1NiJ9", "c2ln"],
      "Authorization: Bearer [REDACTED]",
    ],
    [
      "access_key=… inside a sentence of a field error",
      { detail: { integration: ["Could not connect with access_key=AKIAIOSFODNN7EXAMPLE, check it"] } },
      ["AKIAIOSFODNN7EXAMPLE"],
      "access_key=[REDACTED], check it",
    ],
    [
      "another Avala key named in prose",
      { detail: "The api key avk_other_9f8e7d6c5b4a is revoked" },
      ["avk_other_9f8e7d6c5b4a"],
      "The api key [REDACTED] is revoked",
    ],
    [
      "a value repeated from a nested secret field",
      { detail: "Signature check failed for whsec_9f8e7d6c1b2a", webhook: { secret: "whsec_9f8e7d6c1b2a" } },
      ["whsec_9f8e7d6c1b2a"],
      "Signature check failed for [REDACTED]",
    ],
    [
      "a value repeated from a secret field deep in an array",
      {
        detail: { config: ["value hunter2-prod does not match the stored one"] },
        items: [{ name: "db", settings: { db_password: "hunter2-prod" } }],
      },
      ["hunter2-prod"],
      "config: value [REDACTED] does not match",
    ],
  ])("masks %s in message, toString, JSON, inspect and stack", async (_, body, secrets, shown) => {
    const error = await failWith(400, body);
    for (const view of views(error)) for (const secret of secrets) expect(view).not.toContain(secret);
    expect(error.message).toContain(shown);
  });

  it("leaves prose that only names a secret readable", async () => {
    const error = await failWith(400, {
      detail: { password: ["x"], non_field_errors: ["Token expired.", "The password field is required."] },
    });
    expect(error.message).toContain("non_field_errors: Token expired. The password field is required.");
  });

  it("masks secrets that library errors write into messages and log lines", async () => {
    const lines: string[] = [];
    const sink = (line: string, details?: unknown) => lines.push(`${line} ${JSON.stringify(details ?? {})}`);
    const avala = createClient({
      apiKey: KEY,
      baseUrl: server.baseUrl,
      limiter: false,
      retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1 },
      logger: { debug: sink, info: sink, warn: sink, error: sink },
      logLevel: "debug",
      // A fetch whose failure text carries a credential, as some proxy and TLS errors do.
      fetch: () =>
        Promise.reject(
          new Error("proxy refused Proxy-Authorization: Basic dXNlcjpzM2NyM3Q= (password=s3cr3t-pw)"),
        ),
    });
    const error = await avala.GET("/datasets/").then(
      () => {
        throw new Error("expected the call to fail");
      },
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(lines.some((line) => line.includes("retrying"))).toBe(true);
    for (const text of [...lines, ...views(error)]) {
      expect(text).not.toContain("dXNlcjpzM2NyM3Q");
      expect(text).not.toContain("s3cr3t-pw");
    }
    expect(error.message).toContain("Proxy-Authorization: Basic [REDACTED]");
  });

  it("JSON carries each class's own fields next to name and message, and never the cause", async () => {
    const limited = await failWith(429, { detail: "Slow down." }, { "retry-after": "120" });
    expect(JSON.parse(JSON.stringify(limited))).toMatchObject({
      name: "RateLimitError",
      message: expect.stringContaining("Slow down."),
      status: 429,
      retryAfter: 120,
      method: "POST",
      path: "/api/v1/exports/",
      body: { detail: "Slow down." },
    });
    const config = new ConfigurationError("timeout", "timeout must be a number.");
    expect(config.toJSON()).toEqual({
      name: "ConfigurationError",
      message: "timeout must be a number.",
      option: "timeout",
    });
    const wrapped = new APIConnectionError({ method: "GET", path: "/x/" }, undefined, {
      cause: new Error(`socket to ${KEY}`),
    });
    expect(Object.keys(wrapped.toJSON())).toEqual(["name", "message", "method", "path"]);
  });

  it("never shows the key when the client is inspected or serialised", () => {
    const avala = createClient({ apiKey: KEY, baseUrl: server.baseUrl });
    expect(inspect(avala, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(avala)).not.toContain(KEY);
    expect(inspect(avala)).toContain("[REDACTED]");
  });
});

describe("instanceof across module formats", () => {
  it("recognises errors created by the CJS build with the ESM build's classes and vice versa", async () => {
    const require = createRequire(import.meta.url);
    const cjs = require("../dist/index.cjs") as unknown as typeof import("../src/index.js");
    // A computed specifier: type checking must not need the build output.
    const esm = (await import(
      new URL("../dist/index.mjs", import.meta.url).href
    )) as typeof import("../src/index.js");
    expect(cjs.NotFoundError).not.toBe(esm.NotFoundError);
    const fromCjs = new cjs.NotFoundError({
      status: 404,
      body: {},
      method: "GET",
      path: "/x/",
      rateLimit: { limit: null, remaining: null, reset: null },
    });
    const fromEsm = new esm.RateLimitError({
      status: 429,
      body: {},
      method: "GET",
      path: "/x/",
      rateLimit: { limit: null, remaining: null, reset: null },
    });
    expect(fromCjs).toBeInstanceOf(esm.NotFoundError);
    expect(fromCjs).toBeInstanceOf(esm.APIError);
    expect(fromCjs).toBeInstanceOf(NotFoundError);
    expect(fromCjs).not.toBeInstanceOf(esm.RateLimitError);
    expect(fromEsm).toBeInstanceOf(cjs.RateLimitError);
    expect(fromEsm).toBeInstanceOf(cjs.AvalaError);
    expect(fromEsm).not.toBeInstanceOf(cjs.NotFoundError);
  });
});
