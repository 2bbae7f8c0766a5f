import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  APIUserAbortError,
  ConfigurationError,
  createLimiter,
  MemoryLimiterStore,
  type WindowRule,
} from "@avala/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  DEFAULT_STORAGE_HOSTS,
  RecordingFailedError,
  type RecordingUploadProgress,
  StorageUploadError,
  StorageUrlNotAllowedError,
  uploadRecording,
  waitForRecording,
} from "../../src/index.js";
import { rm, tempDir, writeTree } from "../support/files.js";
import { installPollClock } from "../support/poll-clock.js";
import { type PutStorage, startPutStorage } from "../support/put-storage.js";
import { TEST_API_KEY, testClient } from "../support/test-client.js";
import { startValidatedWorkflowApi, type ValidatedWorkflowApi } from "../support/workflow-api.js";

let fake: ValidatedWorkflowApi;
let storage: PutStorage;
let root: string;
const UID = "0819203a-4b5c-4d6e-9f70-9a0b1c2d3e4f";
const keyOf = (path: string) => `acme-robotics/fleet/recordings/${UID}/${path}`;
const hosts = () => [...DEFAULT_STORAGE_HOSTS, storage.hostname];
const client = () => testClient(fake.baseUrl, { ca: storage.cert });
const calls = (step: string) => fake.api.requests.filter((r) => r.path.endsWith(`/upload/${step}/`));
let n = 0;

/** A fresh directory with `files` (path → size of random bytes), and the state file path beside it. */
async function drive(files: Record<string, number>) {
  const dir = join(root, `drive-${n++}`);
  const hashes = await writeTree(dir, files);
  return { dir, hashes, stateFile: join(root, `state-${n}.json`) };
}

beforeAll(async () => {
  storage = await startPutStorage();
  fake = await startValidatedWorkflowApi();
  fake.api.storage = storage;
  root = await tempDir("avala-fleet-");
});
afterAll(async () => {
  await fake?.close();
  await storage?.close();
  await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  fake.api.reset();
  fake.api.storage = storage;
  storage.reset();
});

