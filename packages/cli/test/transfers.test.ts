import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startValidatedFakeApi, type ValidatedFakeApi } from "../../node/test/support/fake-api.js";
import { sha256, tempDir } from "../../node/test/support/files.js";
import { type StorageStandIn, startStorageStandIn } from "../../node/test/support/storage-stand-in.js";
import { runCli } from "./support/run-cli.js";

let storage: StorageStandIn;
let fake: ValidatedFakeApi;
let dir: string;
const env = () => ({ AVALA_API_KEY: "avk_cli_transfer_123", AVALA_BASE_URL: fake.baseUrl });

beforeAll(async () => {
  storage = await startStorageStandIn();
  fake = await startValidatedFakeApi({ storageUrl: storage.url });
  dir = await tempDir("avala-cli-");
});
afterAll(async () => {
  await fake.close();
  await storage.close();
});

describe("avala datasets upload", () => {
  it("uploads a directory with include/exclude, reports every file, and never sends the key to storage", async () => {
    const src = join(dir, "frames");
    await mkdir(join(src, "sub"), { recursive: true });
    await writeFile(join(src, "a.pcd"), "point cloud a");
    await writeFile(join(src, "sub", "b.pcd"), "point cloud b");
    await writeFile(join(src, "notes.txt"), "skip me");
    const result = await runCli(
      [
        "--json",
        "datasets",
        "upload",
        "Highway LiDAR 2026",
        src,
        "--include",
        "**/*.pcd",
        "--storage-host",
        storage.hostname,
      ],
      env(),
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { uploaded: { path: string }[]; failed: unknown[] };
    expect(report.uploaded.map((f) => f.path).sort()).toEqual(["a.pcd", "sub/b.pcd"]);
    expect(report.failed).toEqual([]);
    expect(storage.stored.map((u) => u.sha256).sort()).toEqual(
      [sha256(Buffer.from("point cloud a")), sha256(Buffer.from("point cloud b"))].sort(),
    );
    expect(storage.requests.every((r) => r.headers["x-avala-api-key"] === undefined)).toBe(true);
  });

  it("refuses storage hosts that are not allow-listed and exits 5 with the failures listed", async () => {
    storage.reset();
    const file = join(dir, "c.pcd");
    await writeFile(file, "point cloud c");
    const result = await runCli(["datasets", "upload", "Highway LiDAR 2026", file], env());
    expect(result.code).toBe(5);
    expect(result.stdout).toContain("failed 1 file(s)");
    expect(result.stdout).toContain("127.0.0.1");
    // The advice is the CLI's flag, not the library option behind it.
    expect(result.stdout).toContain("--storage-host 127.0.0.1");
    expect(result.stdout).not.toContain("storageHosts");
    expect(storage.requests).toHaveLength(0);
  });
});

describe("avala exports create --wait --download", () => {
  it("creates an export, waits for it to finish and downloads it", async () => {
    const uid = "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const archive = Buffer.alloc(256 * 1024, 7);
    storage.serve("/exports/v3.zip", archive);
    fake.api.nextExportUid = uid;
    fake.api.scriptExport(uid, [
      { status: "processing", total_task_count: 10, exported_task_count: 3 },
      {
        status: "exported",
        total_task_count: 10,
        exported_task_count: 10,
        download_url: `${storage.url}/exports/v3.zip`,
      },
    ]);
    const target = join(dir, "export.zip");
    const result = await runCli(
      [
        "exports",
        "create",
        "--dataset",
        "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17",
        "--download",
        target,
        "--storage-host",
        storage.hostname,
      ],
      env(),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Export ${uid} finished: exported.`);
    expect((await stat(target)).size).toBe(archive.length);
    expect(sha256(await readFile(target))).toBe(sha256(archive));
    expect((await readdir(dir)).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("exits 4 naming the host when the download's storage host does not resolve (DNS)", async () => {
    const uid = "7f3e4d5c-6a7b-4c8d-9e0f-1a2b3c4d5e6f";
    fake.api.scriptExport(uid, [
      { status: "exported", download_url: "https://storage.invalid/exports/v3.zip" },
    ]);
    const target = join(dir, "unresolved.zip");
    const result = await runCli(
      ["exports", "wait", uid, "--download", target, "--storage-host", "storage.invalid"],
      env(),
    );
    expect(result.code).toBe(4);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^avala: Download from storage\.invalid failed: the host name storage\.invalid could not be resolved \((ENOTFOUND|EAI_AGAIN)\)/,
      ),
    ]);
    expect(result.stderr).not.toContain("broke after 0 bytes");
    expect((await readdir(dir)).filter((f) => f.startsWith("unresolved"))).toEqual([]);
  });

  it("refuses a download from a host off the allow-list with exit 2 and names --storage-host", async () => {
    const uid = "8a4f5e6d-7b8c-4d9e-8f0a-2b3c4d5e6f70";
    fake.api.scriptExport(uid, [
      { status: "exported", download_url: "https://files.example.com/exports/v3.zip" },
    ]);
    const result = await runCli(["exports", "wait", uid, "--download", join(dir, "refused.zip")], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("files.example.com");
    expect(result.stderr).toContain("--storage-host files.example.com");
    expect(result.stderr).not.toContain("storageHosts");
  });

  it("exits 3 when the export fails", async () => {
    const uid = "6e2d3c4b-5f60-4b7c-9d8e-0f1a2b3c4d5e";
    fake.api.nextExportUid = uid;
    fake.api.scriptExport(uid, [{ status: "failed" }]);
    const result = await runCli(
      ["exports", "create", "--dataset", "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17", "--wait"],
      env(),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("failed");
  });
});
