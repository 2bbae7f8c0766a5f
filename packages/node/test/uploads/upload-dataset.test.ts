import { readFile, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { APIError, APIUserAbortError, ConfigurationError } from "@avala/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  StorageUploadError,
  StorageUrlNotAllowedError,
  type UploadProgress,
  uploadDataset,
} from "../../src/index.js";
import { startValidatedFakeApi, storageKey, type ValidatedFakeApi } from "../support/fake-api.js";
import { rm, tempDir, writeTree } from "../support/files.js";
import { type StorageStandIn, startStorageStandIn } from "../support/storage-stand-in.js";
import { TEST_API_KEY, testClient } from "../support/test-client.js";

let storage: StorageStandIn;
let fake: ValidatedFakeApi;
let dir: string;
const DATASET = "Warehouse Cameras";
const fast = { initialDelayMs: 5, maxDelayMs: 20 };

beforeAll(async () => {
  storage = await startStorageStandIn();
  fake = await startValidatedFakeApi({ storageUrl: `${storage.url}/bucket/` });
});
afterAll(async () => {
  await fake?.close();
  await storage?.close();
});
afterEach(async () => {
  storage.reset();
  fake.api.reset();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const key = (path: string) => storageKey(fake.api.owner, DATASET, path);

describe("uploadDataset", () => {
  it("uploads a directory filtered by include/exclude: bytes, fields, report and progress", async () => {
    dir = await tempDir();
    const hashes = await writeTree(dir, {
      "cam-01/frame_001.jpg": 300_000,
      "cam-01/frame_002.jpg": 1,
      "cam-02/frame_001.png": 150_000,
      "cam-02/notes.txt": "not an image",
      "cam-02/raw/frame_009.jpg": 2048,
      ".cache/thumb.jpg": 100,
      "empty.jpg": 0,
    });
    const events: UploadProgress[] = [];
    const client = testClient(fake.baseUrl);
    const report = await uploadDataset(client, {
      datasetName: DATASET,
      paths: [dir],
      include: ["**/*.jpg", "**/*.png"],
      exclude: ["**/raw/**"],
      storageHosts: [storage.hostname],
      createDataset: { slug: "warehouse-cameras", data_type: "image" },
      onProgress: (p) => events.push(p),
    });

    const expected = ["cam-01/frame_001.jpg", "cam-01/frame_002.jpg", "cam-02/frame_001.png", "empty.jpg"];
    expect(report.uploaded.map((f) => f.path).sort()).toEqual(expected);
    expect(report.failed).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(report.dataset).toMatchObject({ name: DATASET, slug: "warehouse-cameras", data_type: "image" });
    expect(report.bytesSent).toBe(300_000 + 1 + 150_000);

    // What storage received: one form per file, fields first, the file last, the exact bytes.
    expect(storage.stored.map((u) => u.fields.key).sort()).toEqual(expected.map(key).sort());
    for (const upload of storage.stored) {
      const path = expected.find((p) => key(p) === upload.fields.key)!;
      expect(upload.sha256).toBe(hashes[path]);
      expect(upload.fileField).toBe("file");
      expect(upload.partOrder.at(-1)).toBe("file");
      expect(upload.fileName).toBe(path.split("/").pop());
      expect(upload.fileContentType).toBe(path.endsWith(".png") ? "image/png" : "image/jpeg");
      expect(upload.fields).toMatchObject({
        "x-amz-algorithm": "AWS4-HMAC-SHA256",
        "Content-Type": expect.any(String),
      });
      expect(upload.fields.policy).toBeTruthy();
      expect(upload.fields["x-amz-signature"]).toBeTruthy();
      expect(Number(upload.headers["content-length"])).toBeGreaterThan(upload.bytes);
    }

    // The key went to the API, never to storage.
    for (const request of storage.requests) {
      expect(request.headers["x-avala-api-key"]).toBeUndefined();
      expect(JSON.stringify(request.headers)).not.toContain(TEST_API_KEY);
    }
    const apiCalls = fake.api.requests.filter((r) => r.path.startsWith("/datasets/manual-upload/"));
    expect(apiCalls).toHaveLength(5);
    expect(apiCalls.every((r) => r.headers["x-avala-api-key"] === TEST_API_KEY)).toBe(true);
    expect(apiCalls.find((r) => r.path === "/datasets/manual-upload/")?.body).toMatchObject({
      name: DATASET,
      slug: "warehouse-cameras",
      data_type: "image",
      visibility: "private",
      create_metadata: true,
    });
    const presigned = apiCalls.filter((r) => r.path.endsWith("file-upload-url/")).map((r) => r.body);
    expect(presigned).toContainEqual({
      dataset_name: DATASET,
      file_path_in_dataset: "cam-01/frame_001.jpg",
      content_length: 300_000,
    });

    // Progress: counters never go back, and the last event accounts for everything.
    expect(events[0]?.event).toBe("start");
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.bytesSent).toBeGreaterThanOrEqual(events[i - 1]!.bytesSent);
      expect(events[i]!.filesUploaded).toBeGreaterThanOrEqual(events[i - 1]!.filesUploaded);
    }
    expect(events.at(-1)).toMatchObject({
      event: "done",
      filesTotal: 4,
      filesUploaded: 4,
      filesFailed: 0,
      bytesTotal: 450_001,
      bytesSent: 450_001,
    });
    expect(
      events
        .filter((e) => e.event === "uploaded")
        .map((e) => e.file?.path)
        .sort(),
    ).toEqual(expected);
  });

  it("never runs more storage transfers at once than the limiter's uploads cap", async () => {
    dir = await tempDir();
    const files: Record<string, number> = {};
    for (let i = 0; i < 12; i++) files[`f${i}.bin`] = 200_000;
    await writeTree(dir, files);
    storage.uploadDelayMs = 100; // make transfers overlap
    const report = await uploadDataset(testClient(fake.baseUrl, { uploads: 3 }), {
      datasetName: DATASET,
      paths: dir,
      storageHosts: [storage.hostname],
    });
    expect(report.uploaded).toHaveLength(12);
    expect(storage.stored).toHaveLength(12);
    expect(storage.maxConcurrentUploads).toBe(3);
  });

  it("caps transfers at 10 without a limiter", async () => {
    dir = await tempDir();
    const files: Record<string, number> = {};
    for (let i = 0; i < 14; i++) files[`f${i}.bin`] = 1000;
    await writeTree(dir, files);
    storage.uploadDelayMs = 150;
    const report = await uploadDataset(testClient(fake.baseUrl, { limiter: false }), {
      datasetName: DATASET,
      paths: dir,
      storageHosts: [storage.hostname],
    });
    expect(report.uploaded).toHaveLength(14);
    expect(storage.maxConcurrentUploads).toBeLessThanOrEqual(10);
    expect(storage.maxConcurrentUploads).toBeGreaterThan(1);
  });

  it("guesses the file part's content type from the extension when the form has none", async () => {
    dir = await tempDir();
    await writeTree(dir, { "a.png": 10, "b.xyz": 10 });
    fake.api.contentTypeInForm = false;
    await uploadDataset(testClient(fake.baseUrl), {
      datasetName: DATASET,
      paths: dir,
      storageHosts: [storage.hostname],
    });
    const byKey = Object.fromEntries(storage.stored.map((u) => [u.fields.key, u.fileContentType]));
    expect(byKey).toEqual({ [key("a.png")]: "image/png", [key("b.xyz")]: "application/octet-stream" });
  });

  it("uploads single files and lists of paths under their own names", async () => {
    dir = await tempDir();
    await writeTree(dir, { "x/one.jpg": 5, "y/two.jpg": 6, "y/sub/three.jpg": 7 });
    const report = await uploadDataset(testClient(fake.baseUrl), {
      datasetName: DATASET,
      paths: [join(dir, "x/one.jpg"), join(dir, "y")],
      storageHosts: [storage.hostname],
    });
    expect(report.uploaded.map((f) => f.path).sort()).toEqual(["one.jpg", "sub/three.jpg", "two.jpg"]);
  });

  it("retries transient storage failures (503 and reset connections)", async () => {
    dir = await tempDir();
    const hashes = await writeTree(dir, { "a.jpg": 50_000, "b.jpg": 60_000, "c.jpg": 70_000 });
    storage.failNext(2, "503");
    storage.failNext(1, "reset");
    const events: UploadProgress[] = [];
    const report = await uploadDataset(testClient(fake.baseUrl), {
      datasetName: DATASET,
      paths: dir,
      storageHosts: [storage.hostname],
      concurrency: 1,
      ...fast,
      onProgress: (p) => events.push(p),
    });
    expect(report.uploaded.map((f) => f.path).sort()).toEqual(["a.jpg", "b.jpg", "c.jpg"]);
    expect(storage.requests.filter((r) => r.method === "POST")).toHaveLength(6);
    expect(Object.fromEntries(storage.stored.map((u) => [u.fields.key, u.sha256]))).toEqual({
      [key("a.jpg")]: hashes["a.jpg"],
      [key("b.jpg")]: hashes["b.jpg"],
      [key("c.jpg")]: hashes["c.jpg"],
    });
    // A retried file's bytes are not counted twice.
    expect(events.at(-1)).toMatchObject({ bytesSent: 180_000, bytesTotal: 180_000 });
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.bytesSent).toBeGreaterThanOrEqual(events[i - 1]!.bytesSent);
  });

  it("reports permanently failing files with typed errors while the others upload, and resumes from the manifest", async () => {
    dir = await tempDir();
    const hashes = await writeTree(dir, {
      "ok1.jpg": 1000,
      "ok2.jpg": 2000,
      "bad.jpg": 3000,
      "quota.jpg": 4000,
    });
    const resumeFile = join(dir, "state", "upload-manifest.json");
    storage.failWhen((fields) => (fields.key === key("bad.jpg") ? "503" : undefined));
    fake.api.presignError = (body) => (body.file_path_in_dataset === "quota.jpg" ? 413 : undefined);
    const options = {
      datasetName: DATASET,
      paths: dir,
      include: ["*.jpg"],
      storageHosts: [storage.hostname],
      resumeFile,
      maxAttempts: 3,
      createDataset: { slug: "warehouse-cameras", data_type: "image" as const },
      ...fast,
    };
    const first = await uploadDataset(testClient(fake.baseUrl), options);
    expect(first.uploaded.map((f) => f.path).sort()).toEqual(["ok1.jpg", "ok2.jpg"]);
    expect(first.failed.map((f) => f.path).sort()).toEqual(["bad.jpg", "quota.jpg"]);
    const bad = first.failed.find((f) => f.path === "bad.jpg")!.error as StorageUploadError;
    expect(bad).toBeInstanceOf(StorageUploadError);
    expect(bad).toMatchObject({ status: 503, attempts: 3, transient: true, path: "bad.jpg" });
    expect(bad.message).toContain("SlowDown");
    const quota = first.failed.find((f) => f.path === "quota.jpg")!.error as APIError;
    expect(quota).toBeInstanceOf(APIError);
    expect(quota.status).toBe(413);
    // Not finalised while files are missing.
    expect(first.dataset).toBeUndefined();
    expect(fake.api.requests.some((r) => r.path === "/datasets/manual-upload/")).toBe(false);
    const manifest = JSON.parse(await readFile(resumeFile, "utf8"));
    expect(manifest.files.map((f: { path: string }) => f.path).sort()).toEqual(["ok1.jpg", "ok2.jpg"]);

    // Second run: storage and API are healthy; only the missing files go, then the dataset is created.
    storage.reset();
    fake.api.reset();
    const second = await uploadDataset(testClient(fake.baseUrl), options);
    expect(second.skipped.map((f) => f.path).sort()).toEqual(["ok1.jpg", "ok2.jpg"]);
    expect(second.uploaded.map((f) => f.path).sort()).toEqual(["bad.jpg", "quota.jpg"]);
    expect(second.failed).toEqual([]);
    expect(second.dataset?.name).toBe(DATASET);
    expect(storage.stored.map((u) => u.fields.key).sort()).toEqual([key("bad.jpg"), key("quota.jpg")]);
    expect(storage.stored.find((u) => u.fields.key === key("bad.jpg"))?.sha256).toBe(hashes["bad.jpg"]);

    // Third run after editing a file: only that file goes again.
    storage.reset();
    await writeFile(join(dir, "ok1.jpg"), "changed");
    const later = new Date(Date.now() + 5000);
    await utimes(join(dir, "ok1.jpg"), later, later);
    const third = await uploadDataset(testClient(fake.baseUrl), { ...options, createDataset: undefined });
    expect(third.uploaded.map((f) => f.path)).toEqual(["ok1.jpg"]);
    expect(third.skipped).toHaveLength(3);
    expect((await stat(resumeFile)).isFile()).toBe(true);
  });

  it("rejects invalid options with ConfigurationError before sending anything", async () => {
    const client = testClient(fake.baseUrl);
    await expect(uploadDataset(client, { datasetName: DATASET, paths: [] })).rejects.toThrow(
      ConfigurationError,
    );
    await expect(uploadDataset(client, { datasetName: "", paths: ["."] })).rejects.toMatchObject({
      option: "datasetName",
    });
    const missing = uploadDataset(client, { datasetName: DATASET, paths: ["./no/such/dir-4711"] });
    await expect(missing).rejects.toThrow(ConfigurationError);
    await expect(missing).rejects.toThrow(/no\/such\/dir-4711/);
    await expect(
      uploadDataset(client, { datasetName: DATASET, paths: ["."], concurrency: 0 }),
    ).rejects.toMatchObject({
      option: "concurrency",
    });
    await expect(
      uploadDataset(client, { datasetName: DATASET, paths: ["."], storageHosts: ["https://x.com/"] }),
    ).rejects.toMatchObject({ option: "storageHosts" });
    expect(fake.api.requests).toHaveLength(0);
    expect(storage.requests).toHaveLength(0);
  });

  it("stops on abort with APIUserAbortError, keeping completed files in the manifest", async () => {
    dir = await tempDir();
    const files: Record<string, number> = {};
    for (let i = 0; i < 6; i++) files[`f${i}.bin`] = 10_000;
    await writeTree(dir, files);
    const resumeFile = join(dir, "manifest.json");
    storage.uploadDelayMs = 200;
    const controller = new AbortController();
    const run = uploadDataset(testClient(fake.baseUrl), {
      datasetName: DATASET,
      paths: dir,
      include: ["*.bin"],
      storageHosts: [storage.hostname],
      concurrency: 2,
      resumeFile,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.event === "uploaded") controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(APIUserAbortError);
    const manifest = JSON.parse(await readFile(resumeFile, "utf8"));
    expect(manifest.files.length).toBeGreaterThanOrEqual(1);
    expect(manifest.files.length).toBeLessThan(6);
  });
});

