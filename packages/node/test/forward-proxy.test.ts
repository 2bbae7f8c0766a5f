// Behind a corporate forward proxy (HTTPS_PROXY/HTTP_PROXY), everything the SDK sends must go through it:
// API calls, storage uploads, export downloads and the browser proxy handler's upstream requests. A real local
// forward proxy counts what passes through it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "../src/client.js";
import { dispatcherOf } from "../src/dispatcher.js";
import { downloadExport } from "../src/exports/download-export.js";
import { createProxyHandler } from "../src/proxy/proxy-handler.js";
import { uploadDataset } from "../src/uploads/upload-dataset.js";
import { type FakeApi, startFakeApi } from "./support/fake-api.js";
import { rm, tempDir, writeTree } from "./support/files.js";
import { type ForwardProxy, startForwardProxy } from "./support/forward-proxy.js";
import { type StorageStandIn, startStorageStandIn } from "./support/storage-stand-in.js";
import { TEST_API_KEY } from "./support/test-client.js";

const PROXY_VARIABLES = ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"];
let saved: Record<string, string | undefined>;
let forward: ForwardProxy;
let storage: StorageStandIn;
let fake: FakeApi;
let dir: string;

beforeAll(async () => {
  storage = await startStorageStandIn();
  fake = await startFakeApi({ storageUrl: `${storage.url}/bucket/` });
  forward = await startForwardProxy();
  dir = await tempDir();
  await writeTree(dir, { "a.jpg": 1000, "b.jpg": 2000, "c.jpg": 3000 });
});
afterAll(async () => {
  await forward?.close();
  await fake?.close();
  await storage?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of PROXY_VARIABLES) delete process.env[name];
  process.env.HTTP_PROXY = forward.url;
  process.env.HTTPS_PROXY = forward.url;
  forward.passed.length = 0;
  storage.reset();
  fake.reset();
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const hostOf = (url: string) => new URL(url).host;

describe("one dispatcher for everything, honouring HTTP(S)_PROXY", () => {
  it("API calls and storage uploads both pass through the forward proxy", async () => {
    const avala = createClient({ apiKey: TEST_API_KEY, baseUrl: fake.url, limiter: false, maxRetries: 0 });
    const report = await uploadDataset(avala, {
      datasetName: "Proxied",
      paths: [dir],
      storageHosts: [storage.hostname],
    });
    expect(report.failed).toEqual([]);
    expect(storage.stored).toHaveLength(3);
    expect(forward.targets()).toEqual([hostOf(fake.url), hostOf(storage.url)].sort());
  });

  it("export downloads with the client pass through the forward proxy", async () => {
    storage.serve("/exports/e1.zip", Buffer.from("zip bytes"));
    const avala = createClient({ apiKey: TEST_API_KEY, baseUrl: fake.url, limiter: false });
    const result = await downloadExport(`${storage.url}/exports/e1.zip`, `${dir}/out/`, {
      client: avala,
      storageHosts: [storage.hostname],
    });
    expect(result.bytes).toBe(9);
    expect(forward.targets()).toEqual([hostOf(storage.url)]);
  });

  it("the proxy handler's upstream requests pass through the forward proxy", async () => {
    const avala = createClient({ apiKey: TEST_API_KEY, baseUrl: fake.url, limiter: false });
    const handler = createProxyHandler({
      apiKey: TEST_API_KEY,
      allow: ["createExport"],
      basePath: "/api/avala",
      baseUrl: fake.url,
      limiter: false,
      dispatcher: dispatcherOf(avala),
    });
    const response = await handler(
      new Request("http://app.test/api/avala/exports/", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "x", format: "avala-json-external", datasets: ["d"] }),
      }),
    );
    expect(response.status).toBe(201);
    expect(forward.targets()).toEqual([hostOf(fake.url)]);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /exports/"]);
  });

  it("NO_PROXY exempts hosts for every kind of request", async () => {
    process.env.NO_PROXY = "127.0.0.1";
    const avala = createClient({ apiKey: TEST_API_KEY, baseUrl: fake.url, limiter: false, maxRetries: 0 });
    const report = await uploadDataset(avala, {
      datasetName: "Direct",
      paths: [dir],
      storageHosts: [storage.hostname],
    });
    expect(report.failed).toEqual([]);
    storage.serve("/exports/e2.zip", Buffer.from("zip"));
    await downloadExport(`${storage.url}/exports/e2.zip`, `${dir}/out2/`, {
      client: avala,
      storageHosts: [storage.hostname],
    });
    expect(forward.passed).toEqual([]);
  });
});
