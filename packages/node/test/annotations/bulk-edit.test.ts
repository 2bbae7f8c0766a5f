import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { APIUserAbortError, ConfigurationError, InternalServerError } from "@avala/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  BulkEditChunkError,
  type BulkEditProgress,
  bulkEditAnnotations,
  InvalidEditsError,
  readEditsFile,
} from "../../src/index.js";
import { editOf, editsJsonl, uuidOf } from "../support/edits.js";
import { tempDir } from "../support/files.js";
import { testClient } from "../support/test-client.js";
import { startValidatedWorkflowApi, type ValidatedWorkflowApi } from "../support/workflow-api.js";

let fake: ValidatedWorkflowApi;
let dir: string;
const OWNER = "acme-robotics";
const SLUG = "highway-lidar-2026";
const edits = (n: number) => Array.from({ length: n }, (_, i) => editOf(i));
/** object_uuid of every edit applied, in order. */
const applied = () => fake.api.bulkChunks.flatMap((c) => c.edits.map((e) => e.object_uuid));
const bulkRequests = () => fake.api.requests.filter((r) => r.path.endsWith("/bulk-edition/"));

beforeAll(async () => {
  fake = await startValidatedWorkflowApi();
  dir = await tempDir("avala-bulk-");
});
afterAll(() => fake?.close());
afterEach(() => fake.api.reset());