describe("storage URL allow-list", () => {
  const cases = [
    [
      "a host off the allow-list",
      () => "https://evil.example.net/bucket/",
      /evil\.example\.net.*storageHosts/s,
    ],
    [
      "plain http on a non-loopback host",
      () => "http://avala-manual-uploads.s3.us-west-2.amazonaws.com/",
      /only https/,
    ],
    ["plain http on a loopback host that is not listed", () => `${storage.url}/bucket/`, /127\.0\.0\.1/],
  ] as const;
  for (const [name, url, message] of cases) {
    it(`refuses ${name} and sends nothing there`, async () => {
      dir = await tempDir();
      await writeTree(dir, { "a.jpg": 10, "b.jpg": 10 });
      fake.api.storageUrl = url();
      const report = await uploadDataset(testClient(fake.baseUrl), {
        datasetName: DATASET,
        paths: dir,
        storageHosts: ["*.amazonaws.com", "avala-manual-uploads.s3.us-west-2.amazonaws.com"],
      });
      expect(report.uploaded).toEqual([]);
      expect(report.failed).toHaveLength(2);
      for (const { error } of report.failed) {
        expect(error).toBeInstanceOf(StorageUrlNotAllowedError);
        expect((error as Error).message).toMatch(message);
      }
      expect(storage.requests).toHaveLength(0);
    });
  }
});
