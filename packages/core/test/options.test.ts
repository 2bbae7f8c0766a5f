import { describe, expect, it } from "vitest";
// createClient of core's own module, not of the index: @avala/node re-runs this suite with the index swapped for a
// client on its undici transport, and "the global fetch" below is about core's default fetch transport.
import { createClient as createFetchClient } from "../src/client.js";
import {
  ConfigurationError,
  createBaseClient,
  createClient,
  createLimiter,
  DEFAULT_BASE_URL,
} from "../src/index.js";

const attempt = (options: unknown) => {
  try {
    createClient(options as Parameters<typeof createClient>[0]);
  } catch (error) {
    return error as ConfigurationError;
  }
  throw new Error("createClient accepted invalid options");
};

describe("createClient options", () => {
  it("defaults to the production API root", () => {
    expect(createClient({ apiKey: "avk_123456" }).baseUrl).toBe(DEFAULT_BASE_URL);
    expect(createClient({ apiKey: "avk_123456", baseUrl: "https://api.avala.ai/api/v1/" }).baseUrl).toBe(
      DEFAULT_BASE_URL,
    );
  });

  it.each([undefined, "", "   "])(
    "fails at construction on a missing key (%j), naming the option and AVALA_API_KEY",
    (apiKey) => {
      const error = attempt({ apiKey });
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.option).toBe("apiKey");
      expect(error.message).toContain("`apiKey`");
      expect(error.message).toContain("AVALA_API_KEY");
    },
  );

  it("rejects a key with whitespace inside without echoing it", () => {
    const error = attempt({ apiKey: "avk_abc\ndef" });
    expect(error.option).toBe("apiKey");
    expect(error.message).not.toContain("avk_abc");
  });

  it.each([
    ["http://api.avala.ai/api/v1", /must use https/],
    ["ftp://localhost/x", /must use https/],
    ["not a url", /not a valid absolute URL/],
    ["https://user:pw@api.avala.ai/api/v1", /credentials/],
    ["https://api.avala.ai/api/v1?x=1", /query string/],
  ])("rejects baseUrl %s", (baseUrl, message) => {
    const error = attempt({ apiKey: "avk_123456", baseUrl });
    expect(error.option).toBe("baseUrl");
    expect(error.message).toMatch(message);
  });

  it.each(["http://localhost:4010", "http://127.0.0.1:4010/api/v1", "http://[::1]:4010"])(
    "allows plain http on loopback (%s)",
    (baseUrl) => {
      expect(() => createClient({ apiKey: "avk_123456", baseUrl })).not.toThrow();
    },
  );

  it.each([
    [{ timeout: -1 }, "timeout"],
    [{ timeout: Number.NaN }, "timeout"],
    [{ maxRetries: 1.5 }, "maxRetries"],
    [{ maxRetries: Number.POSITIVE_INFINITY }, "maxRetries"],
    [{ retry: { maxDelayMs: -5 } }, "retry.maxDelayMs"],
    [{ retry: { statuses: ["500"] } }, "retry.statuses"],
    [{ limiter: { maxQueue: 5 } }, "limiter"],
    [{ limiter: true }, "limiter"],
    [{ fetch: globalThis.fetch, transport: () => ({}) }, "transport"],
    [{ transport: "undici" }, "transport"],
    [{ limiter: "yes" }, "limiter"],
    [{ fetch: "fetch" }, "fetch"],
    [{ headers: { "x-avala-api-key": "avk_other" } }, "headers"],
    [{ logLevel: "verbose" }, "logLevel"],
  ])("rejects %j naming %s", (extra, option) => {
    const error = attempt({ apiKey: "avk_123456", ...extra });
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.option).toBe(option);
  });

  it("has no limiter unless given one, shares one instance between clients, and can turn it off", () => {
    expect(createClient({ apiKey: "avk_123456" }).limiter).toBeNull();
    const a = createClient({ apiKey: "avk_123456", limiter: createLimiter() });
    const b = createClient({ apiKey: "avk_654321", limiter: a.limiter! });
    expect(b.limiter).toBe(a.limiter);
    expect(createClient({ apiKey: "avk_123456", limiter: false }).limiter).toBeNull();
  });

  it("takes the limiter in one form, as @avala/node and @avala/react do: an instance or false", () => {
    const limiter = createLimiter({ maxQueue: 5 });
    expect(createBaseClient({ apiKey: "avk_123456", limiter }).limiter).toBe(limiter);
    expect(createBaseClient({ apiKey: "avk_123456", limiter: false }).limiter).toBeNull();
    for (const option of [true, { maxQueue: 5 }]) {
      for (const make of [createClient, createBaseClient]) {
        // @ts-expect-error -- the types refuse them too; this is for callers they do not reach.
        const error = () => make({ apiKey: "avk_123456", limiter: option });
        expect(error).toThrow(ConfigurationError);
        expect(error).toThrow(/a RateLimiter from createLimiter\(\) \(pass its options there\) or false/);
      }
    }
  });
});

describe("the global fetch", () => {
  it("is looked up at call time, so a fetch patched in after createClient (as MSW does) sees the call", async () => {
    const avala = createFetchClient({ apiKey: "avk_123456", baseUrl: "https://api.example.test/api/v1" });
    const original = globalThis.fetch;
    const seen: string[] = [];
    globalThis.fetch = async (input: RequestInfo | URL) => {
      seen.push(String(input instanceof Request ? input.url : input));
      return new Response(JSON.stringify({ uid: "ds_1" }), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    };
    try {
      const data = await avala.GET("/datasets/{uid}/", { params: { path: { uid: "ds_1" } } });
      expect(data).toEqual({ uid: "ds_1" });
      expect(seen).toEqual(["https://api.example.test/api/v1/datasets/ds_1/"]);
    } finally {
      globalThis.fetch = original;
    }
  });
});
