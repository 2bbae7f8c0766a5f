// The examples of the official TypeScript SDK's README (`@avala-ai/sdk`), each translated only in its import
// line (`import Avala, { … } from "@avala-ai/sdk"` → `import { Avala, … } from "@avala/node"`), run against the
// Prism mock of the spec. Placeholder ids ("dataset-uid", "project-uid") are replaced by the spec's example ids,
// because the mock validates them as UUIDs; the error-handling example runs against a local server answering
// the API's 404, which a mock of the spec cannot produce for an id it validates.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type {} from "../../testing/dist/vitest-global-setup.mjs";
import { Avala, AvalaError, NotFoundError, RateLimitError } from "../src/index.js";

const DATASET_UID = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
const PROJECT_UID = "7e9b1d3f-5a6c-4e8d-b0f1-2a3c4e5f6a7b";

const logged: unknown[][] = [];
const saved = { key: process.env.AVALA_API_KEY, url: process.env.AVALA_BASE_URL };

beforeAll(() => {
  process.env.AVALA_API_KEY = "avk_readme_0123456789abcdef";
  process.env.AVALA_BASE_URL = inject("avalaMockUrl");
});
afterAll(() => {
  for (const [name, value] of [
    ["AVALA_API_KEY", saved.key],
    ["AVALA_BASE_URL", saved.url],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
afterEach(() => {
  logged.length = 0;
  vi.restoreAllMocks();
});
const captureLog = () =>
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    logged.push(args);
  });

describe("the official TypeScript SDK's README, on @avala/node", () => {
  it("SDK Quick Start", async () => {
    captureLog();
    const avala = new Avala(); // reads AVALA_API_KEY env var

    // List datasets
    const page = await avala.datasets.list({ limit: 10 });
    // biome-ignore lint/suspicious/useIterableCallbackReturn: the README's line, as written
    page.items.forEach((d) => console.log(d.uid, d.name));

    // Get a specific dataset
    const dataset = await avala.datasets.get(DATASET_UID);

    // Create an export
    const exp = await avala.exports.create({ project: PROJECT_UID });
    console.log(exp.uid, exp.status);

    // List tasks with filters
    const tasks = await avala.tasks.list({ project: PROJECT_UID, status: "completed" });

    expect(logged[0]).toEqual([DATASET_UID, "Highway LiDAR 2026"]);
    expect(dataset.uid).toBe(DATASET_UID);
    expect(logged.at(-1)?.[0]).toBe(exp.uid);
    expect(tasks.items.length).toBeGreaterThan(0);
  });

  it("Authentication: the key passed explicitly", async () => {
    const avala = new Avala({ apiKey: "avk_your_api_key" });
    expect((await avala.datasets.list()).items.length).toBeGreaterThan(0);
  });

  it("Pagination", async () => {
    captureLog();
    const avala = new Avala();
    let page = await avala.datasets.list({ limit: 20 });

    for (const dataset of page.items) {
      console.log(dataset.name);
    }

    if (page.hasMore) {
      const nextPage = await avala.datasets.list({ cursor: page.nextCursor });
      page = nextPage;
    }
    expect(logged).toEqual(page.items.map((dataset) => [dataset.name]));
    expect(logged[0]).toEqual(["Highway LiDAR 2026"]);
  });

  it("Error Handling", async () => {
    // The API's answer for an unknown dataset.
    const server = createServer((_req, res) => {
      res.writeHead(404, { "content-type": "application/json" }).end('{"detail":"Not found."}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    process.env.AVALA_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    captureLog();
    try {
      const avala = new Avala();
      try {
        const dataset = await avala.datasets.get("nonexistent");
        console.log(dataset);
      } catch (e) {
        if (e instanceof NotFoundError) {
          console.log("Dataset not found");
        } else if (e instanceof RateLimitError) {
          console.log("Rate limited");
        } else if (e instanceof AvalaError) {
          console.log(`API error: ${e.message}`);
        }
      }
    } finally {
      process.env.AVALA_BASE_URL = inject("avalaMockUrl");
      server.close();
    }
    expect(logged).toEqual([["Dataset not found"]]);
  });

  it("Available Resources: every method the table lists exists", async () => {
    const avala = new Avala();
    const table = {
      datasets: ["list", "get"],
      projects: ["list", "get"],
      exports: ["list", "get", "create"],
      tasks: ["list", "get"],
      storageConfigs: ["list", "create", "test", "delete"],
    } as const;
    for (const [resource, methods] of Object.entries(table)) {
      for (const method of methods) {
        expect((avala as unknown as Record<string, Record<string, unknown>>)[resource]?.[method]).toBeTypeOf(
          "function",
        );
      }
    }
    expect((await avala.projects.list()).items.length).toBeGreaterThan(0);
    expect((await avala.storageConfigs.list()).items.length).toBeGreaterThan(0);
  });
});
