import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { APIUserAbortError } from "@avala/core";
import type { Export } from "@avala/types";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  DownloadError,
  type DownloadProgress,
  downloadExport,
  ExportNotReadyError,
  StorageUrlNotAllowedError,
} from "../../src/index.js";
import { defaultExport } from "../support/fake-api.js";
import { listDir, rm, sha256, tempDir } from "../support/files.js";
import { type StorageStandIn, startStorageStandIn } from "../support/storage-stand-in.js";

let storage: StorageStandIn;
let dir: string;
const body = randomBytes(3 * 1024 * 1024 + 17);
const UID = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";

beforeAll(async () => {
  storage = await startStorageStandIn();
});
afterAll(() => storage?.close());
afterEach(async () => {
  storage.reset();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const exported = (url: string): Export => ({ ...defaultExport(UID), status: "exported", download_url: url });
const allow = () => ({ storageHosts: [storage.hostname] });

describe("downloadExport", () => {
  it("streams the archive into the directory under the URL's file name, with progress", async () => {
    dir = await tempDir();
    storage.serve("/exports/highway-v3.zip", body);
    const progress: DownloadProgress[] = [];
    const result = await downloadExport(
      exported(`${storage.url}/exports/highway-v3.zip?X-Amz-Signature=abc`),
      dir,
      {
        ...allow(),
        onProgress: (p) => progress.push(p),
      },
    );
    expect(result).toEqual({ path: join(dir, "highway-v3.zip"), bytes: body.length });
    expect(sha256(await readFile(result.path))).toBe(sha256(body));
    expect(await listDir(dir)).toEqual(["highway-v3.zip"]); // no temp file left
    expect(progress.at(-1)).toEqual({ bytesReceived: body.length, bytesTotal: body.length });
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.bytesReceived).toBeGreaterThan(progress[i - 1]!.bytesReceived);
    }
    expect(storage.requests).toHaveLength(1);
    expect(storage.requests[0]!.headers["x-avala-api-key"]).toBeUndefined();
  });

  it("is not held to the client's maxResponseBytes: the archive streams to disk past it", async () => {
    dir = await tempDir();
    storage.serve("/exports/big.zip", body);
    const client = createClient({ apiKey: "avk_test_0123456789", maxResponseBytes: 1024, limiter: false });
    const result = await downloadExport(`${storage.url}/exports/big.zip`, dir, { ...allow(), client });
    expect(result.bytes).toBe(body.length);
    expect(sha256(await readFile(result.path))).toBe(sha256(body));
  });

  it("writes to a file path and replaces an existing file whole", async () => {
    dir = await tempDir();
    const target = join(dir, "out", "export.zip");
    storage.serve("/e.zip", body, { contentLength: null });
    await downloadExport(`${storage.url}/e.zip`, target, allow());
    await writeFile(target, "old");
    const result = await downloadExport(`${storage.url}/e.zip`, target, allow());
    expect(result.bytes).toBe(body.length);
    expect(sha256(await readFile(target))).toBe(sha256(body));
    expect(await listDir(join(dir, "out"))).toEqual(["export.zip"]);
  });

  it("fails on a Content-Length mismatch and leaves no file", async () => {
    dir = await tempDir();
    storage.serve("/short.zip", body, { contentLength: body.length + 1000 });
    const error = await downloadExport(`${storage.url}/short.zip`, dir, allow()).catch((e) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect(error).toMatchObject({ reason: "length", expectedBytes: body.length + 1000 });
    expect(error.bytesReceived).toBeLessThanOrEqual(body.length);
    expect(error.message).not.toContain("X-Amz");
    expect(await listDir(dir)).toEqual([]);
  });

  it("fails when the connection is cut mid-body and leaves neither the file nor a temp file", async () => {
    dir = await tempDir();
    storage.serve("/cut.zip", body, { contentLength: null, cutAfter: Math.floor(body.length / 2) });
    const progress: DownloadProgress[] = [];
    const error = await downloadExport(`${storage.url}/cut.zip`, join(dir, "cut.zip"), {
      ...allow(),
      onProgress: (p) => progress.push(p),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.reason).toBe("connection");
    expect(progress.length).toBeGreaterThan(0); // it really was cut part-way
    expect(error.bytesReceived).toBeLessThan(body.length);
    expect(await listDir(dir)).toEqual([]);
  });

  it("names the host whose name does not resolve (DNS), and leaves no file", async () => {
    dir = await tempDir();
    const error = await downloadExport("https://storage.invalid/a.zip", dir, {
      storageHosts: ["storage.invalid"],
    }).catch((e) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect(error).toMatchObject({ reason: "connection", host: "storage.invalid", bytesReceived: 0 });
    expect(error.message).toMatch(
      /^Download from storage\.invalid failed: the host name storage\.invalid could not be resolved \((ENOTFOUND|EAI_AGAIN)\)/,
    );
    expect(await listDir(dir)).toEqual([]);
  });

  it("stops on abort with APIUserAbortError and leaves no file", async () => {
    dir = await tempDir();
    storage.serve("/big.zip", body);
    const controller = new AbortController();
    const error = await downloadExport(`${storage.url}/big.zip`, dir, {
      ...allow(),
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(await listDir(dir)).toEqual([]);
  });

  it("fails on an error status", async () => {
    dir = await tempDir();
    const error = await downloadExport(`${storage.url}/missing.zip`, dir, allow()).catch((e) => e);
    expect(error).toMatchObject({ reason: "status", status: 404 });
    expect(error).toBeInstanceOf(DownloadError);
    expect(await listDir(dir)).toEqual([]);
  });

  it("refuses exports that have not succeeded or have no download_url, fetching nothing", async () => {
    dir = await tempDir();
    const url = `${storage.url}/exports/a.zip`;
    for (const exp of [
      { ...defaultExport(UID), status: "processing", download_url: url },
      { ...defaultExport(UID), status: "failed", download_url: url },
      { ...defaultExport(UID), status: null },
      { ...defaultExport(UID), status: "completed", download_url: null },
    ]) {
      const error = await downloadExport(exp, dir, allow()).catch((e) => e);
      expect(error).toBeInstanceOf(ExportNotReadyError);
      expect(error.message).toContain(UID);
    }
    expect(storage.requests).toHaveLength(0);
  });

  it("refuses URLs off the allow-list, plain http off loopback, and redirects leaving it", async () => {
    dir = await tempDir();
    storage.serve("/a.zip", body);
    // Loopback http is only accepted when listed.
    await expect(downloadExport(`${storage.url}/a.zip`, dir)).rejects.toBeInstanceOf(
      StorageUrlNotAllowedError,
    );
    await expect(
      downloadExport("http://acme-robotics-exports.s3.us-west-2.amazonaws.com/a.zip", dir),
    ).rejects.toThrow(/only https/);
    const offList = await downloadExport("https://evil.example.net/a.zip", dir).catch((e) => e);
    expect(offList).toBeInstanceOf(StorageUrlNotAllowedError);
    expect(offList.allowWith).toBe("evil.example.net");
    expect(offList.message).toContain('pass storageHosts: [...DEFAULT_STORAGE_HOSTS, "evil.example.net"]');
    expect(offList.message.startsWith(offList.detail)).toBe(true);
    // Listing the host would not help a URL with credentials: no advice to do so.
    const withCredentials = await downloadExport("https://u:p@evil.example.net/a.zip", dir, {
      storageHosts: ["evil.example.net"],
    }).catch((e) => e);
    expect(withCredentials).toMatchObject({ allowWith: undefined });
    expect(withCredentials.message).not.toContain("storageHosts");
    expect(storage.requests).toHaveLength(0);
    // A redirect to a host that is not listed (localhost ≠ 127.0.0.1) is not followed.
    storage.redirect("/moved.zip", `${storage.url.replace("127.0.0.1", "localhost")}/a.zip`);
    await expect(downloadExport(`${storage.url}/moved.zip`, dir, allow())).rejects.toBeInstanceOf(
      StorageUrlNotAllowedError,
    );
    expect(storage.requests.map((r) => r.url)).toEqual(["/moved.zip"]);
    // ... while one within the allow-list is.
    storage.redirect("/moved-ok.zip", `${storage.url}/a.zip`);
    const result = await downloadExport(`${storage.url}/moved-ok.zip`, join(dir, "x.zip"), allow());
    expect(result.bytes).toBe(body.length);
    expect(await listDir(dir)).toEqual(["x.zip"]);
  });
});