describe("uploadRecording", () => {
  it("uploads a directory through init, presigned PUTs, confirm and finalize, then waits for ready", async () => {
    const { dir, hashes, stateFile } = await drive({
      "drive.mcap": 300_000,
      "meta/info.json": 512,
      "empty.bin": 0,
    });
    const progress: RecordingUploadProgress[] = [];
    const report = await uploadRecording(client(), UID, {
      paths: dir,
      stateFile,
      storageHosts: hosts(),
      onProgress: (p) => progress.push(p),
    });
    expect(report.failed).toEqual([]);
    expect(report.finalized).toBe(true);
    expect(report.stored.map((f) => f.path).sort()).toEqual(["drive.mcap", "empty.bin", "meta/info.json"]);
    expect(report.bytesSent).toBe(300_512);
    expect(report.status).toMatchObject({ status: "completed", confirmed_files: 3, pending_paths: [] });
    // Each file reached storage once, byte for byte, with the signed headers and never the API key.
    for (const [path, hash] of Object.entries(hashes)) {
      expect(storage.timesStored(keyOf(path))).toBe(1);
      expect(storage.stored.find((o) => o.key === keyOf(path))?.sha256).toBe(hash);
    }
    expect(storage.refused).toEqual([]);
    expect(storage.stored.every((o) => o.headers["x-avala-api-key"] === undefined)).toBe(true);
    const session = fake.api.sessions.get(UID)!;
    expect([...session.confirmations.values()]).toEqual([1, 1, 1]);
    expect(calls("init")[0]!.body).toEqual({
      files: [
        { path: "drive.mcap", size_bytes: 300_000 },
        { path: "empty.bin", size_bytes: 0 },
        { path: "meta/info.json", size_bytes: 512 },
      ],
    });
    await expect(stat(stateFile)).rejects.toMatchObject({ code: "ENOENT" });
    expect(progress[0]).toMatchObject({ event: "start", filesTotal: 3, bytesTotal: 300_512, bytesSent: 0 });
    expect(progress.at(-1)).toMatchObject({
      event: "done",
      filesStored: 3,
      filesConfirmed: 3,
      bytesSent: 300_512,
    });

    fake.api.recordingSteps = ["processing", "processing", "ready"];
    const statuses: string[] = [];
    const clock = installPollClock();
    try {
      const tick = clock.onProgress([10_000]);
      const recording = await waitForRecording(client(), UID, {
        onProgress: (r) => {
          statuses.push(r.status ?? "");
          tick();
        },
      });
      expect(recording.status).toBe("ready");
      expect(statuses).toEqual(["processing", "processing", "ready"]);
      expect(clock.pollTimes).toEqual([0, 10_000, 20_000]);
    } finally {
      clock.restore();
    }
  });

  it("retries transient storage failures (503, reset) and stores each file once", async () => {
    const { dir, stateFile } = await drive({ "a.bin": 200_000, "b.bin": 200_000 });
    storage.failNext(1, "503");
    storage.failNext(1, "reset");
    const report = await uploadRecording(client(), UID, {
      paths: dir,
      stateFile,
      storageHosts: hosts(),
      concurrency: 1,
      initialDelayMs: 0,
    });
    expect(report.failed).toEqual([]);
    expect(storage.refused.map((r) => r.code)).toEqual(expect.arrayContaining(["SlowDown", "reset"]));
    expect(storage.timesStored(keyOf("a.bin"))).toBe(1);
    expect(storage.timesStored(keyOf("b.bin"))).toBe(1);
    expect(report.bytesSent).toBe(400_000); // a retry does not count its bytes twice
  });

  it("gives up after 3 attempts, keeps the state, and a re-run sends only the missing file", async () => {
    const { dir, stateFile } = await drive({ "a.bin": 1000, "b.bin": 2000, "c.bin": 3000 });
    storage.failNext(3, "503"); // a.bin fails all three attempts
    const first = await uploadRecording(client(), UID, {
      paths: dir,
      stateFile,
      storageHosts: hosts(),
      concurrency: 1,
      initialDelayMs: 0,
    });
    expect(first.finalized).toBe(false);
    expect(first.failed.map((f) => f.path)).toEqual(["a.bin"]);
    expect(first.failed[0]!.error).toBeInstanceOf(StorageUploadError);
    expect(first.failed[0]!.error).toMatchObject({ attempts: 3, status: 503, transient: true });
    expect(calls("finalize")).toEqual([]);
    expect(JSON.parse(await readFile(stateFile, "utf8")).files["b.bin"]).toMatchObject({ confirmed: true });

    const second = await uploadRecording(client(), UID, { paths: dir, stateFile, storageHosts: hosts() });
    expect(second.finalized).toBe(true);
    expect(second.stored.map((f) => f.path)).toEqual(["a.bin"]);
    expect(second.resumed.map((f) => f.path).sort()).toEqual(["b.bin", "c.bin"]);
    expect(calls("init")).toHaveLength(1); // the same session, resumed
    for (const path of ["a.bin", "b.bin", "c.bin"]) expect(storage.timesStored(keyOf(path))).toBe(1);
    expect([...fake.api.sessions.get(UID)!.confirmations.values()]).toEqual([1, 1, 1]);
  });

  it("an upload aborted mid-file resumes with only the missing files: stored ones are confirmed, not re-sent", async () => {
    const { dir, stateFile } = await drive({ "a.bin": 5000, "b.bin": 2_000_000, "c.bin": 7000 });
    const controller = new AbortController();
    // Driven by the bytes storage has seen of b.bin, not by time: a.bin is stored and recorded by then.
    storage.whenReceived(keyOf("b.bin"), 500_000, () => controller.abort());
    const error = await uploadRecording(client(), UID, {
      paths: dir,
      stateFile,
      storageHosts: hosts(),
      concurrency: 1,
      signal: controller.signal,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    const saved = JSON.parse(await readFile(stateFile, "utf8"));
    expect(saved.files["a.bin"].etag).toBe(storage.etagOf(keyOf("a.bin")));
    expect(saved.files["b.bin"].etag).toBeUndefined();
    expect(calls("confirm")).toEqual([]);

    const report = await uploadRecording(client(), UID, { paths: dir, stateFile, storageHosts: hosts() });
    expect(report.finalized).toBe(true);
    expect(report.resumed.map((f) => f.path)).toEqual(["a.bin"]);
    expect(report.stored.map((f) => f.path).sort()).toEqual(["b.bin", "c.bin"]);
    for (const path of ["a.bin", "b.bin", "c.bin"]) expect(storage.timesStored(keyOf(path))).toBe(1);
    expect([...fake.api.sessions.get(UID)!.confirmations.values()]).toEqual([1, 1, 1]);
  });

  it("refuses presigned URLs off the allow-list without sending anything to them", async () => {
    const { dir, stateFile } = await drive({ "a.bin": 10 });
    const report = await uploadRecording(client(), UID, { paths: dir, stateFile });
    expect(report.failed[0]!.error).toBeInstanceOf(StorageUrlNotAllowedError);
    expect((report.failed[0]!.error as Error).message).toContain('"127.0.0.1"');
    expect(storage.stored).toEqual([]);
    expect(storage.refused).toEqual([]);
  });

  it("a refusal by storage (expired URL) is not retried", async () => {
    const { dir, stateFile } = await drive({ "a.bin": 10 });
    storage.now = () => Date.now() + 2 * 3600_000; // the URLs expired in transit
    const report = await uploadRecording(client(), UID, { paths: dir, stateFile, storageHosts: hosts() });
    expect(report.failed[0]!.error).toMatchObject({ status: 403, attempts: 1, transient: false });
    expect((report.failed[0]!.error as Error).message).toContain("AccessDenied");
  });

  it("transfers take uploads slots but are not charged to the API's request windows", async () => {
    const { dir, stateFile } = await drive(
      Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.bin`, 100])),
    );
    const windows: string[][] = [];
    const slots: string[] = [];
    class RecordingStore extends MemoryLimiterStore {
      override tryAcquireWindows(rules: readonly WindowRule[], now: number, ttlMs: number) {
        const result = super.tryAcquireWindows(rules, now, ttlMs);
        if (result.granted && rules.length > 0) windows.push(rules.map((r) => r.key));
        return result;
      }
      override tryAcquireSlot(key: string, max: number, ttlMs: number, now: number) {
        const token = super.tryAcquireSlot(key, max, ttlMs, now);
        if (token !== null) slots.push(key);
        return token;
      }
    }
    const avala = createClient({
      apiKey: TEST_API_KEY,
      baseUrl: fake.baseUrl,
      ca: storage.cert,
      limiter: createLimiter({ store: new RecordingStore() }),
      maxRetries: 0,
    });
    const report = await uploadRecording(avala, UID, {
      paths: dir,
      stateFile,
      storageHosts: hosts(),
      concurrency: 10,
    });
    expect(report.finalized).toBe(true);
    // init, urls, confirm, finalize, status: the only calls charged to the windows.
    expect(fake.api.requests).toHaveLength(5);
    expect(windows).toHaveLength(5);
    expect(slots.filter((k) => k === "avala:slots:uploads").length).toBeGreaterThanOrEqual(12);
    expect(storage.maxConcurrent).toBeLessThanOrEqual(10);
  });

  it.each([
    ["concurrency", { concurrency: 11 }],
    ["concurrency", { concurrency: 0 }],
    ["maxAttempts", { maxAttempts: 0 }],
    ["paths", { paths: [] }],
    ["storageHosts", { storageHosts: ["https://x"] }],
  ] as const)("rejects a bad %s with ConfigurationError before sending", async (option, override) => {
    const error = await uploadRecording(client(), UID, { paths: root, stateFile: false, ...override }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ option });
    expect(fake.api.requests).toEqual([]);
  });

  it("refuses to resume with files changed since the interrupted upload", async () => {
    const { dir, stateFile } = await drive({ "a.bin": 10, "b.bin": 10 });
    storage.failNext(3, "503");
    await uploadRecording(client(), UID, {
      paths: dir,
      stateFile,
      storageHosts: hosts(),
      concurrency: 1,
      initialDelayMs: 0,
    });
    await writeFile(join(dir, "a.bin"), "changed since");
    const error = await uploadRecording(client(), UID, {
      paths: dir,
      stateFile,
      storageHosts: hosts(),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain("The files differ from those of the interrupted upload");
  });

  it("waitForRecording throws RecordingFailedError when processing ends in error", async () => {
    const { dir, stateFile } = await drive({ "a.bin": 10 });
    await uploadRecording(client(), UID, { paths: dir, stateFile, storageHosts: hosts() });
    fake.api.recordingSteps = ["error"];
    await expect(waitForRecording(client(), UID, { intervalMs: 1000 })).rejects.toBeInstanceOf(
      RecordingFailedError,
    );
  });
});
