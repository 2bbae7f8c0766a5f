// Ctrl-C (SIGINT) and SIGTERM sent to the real `avala` bin while a transfer is in progress: the transfer is
// aborted through its signal, no `.part` file is left, an upload keeps its resume file (and a re-run skips what
// it lists), and the exit code is 130. A stalling local storage server keeps each transfer in progress; every
// step waits for an event (a request that arrived, a file that appeared), never for a fixed time.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startValidatedFakeApi, type ValidatedFakeApi } from "../../node/test/support/fake-api.js";
import { tempDir } from "../../node/test/support/files.js";
import { runCli, startCli } from "./support/run-cli.js";
import { type StallingStorage, startStallingStorage } from "./support/stalling-storage.js";

let storage: StallingStorage;
let fake: ValidatedFakeApi;
let dir: string;
const env = () => ({ AVALA_API_KEY: "avk_cli_interrupt_123", AVALA_BASE_URL: fake.baseUrl });

beforeAll(async () => {
  storage = await startStallingStorage();
  fake = await startValidatedFakeApi({ storageUrl: `${storage.url}/bucket/` });
  dir = await tempDir("avala-cli-interrupt-");
});
afterAll(async () => {
  await fake.close();
  await storage.close();
});

/** Resolves once `check` passes, re-checking every few ms: it waits for a condition, however long it takes. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 5));
}

const partFiles = async (folder: string) => (await readdir(folder)).filter((f) => f.endsWith(".part"));

describe("Ctrl-C during a transfer", () => {
  it("SIGINT during an export download removes the .part file and exits 130", async () => {
    const uid = "7f3e4d5c-6a7b-4c8d-9e0f-1a2b3c4d5e6f";
    fake.api.scriptExport(uid, [
      {
        status: "exported",
        total_task_count: 1,
        exported_task_count: 1,
        download_url: `${storage.url}/exports/big.zip`,
      },
    ]);
    const target = join(dir, "downloads");
    await mkdir(target);
    const cli = startCli(
      ["exports", "wait", uid, "--download", join(target, "export.zip"), "--storage-host", "127.0.0.1"],
      env(),
    );
    await storage.downloadStarted;
    await until(async () => (await partFiles(target)).length > 0);
    cli.child.kill("SIGINT");
    const result = await cli.exited;
    expect(result.code).toBe(130);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^avala: Interrupted \(SIGINT\): download stopped and its partial file removed/),
    ]);
    expect(await readdir(target)).toEqual([]);
  });

  it("SIGTERM during an upload keeps the resume file, exits 130, and a re-run uploads only the rest", async () => {
    const src = join(dir, "frames");
    await mkdir(src);
    await writeFile(join(src, "a.pcd"), "point cloud a");
    await writeFile(join(src, "b.pcd"), "point cloud b");
    const resumeFile = join(dir, "resume.json");
    const args = [
      "--json",
      "datasets",
      "upload",
      "Highway LiDAR 2026",
      src,
      "--resume-file",
      resumeFile,
      "--storage-host",
      "127.0.0.1",
    ];
    const cli = startCli(args, env());
    await storage.uploadStalled;
    // The stored file is recorded once its answer is read; wait for the record, then stop the stalled one.
    await until(async () => (await readFile(resumeFile, "utf8").catch(() => "")).includes(".pcd"));
    cli.child.kill("SIGTERM");
    const result = await cli.exited;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(
      `Interrupted (SIGTERM): the files uploaded so far are listed in ${resumeFile}`,
    );
    const recorded = (JSON.parse(await readFile(resumeFile, "utf8")) as { files: { path: string }[] }).files;
    expect(recorded).toHaveLength(1);
    expect(await partFiles(src)).toEqual([]);

    storage.stallUploads = false;
    const rerun = await runCli(args, env());
    expect(rerun.code).toBe(0);
    const report = JSON.parse(rerun.stdout) as { uploaded: { path: string }[]; skipped: { path: string }[] };
    expect(report.skipped.map((f) => f.path)).toEqual([recorded[0]!.path]);
    expect(report.uploaded.map((f) => f.path)).toEqual(
      ["a.pcd", "b.pcd"].filter((p) => p !== recorded[0]!.path),
    );
    expect(storage.stored).toBe(2);
  });
});