describe("bulkEditAnnotations", () => {
  it("sends the edits in chunks of 500, in order, as top-level arrays, reporting each chunk", async () => {
    const progress: BulkEditProgress[] = [];
    const report = await bulkEditAnnotations(testClient(fake.baseUrl), {
      owner: OWNER,
      slug: SLUG,
      edits: edits(1201),
      onProgress: (p) => progress.push(p),
    });
    expect(report).toEqual({
      editsTotal: 1201,
      chunksTotal: 3,
      chunksSent: 3,
      chunksSkipped: 0,
      updated: 1201,
    });
    expect(fake.api.bulkChunks.map((c) => c.edits.length)).toEqual([500, 500, 201]);
    expect(fake.api.bulkChunks.every((c) => c.owner === OWNER && c.slug === SLUG)).toBe(true);
    expect(applied()).toEqual(edits(1201).map((e) => e.object_uuid));
    expect(progress.map((p) => [p.event, p.chunksDone, p.chunkIndex])).toEqual([
      ["start", 0, undefined],
      ["chunk", 1, 0],
      ["chunk", 2, 1],
      ["chunk", 3, 2],
      ["done", 3, undefined],
    ]);
  });

  it("checks every edit before the first request: invalid ones are listed with their line, nothing is sent", async () => {
    const file = join(dir, "bad.jsonl");
    const lines = editsJsonl(1200).split("\n");
    lines[3] = JSON.stringify({ ...editOf(3), sequence_uid: null }); // neither item nor sequence
    lines[1100] = JSON.stringify({ ...editOf(1100), object_type: "cuboid 3d" }); // item edits take cuboid only
    lines[1101] = JSON.stringify({ ...editOf(1101), action: "update" });
    await writeFile(file, lines.join("\n"));
    const error = await bulkEditAnnotations(testClient(fake.baseUrl), {
      owner: OWNER,
      slug: SLUG,
      edits: readEditsFile(file),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidEditsError);
    expect(error.invalidCount).toBe(3);
    expect(error.problems.map((p: { location: string }) => p.location)).toEqual([
      `${file}:4`,
      `${file}:1101`,
      `${file}:1102`,
    ]);
    expect(error.message).toContain(`${file}:4: one of dataset_item_uid / sequence_uid is required`);
    expect(error.message).toContain('dataset_item_uid edits take object_type "cuboid", got "cuboid 3d"');
    expect(error.message).toContain('action must be "upsert" or "delete", got "update"');
    expect(bulkRequests()).toEqual([]);
  });

  it("resumes after a failed chunk at that chunk, never sending an applied chunk again", async () => {
    const stateFile = join(dir, "resume-state.json");
    fake.api.bulkEditHook = (_chunk, index) => (index === 2 ? 503 : undefined);
    const error = await bulkEditAnnotations(testClient(fake.baseUrl), {
      owner: OWNER,
      slug: SLUG,
      edits: edits(2300),
      stateFile,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(BulkEditChunkError);
    expect(error).toMatchObject({ chunkIndex: 2, chunksTotal: 5, stateFile });
    expect(error.cause).toBeInstanceOf(InternalServerError);
    expect(error.message).toContain(
      `Chunks 0–1 were applied. Run it again with the same state file (${stateFile})`,
    );
    expect(JSON.parse(await readFile(stateFile, "utf8"))).toMatchObject({ nextChunk: 2, editsTotal: 2300 });

    fake.api.bulkEditHook = undefined;
    const progress: BulkEditProgress[] = [];
    const report = await bulkEditAnnotations(testClient(fake.baseUrl), {
      owner: OWNER,
      slug: SLUG,
      edits: edits(2300),
      stateFile,
      onProgress: (p) => progress.push(p),
    });
    expect(report).toMatchObject({ chunksTotal: 5, chunksSent: 3, chunksSkipped: 2 });
    expect(progress[0]).toMatchObject({ event: "start", chunksDone: 2, chunksSkipped: 2 });
    // Every edit applied exactly once, in order, across the two runs.
    expect(applied()).toEqual(edits(2300).map((e) => e.object_uuid));
    await expect(readFile(stateFile)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses a state file written for other edits instead of skipping chunks it never sent", async () => {
    const stateFile = join(dir, "other-state.json");
    fake.api.bulkEditHook = (_chunk, index) => (index === 1 ? 500 : undefined);
    await expect(
      bulkEditAnnotations(testClient(fake.baseUrl), {
        owner: OWNER,
        slug: SLUG,
        edits: edits(1000),
        stateFile,
      }),
    ).rejects.toBeInstanceOf(BulkEditChunkError);
    fake.api.reset();
    const changed = edits(1000);
    changed[10] = editOf(5000);
    const error = await bulkEditAnnotations(testClient(fake.baseUrl), {
      owner: OWNER,
      slug: SLUG,
      edits: changed,
      stateFile,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ option: "stateFile" });
    expect(bulkRequests()).toEqual([]);
  });

  it("reads JSON arrays and JSON Lines alike, streaming, and names the line of malformed JSON", async () => {
    const array = join(dir, "edits.json");
    const lines = join(dir, "edits.ndjson");
    await writeFile(array, JSON.stringify(edits(7), null, 2));
    await writeFile(lines, editsJsonl(7));
    for (const file of [array, lines]) {
      const read: unknown[] = [];
      for await (const { edit } of readEditsFile(file)()) read.push(edit);
      expect(read).toEqual(edits(7));
    }
    const broken = join(dir, "broken.jsonl");
    await writeFile(broken, `${JSON.stringify(editOf(0))}\n{"action": "upsert",\n`);
    await expect(
      bulkEditAnnotations(testClient(fake.baseUrl), {
        owner: OWNER,
        slug: SLUG,
        edits: readEditsFile(broken),
      }),
    ).rejects.toThrow(`${broken}:2: invalid JSON`);
    const object = join(dir, "object.json");
    await writeFile(object, ' "edits" ');
    await expect(
      bulkEditAnnotations(testClient(fake.baseUrl), {
        owner: OWNER,
        slug: SLUG,
        edits: readEditsFile(object),
      }),
    ).rejects.toThrow("is neither a JSON array of edits nor JSON Lines");
    expect(bulkRequests()).toEqual([]);
  });

  it.each([
    ["chunkSize", { chunkSize: 0 }],
    ["startChunk", { startChunk: -1 }],
    ["owner", { owner: "" }],
    ["edits", { edits: (function* () {})() as never }],
  ] as const)("rejects a bad %s with ConfigurationError before sending", async (option, override) => {
    const error = await bulkEditAnnotations(testClient(fake.baseUrl), {
      owner: OWNER,
      slug: SLUG,
      edits: edits(3),
      ...override,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ option });
    expect(bulkRequests()).toEqual([]);
  });

  it("stops with APIUserAbortError between chunks, keeping the applied ones recorded", async () => {
    const stateFile = join(dir, "abort-state.json");
    const controller = new AbortController();
    const error = await bulkEditAnnotations(testClient(fake.baseUrl), {
      owner: OWNER,
      slug: SLUG,
      edits: edits(1500),
      stateFile,
      onProgress: (p) => {
        if (p.event === "chunk" && p.chunkIndex === 0) controller.abort();
      },
      signal: controller.signal,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(fake.api.bulkChunks).toHaveLength(1);
    expect(JSON.parse(await readFile(stateFile, "utf8")).nextChunk).toBe(1);
    expect(uuidOf(0)).toBe(fake.api.bulkChunks[0]!.edits[0]!.object_uuid);
  });
});
