// The workflow commands as users run them: the built `avala` bin, against the Prism mock or a fake API behind a
// validating Prism proxy, with an HTTPS storage stand-in that enforces presigned PUTs. The resume tests kill the
// process with SIGKILL at a point chosen by what the servers have received (bytes of a file, a chunk's request),
// never by time, and run the same command again.
import { readFile, stat, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { editOf, editsJsonl } from "../../node/test/support/edits.js";
import { rm, tempDir, writeTree } from "../../node/test/support/files.js";
import { type PutStorage, startPutStorage } from "../../node/test/support/put-storage.js";
import {
  exampleOf,
  startValidatedWorkflowApi,
  type ValidatedWorkflowApi,
} from "../../node/test/support/workflow-api.js";
import { runCli, startCli } from "./support/run-cli.js";

let fake: ValidatedWorkflowApi;
let storage: PutStorage;
let dir: string;
const UID = "0819203a-4b5c-4d6e-9f70-9a0b1c2d3e4f";
const keyOf = (path: string) => `acme-robotics/fleet/recordings/${UID}/${path}`;
const env = () => ({
  AVALA_API_KEY: "avk_cli_workflows_0123",
  AVALA_BASE_URL: fake.baseUrl,
  // The stand-in's self-signed certificate, trusted the way a user would trust a private CA.
  NODE_EXTRA_CA_CERTS: storage.certFile,
});

beforeAll(async () => {
  storage = await startPutStorage();
  fake = await startValidatedWorkflowApi();
  fake.api.storage = storage;
  dir = await tempDir("avala-cli-workflows-");
});
afterAll(async () => {
  await fake?.close();
  await storage?.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  fake.api.reset();
  fake.api.storage = storage;
  storage.reset();
});

describe("avala fleet-recordings upload", () => {
  it("killed mid-transfer and run again: every file is uploaded exactly once, then the recording is ready", async () => {
    const src = join(dir, "drive");
    await writeTree(src, { "a.bin": 10_000, "c.bin": 20_000 });
    // 64 MB, sparse: far more than the socket buffers can hold, so the kill lands while it is in transit.
    await writeFile(join(src, "b.mcap"), "");
    await truncate(join(src, "b.mcap"), 64 * 1024 * 1024);
    const stateFile = join(dir, "upload-state.json");
    const args = [
      "--json",
      "fleet-recordings",
      "upload",
      UID,
      src,
      "--concurrency",
      "1",
      "--storage-host",
      storage.hostname,
      "--state-file",
      stateFile,
    ];
    const first = startCli(args, env());
    storage.whenReceived(keyOf("b.mcap"), 1024 * 1024, () => first.child.kill("SIGKILL"));
    const killed = await first.exited;
    expect(killed.signal).toBe("SIGKILL");
    expect(storage.timesStored(keyOf("a.bin"))).toBe(1);
    expect(storage.timesStored(keyOf("b.mcap"))).toBe(0);
    const saved = JSON.parse(await readFile(stateFile, "utf8"));
    expect(saved.files["a.bin"].etag).toBe(storage.etagOf(keyOf("a.bin")));

    fake.api.recordingSteps = ["ready"];
    const second = await runCli([...args, "--wait"], env());
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout);
    expect(report.resumed.map((f: { path: string }) => f.path)).toEqual(["a.bin"]);
    expect(report.stored.map((f: { path: string }) => f.path).sort()).toEqual(["b.mcap", "c.bin"]);
    expect(report.finalized).toBe(true);
    expect(report.recording).toMatchObject({ uid: UID, status: "ready" });
    for (const path of ["a.bin", "b.mcap", "c.bin"]) expect(storage.timesStored(keyOf(path))).toBe(1);
    expect(storage.stored.find((o) => o.key === keyOf("b.mcap"))?.bytes).toBe(64 * 1024 * 1024);
    const session = fake.api.sessions.get(UID)!;
    expect(session.status).toBe("completed");
    expect([...session.confirmations.values()]).toEqual([1, 1, 1]);
    await expect(stat(stateFile)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("exits 5 and keeps the state when a file cannot be stored; the advice names --storage-host", async () => {
    const src = join(dir, "refused");
    await writeTree(src, { "a.bin": 100 });
    const result = await runCli(
      ["fleet-recordings", "upload", UID, src, "--state-file", join(dir, "s2.json")],
      env(),
    );
    expect(result.code).toBe(5);
    expect(result.stdout).toContain("failed 1 file(s)");
    expect(result.stdout).toContain("--storage-host 127.0.0.1");
    expect(storage.stored).toEqual([]);
    expect(JSON.parse(await readFile(join(dir, "s2.json"), "utf8")).sessionUid).toBeTruthy();
  });
});

describe("avala annotations bulk-edit", () => {
  it("killed during a chunk and run again: no applied chunk is sent again, every edit is applied once", async () => {
    const input = join(dir, "edits.jsonl");
    await writeFile(input, editsJsonl(2300));
    const args = [
      "--json",
      "annotations",
      "bulk-edit",
      "acme-robotics",
      "highway-lidar-2026",
      "--input",
      input,
    ];
    let first: ReturnType<typeof startCli> | undefined;
    // The third chunk's request arrives: the process is killed before the server answers (or applies) it.
    fake.api.bulkEditHook = (_edits, index) => {
      if (index !== 2) return undefined;
      first!.child.kill("SIGKILL");
      return "drop";
    };
    first = startCli(args, env());
    expect((await first.exited).signal).toBe("SIGKILL");
    expect(fake.api.bulkChunks).toHaveLength(2);
    expect(JSON.parse(await readFile(`${input}.avala-state.json`, "utf8")).nextChunk).toBe(2);

    fake.api.bulkEditHook = undefined;
    const second = await runCli(args, env());
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      editsTotal: 2300,
      chunksTotal: 5,
      chunksSkipped: 2,
      chunksSent: 3,
      updated: 1300,
    });
    const applied = fake.api.bulkChunks.flatMap((c) => c.edits.map((e) => e.object_uuid));
    expect(applied).toEqual(Array.from({ length: 2300 }, (_, i) => editOf(i).object_uuid));
    // Chunks 0 and 1 were sent once; chunk 2 twice: once unanswered when the process died, once applied.
    const firstUuids = fake.api.requests
      .filter((r) => r.path.endsWith("/bulk-edition/"))
      .map((r) => (r.body as Array<{ object_uuid: string }>)[0]!.object_uuid);
    expect(firstUuids).toEqual([0, 500, 1000, 1000, 1500, 2000].map((i) => editOf(i).object_uuid));
    // The unanswered chunk went again under the key it first went with; every other chunk has its own.
    const keys = fake.api.requests
      .filter((r) => r.path.endsWith("/bulk-edition/"))
      .map((r) => r.headers["idempotency-key"]);
    expect(keys[2]).toMatch(/^bulk-edit-[0-9a-f]{32}-500-2$/);
    expect(keys[3]).toBe(keys[2]);
    expect(new Set(keys).size).toBe(5);
    await expect(stat(`${input}.avala-state.json`)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("checks the file first: invalid edits exit 2 with their lines, and nothing is sent", async () => {
    const input = join(dir, "bad.jsonl");
    const lines = editsJsonl(10).split("\n");
    lines[6] = JSON.stringify({ ...editOf(6), object_uuid: "not-a-uuid" });
    await writeFile(input, lines.join("\n"));
    const result = await runCli(["annotations", "bulk-edit", "acme-robotics", "hl", "--input", input], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${input}:7: object_uuid must be a UUID, got "not-a-uuid"`);
    const dry = await runCli(
      ["annotations", "bulk-edit", "acme-robotics", "hl", "--input", input, "--dry-run"],
      env(),
    );
    expect(dry.code).toBe(2);
    expect(dry.stdout).toContain("10 edit(s) read, 1 invalid.");
    expect(fake.api.requests.filter((r) => r.path.endsWith("/bulk-edition/"))).toEqual([]);
  });
});

describe("avala datasets wait", () => {
  it("polls until the dataset is created and prints it", async () => {
    const uid = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
    fake.api.scriptDataset(uid, [{ status: "created", name: "Highway LiDAR 2026" }]);
    const result = await runCli(["--json", "datasets", "wait", uid], env());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ uid, status: "created" });
    const bad = await runCli(["datasets", "wait", uid, "--interval", "0.5"], env());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--interval must be a number of seconds >= 1");
  });
});

describe("avala dataset-items get-frame / get-calibration (Prism mock)", () => {
  const mock = () => ({ AVALA_API_KEY: "avk_cli_0123456789", AVALA_BASE_URL: inject("avalaMockUrl") });
  const seq = ["acme-robotics", "highway-lidar-2026", "e5f6a7b8-9c0d-4e1f-a2b3-c4d5e6f7a8b9"];

  it("prints frame 0 with its pose and camera, and the calibration of the rig", async () => {
    const frame = await runCli(["--json", "dataset-items", "get-frame", ...seq, "0"], mock());
    expect(frame.code).toBe(0);
    expect(JSON.parse(frame.stdout)).toMatchObject({
      frame_index: 0,
      device_position: { x: 412.37, y: -88.05, z: 1.92 },
      images: [{ camera_id: "cam_front", fx: 1266.42 }],
    });
    const table = await runCli(["dataset-items", "get-calibration", ...seq], mock());
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/cam_front\s.*pinhole\s.*1920x1080/);
  });

  it("a frame past the end exits 2 naming the range", async () => {
    const result = await runCli(["dataset-items", "get-frame", ...seq, "5"], mock());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("it has 1 frame(s), indexed 0 to 0");
  });
});

describe("avala status", () => {
  it("shows each part, and says which one the plan lacks (fleet 403) without failing", async () => {
    fake.api.faults.set("/fleet/devices/", 403);
    const result = await runCli(["status"], env());
    expect(result.code).toBe(0);
    const org = (exampleOf("listOrganizations").results as Array<{ name: string; role: string }>)[0]!;
    expect(result.stdout).toMatch(new RegExp(`${org.name}\\s.*${org.role}`));
    expect(result.stdout).toContain("Fleet\n  unavailable: not available to this key or plan (403)");
    const json = await runCli(["--json", "status"], env());
    expect(JSON.parse(json.stdout).fleet).toEqual({
      unavailable: "not available to this key or plan (403)",
      status: 403,
    });
  });

  it("a refused key exits 3", async () => {
    for (const path of [
      "/organizations/",
      "/datasets/",
      "/users/me/projects/",
      "/exports/",
      "/fleet/devices/",
    ])
      fake.api.faults.set(path, 401);
    const result = await runCli(["status"], env());
    expect(result.code).toBe(3);
  });
});
