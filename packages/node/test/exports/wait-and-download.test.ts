import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { downloadExport, waitForExport } from "../../src/index.js";
import { startValidatedFakeApi, type ValidatedFakeApi } from "../support/fake-api.js";
import { listDir, rm, sha256, tempDir } from "../support/files.js";
import { installPollClock } from "../support/poll-clock.js";
import { type StorageStandIn, startStorageStandIn } from "../support/storage-stand-in.js";
import { TEST_API_KEY, testClient } from "../support/test-client.js";

let storage: StorageStandIn;
let fake: ValidatedFakeApi;
const UID = "1b2c3d4e-5f60-4718-a9b0-c1d2e3f4a5b6";

beforeAll(async () => {
  storage = await startStorageStandIn();
  fake = await startValidatedFakeApi({ storageUrl: `${storage.url}/bucket/` });
});
afterAll(async () => {
  await fake?.close();
  await storage?.close();
});

it("waits for an export through the API and downloads it from storage; the key only goes to the API", async () => {
  const dir = await tempDir();
  try {
    const archive = randomBytes(1024 * 1024);
    storage.serve(`/exports/${UID}/boxes-v1.zip`, archive);
    const downloadUrl = `${storage.url}/exports/${UID}/boxes-v1.zip?X-Amz-Signature=EXAMPLEONLY`;
    fake.api.scriptExport(UID, [
      { status: "requested" },
      { status: "processing", total_task_count: 850, exported_task_count: 312 },
      { status: "exported", total_task_count: 850, exported_task_count: 850, download_url: downloadUrl },
    ]);
    const clock = installPollClock();
    const done = await waitForExport(testClient(fake.baseUrl), UID, {
      pollInterval: 1000,
      maxPollInterval: 1000,
      onProgress: clock.onProgress([1000]),
    }).finally(() => clock.restore());
    const result = await downloadExport(done, dir, { storageHosts: [storage.hostname] });

    expect(sha256(await readFile(result.path))).toBe(sha256(archive));
    expect(await listDir(dir)).toEqual(["boxes-v1.zip"]);
    expect(fake.api.requests.map((r) => r.headers["x-avala-api-key"])).toEqual(Array(3).fill(TEST_API_KEY));
    expect(storage.requests).toHaveLength(1);
    expect(JSON.stringify(storage.requests[0]!.headers)).not.toContain(TEST_API_KEY);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
