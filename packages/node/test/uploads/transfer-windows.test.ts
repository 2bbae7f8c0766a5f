// Storage transfers are not API calls: they take an `uploads` concurrency slot, but must not be charged to the
// API's request windows (the spec's `scope: "all"` rules, 100/min and 20/s), or N files would cost 2N slots.
import { createLimiter, MemoryLimiterStore, type WindowRule } from "@avala/core";
import { concurrencyLimits } from "@avala/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../src/client.js";
import { uploadDataset } from "../../src/uploads/upload-dataset.js";
import { type FakeApi, startFakeApi } from "../support/fake-api.js";
import { rm, tempDir, writeTree } from "../support/files.js";
import { type StorageStandIn, startStorageStandIn } from "../support/storage-stand-in.js";
import { TEST_API_KEY } from "../support/test-client.js";

/** The in-memory store, recording what each granted acquisition was charged to. */
class RecordingStore extends MemoryLimiterStore {
  readonly windowGrants: string[][] = [];
  readonly slotGrants: string[] = [];

  override tryAcquireWindows(rules: readonly WindowRule[], now: number, ttlMs: number) {
    const result = super.tryAcquireWindows(rules, now, ttlMs);
    if (result.granted) this.windowGrants.push(rules.map((rule) => rule.key));
    return result;
  }

  override tryAcquireSlot(key: string, max: number, ttlMs: number, now: number) {
    const token = super.tryAcquireSlot(key, max, ttlMs, now);
    if (token !== null) this.slotGrants.push(key);
    return token;
  }
}

let storage: StorageStandIn;
let fake: FakeApi;
let dir: string;

beforeAll(async () => {
  storage = await startStorageStandIn();
  fake = await startFakeApi({ storageUrl: `${storage.url}/bucket/` });
});
afterAll(async () => {
  await fake?.close();
  await storage?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("uploads and the API's request windows", () => {
  it("30 small files with the spec's windows on: the windows record exactly the API calls", async () => {
    dir = await tempDir();
    await writeTree(dir, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.jpg`, 100 + i])));
    const store = new RecordingStore();
    storage.uploadDelayMs = 20; // transfers overlap, so the concurrency cap is exercised
    const avala = createClient({
      apiKey: TEST_API_KEY,
      baseUrl: fake.url,
      limiter: createLimiter({ store }), // the spec's rules and concurrency caps
      maxRetries: 0,
    });
    const report = await uploadDataset(avala, {
      datasetName: "Windows",
      paths: [dir],
      storageHosts: [storage.hostname],
      createDataset: { slug: "windows", data_type: "image" },
    });
    expect(report.failed).toEqual([]);
    expect(report.uploaded).toHaveLength(30);
    expect(storage.stored).toHaveLength(30);

    // 30 presigned-form calls and the dataset creation reached the API, and the windows counted exactly those.
    expect(fake.requests).toHaveLength(31);
    const charged = store.windowGrants.filter((keys) => keys.length > 0);
    expect(charged).toHaveLength(31);
    for (const keys of charged) expect(keys).toEqual(["avala:rate:standard", "avala:rate:burst"]);

    // Each transfer still took an uploads slot, never more than the cap at once.
    expect(store.slotGrants.filter((key) => key === "avala:slots:uploads").length).toBeGreaterThanOrEqual(60);
    expect(storage.maxConcurrentUploads).toBeLessThanOrEqual(concurrencyLimits.uploads.maxConcurrent);
  });
});
