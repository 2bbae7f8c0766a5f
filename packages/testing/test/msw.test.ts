// The MSW handlers in Node (setupServer), answering a real @avala/core client; overrides per test.
import { readFileSync } from "node:fs";
import { createClient, NotFoundError } from "@avala/core";
import { HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { avalaExample, avalaHandler, createAvalaHandlers } from "../src/msw/index.js";

// What a browser app's client would call: its own server's proxy mount (core allows http only for localhost).
const BASE = "http://localhost/api/avala";
const DATASET = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
const server = setupServer(...createAvalaHandlers({ baseUrl: BASE }));
let client: ReturnType<typeof createClient>;
const local = (path: string) => `${BASE}${path}`;

beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  // After listen(): core binds the global fetch when a client is created, and MSW patches it in listen().
  client = createClient({ apiKey: null, baseUrl: BASE, limiter: false, maxRetries: 0 });
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe("createAvalaHandlers", () => {
  it("answers every operation with the spec's example and status", async () => {
    const found = await client.GET("/datasets/{uid}/", { params: { path: { uid: DATASET } } });
    expect(found).toEqual(avalaExample("get", "/datasets/{uid}/"));
    const page = await client.GET("/datasets/");
    expect(page.results.length).toBeGreaterThan(0);
    const created = await client.POST("/exports/", {
      body: { name: "v3", format: "avala-json-external", datasets: [DATASET] },
    });
    expect(created.status).toBe("requested");
    expect(await client.DELETE("/webhooks/{uid}/", { params: { path: { uid: DATASET } } })).toBeUndefined();
  });

  it("matches literal paths before parameters (manual-upload is not a dataset uid)", async () => {
    const response = await fetch(local("/datasets/manual-upload/"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual(avalaExample("post", "/datasets/manual-upload/"));
  });

  it("is overridden per test with a typed avalaHandler", async () => {
    server.use(
      avalaHandler(
        "get",
        "/datasets/{uid}/",
        ({ params }) => HttpResponse.json({ detail: `No dataset ${params.uid}.` }, { status: 404 }),
        { baseUrl: BASE },
      ),
    );
    const error = await client
      .GET("/datasets/{uid}/", { params: { path: { uid: DATASET } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain(`No dataset ${DATASET}.`);
    // @ts-expect-error the spec has no such path
    expect(() => avalaHandler("get", "/no-such-path/", () => HttpResponse.json({}))).not.toThrow();
  });

  it("avalaExample returns a copy and names a missing operation", () => {
    const example = avalaExample("get", "/datasets/{uid}/");
    example.name = "changed";
    expect(avalaExample("get", "/datasets/{uid}/").name).toBe("Highway LiDAR 2026");
    // @ts-expect-error not an operation of the spec
    expect(() => avalaExample("get", "/nope/")).toThrow(/the Avala spec has no GET \/nope\//);
  });
});

describe("the @avala/testing/msw build", () => {
  it("imports no Node built-in and nothing of Prism, in ESM and CJS", () => {
    for (const file of ["msw.mjs", "msw.cjs"]) {
      const code = readFileSync(new URL(`../dist/${file}`, import.meta.url), "utf8");
      const imports = [...code.matchAll(/(?:from\s*|require\()\s*["']([^"']+)["']/g)].map((m) => m[1]);
      expect(imports.filter((name) => name !== "msw")).toEqual([]);
      expect(code).not.toMatch(/@stoplight|["']node:/);
    }
  });
});
