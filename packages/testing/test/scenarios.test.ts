// Every scenario of the README against the mock of the global setup, with the error the client raises.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from "@avala/core";
import { describe, expect, inject, it } from "vitest";
import { createTestClient, MOCK_URL_ENV, scenario } from "../src/index.js";

const DATASET = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
const dataset = { params: { path: { uid: DATASET } } };

/** Counts the attempts a client makes (each goes through fetch once). */
function countingFetch() {
  const statuses: number[] = [];
  const fetch = async (input: Request | string, init?: RequestInit) => {
    const response = await globalThis.fetch(input, init);
    statuses.push(response.status);
    return response;
  };
  return { statuses, fetch };
}

describe("the global setup", () => {
  it("hands the mock's URL to the tests, and createTestClient() finds it without options", async () => {
    expect(process.env[MOCK_URL_ENV]).toBe(inject("avalaMockUrl"));
    const found = await createTestClient().GET("/datasets/{uid}/", dataset);
    expect(found.name).toBe("Highway LiDAR 2026");
  });
});

describe("scenarios", () => {
  it("429 with Retry-After once, then 200: the client waits, retries and succeeds", async () => {
    const { statuses, fetch } = countingFetch();
    const avala = createTestClient({ fetch, scenario: { status: 429, retryAfter: 0, times: 1 } });
    const found = await avala.GET("/datasets/{uid}/", dataset);
    expect(found.uid).toBe(DATASET);
    expect(statuses).toEqual([429, 200]);
  });

  it("429 every time: RateLimitError with the mock's Retry-After", async () => {
    const { statuses, fetch } = countingFetch();
    const avala = createTestClient({ fetch, maxRetries: 1 });
    const error = await avala
      .GET("/datasets/", { headers: scenario({ status: 429, retryAfter: 0 }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(0);
    expect(statuses).toEqual([429, 429]);
  });

  it("a Retry-After longer than the client's ceiling surfaces at once as RateLimitError", async () => {
    const { statuses, fetch } = countingFetch();
    const avala = createTestClient({ fetch });
    const error = await avala
      .GET("/datasets/", { headers: scenario({ status: 429 }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    // the spec's example Retry-After (30 s) through Prism's Prefer header alone
    expect((error as RateLimitError).retryAfter).toBe(30);
    expect(statuses).toEqual([429]);
  });

  it("503: InternalServerError after the retries", async () => {
    const { statuses, fetch } = countingFetch();
    const avala = createTestClient({ fetch, maxRetries: 2 });
    const error = await avala
      .GET("/datasets/{uid}/", { ...dataset, headers: scenario({ status: 503 }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(503);
    expect(statuses).toEqual([503, 503, 503]);
  });

  it("404: NotFoundError, not retried", async () => {
    const { statuses, fetch } = countingFetch();
    const avala = createTestClient({ fetch });
    const error = await avala
      .GET("/datasets/{uid}/", { ...dataset, headers: scenario({ status: 404 }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain("Not found.");
    expect(statuses).toEqual([404]);
  });

  it("400 with field errors (the spec's fieldErrors example): BadRequestError.fieldErrors", async () => {
    const avala = createTestClient();
    const error = await avala
      .POST("/datasets/", {
        body: {
          name: "x",
          slug: "x",
          data_type: "image",
          is_sequence: false,
          visibility: "private",
          create_metadata: false,
        },
        headers: scenario({ status: 400, example: "fieldErrors" }),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).fieldErrors).toEqual({ name: ["This field is required."] });
  });

  it("a slow response: APIConnectionTimeoutError when it takes longer than the client's timeout", async () => {
    const avala = createTestClient({ timeout: 200, maxRetries: 0 });
    const error = await avala
      .GET("/datasets/", { headers: scenario({ delayMs: 30_000 }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  });

  it("a slow response within the timeout is answered normally", async () => {
    const found = await createTestClient().GET("/datasets/{uid}/", {
      ...dataset,
      headers: scenario({ delayMs: 50 }),
    });
    expect(found.uid).toBe(DATASET);
  });

  it("a dropped connection: APIConnectionError (not a timeout), after the retries", async () => {
    const avala = createTestClient({ maxRetries: 1 });
    const error = await avala
      .GET("/datasets/", { headers: scenario({ drop: true }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
  });

  it("a dropped connection once: the retry succeeds", async () => {
    const avala = createTestClient({ scenario: { drop: true, times: 1 } });
    expect((await avala.GET("/datasets/{uid}/", dataset)).uid).toBe(DATASET);
  });

  it("a call that breaks the spec fails with Prism's message as a field error", async () => {
    const avala = createTestClient();
    const error = await avala
      // @ts-expect-error a wrong call on purpose: limit must be an integer
      .GET("/datasets/", { params: { query: { limit: "many" } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).fieldErrors).toEqual({
      "query.limit": ["Request query parameter limit must be integer"],
    });
    expect((error as BadRequestError).message).toContain("Request query parameter limit must be integer");
  });

  it("rejects a malformed scenario with a TypeError that names the field", () => {
    expect(() => scenario({ status: 42 })).toThrow(/status must be an HTTP status code/);
    expect(() => scenario({ times: 0, drop: true })).toThrow(/times must be an integer/);
    expect(() => scenario({ statsu: 404 } as never)).toThrow(/unknown field "statsu"/);
  });
});
