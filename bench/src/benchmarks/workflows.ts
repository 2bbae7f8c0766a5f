import { mkdir, mkdtemp, rm, stat, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bulkEditAnnotations, createClient, readEditsFile, uploadRecording } from "@avala/node";
import { API_KEY, limiterFarAbove } from "../harness/avala.js";
import { startChild } from "../harness/child.js";
import { atMost, type Benchmark, type Figure } from "../harness/report.js";
import { type RssReport, RssSampler } from "../harness/rss.js";

/** What this benchmark uses of the servers of @avala/node's tests. */
interface Servers {
  editsJsonl(n: number): string;
  startPutStorage(): Promise<{
    cert: string;
    hostname: string;
    stored: Array<{ bytes: number }>;
    close(): Promise<void>;
  }>;
  startWorkflowApi(): Promise<{
    url: string;
    storage: unknown;
    bulkChunks: Array<{ edits: unknown[] }>;
    close(): Promise<void>;
  }>;
}

/**
 * The fake API and the HTTPS storage stand-in of @avala/node's tests, loaded at run time (tsx runs them as they
 * are): their package is CommonJS-typed, which this ESM package's type check cannot compile.
 */
async function servers(): Promise<Servers> {
  const support = new URL("../../../packages/node/test/support/", import.meta.url);
  const modules = await Promise.all(
    ["edits.ts", "put-storage.ts", "workflow-api.ts"].map((file) => import(new URL(file, support).href)),
  );
  return Object.assign({}, ...modules) as Servers;
}

const TITLE = "8 large inputs of the workflows (peak RSS)";
const MB = 1024 * 1024;
const SIZES = {
  full: { fileMb: 2048, edits: 100_000 },
  smoke: { fileMb: 16, edits: 2_000 },
};
/** What the upload may add at its peak whatever the file size: the heap and TLS buffers, never the file. */
const LIMIT_MB = 96;

interface UploadInput {
  baseUrl: string;
  cert: string;
  dir: string;
  storageHost: string;
}

/** Child task: uploads the directory (one sparse file) to a recording, sampling RSS. */
export async function uploadMemoryTask(input: UploadInput): Promise<RssReport> {
  const avala = createClient({
    apiKey: API_KEY,
    baseUrl: input.baseUrl,
    ca: input.cert,
    limiter: limiterFarAbove(),
  });
  const sampler = new RssSampler();
  sampler.start();
  const report = await uploadRecording(avala, "0819203a-4b5c-4d6e-9f70-9a0b1c2d3e4f", {
    paths: input.dir,
    stateFile: false,
    storageHosts: [input.storageHost],
  });
  const rss = sampler.stop();
  if (!report.finalized) throw new Error(`upload failed: ${String(report.failed[0]?.error)}`);
  return rss;
}

/** Child task: bulk-edits from a JSON Lines file, sampling RSS. */
export async function bulkEditMemoryTask(input: { baseUrl: string; file: string }): Promise<RssReport> {
  const avala = createClient({ apiKey: API_KEY, baseUrl: input.baseUrl, limiter: limiterFarAbove() });
  const sampler = new RssSampler();
  sampler.start();
  await bulkEditAnnotations(avala, {
    owner: "acme-robotics",
    slug: "highway-lidar",
    edits: readEditsFile(input.file),
  });
  return sampler.stop();
}

/** Child task, the baseline: what holding the edits would cost (every line parsed into one array). */
export async function editsInMemoryTask(input: { file: string }): Promise<RssReport> {
  const sampler = new RssSampler();
  sampler.start();
  const { readFile } = await import("node:fs/promises");
  const edits = (await readFile(input.file, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown);
  sampler.sample();
  const report = sampler.stop();
  if (edits.length === 0) throw new Error("no edits");
  return report;
}

/** Benchmark 8: a 2 GB recording file and 100 000 edits, each in a fresh process, by peak RSS growth. */
export const workflows: Benchmark = {
  title: TITLE,
  method:
    "Each workflow runs in a fresh Node process (`--expose-gc`) against servers in the parent: the fake API of " +
    "the node tests and its HTTPS storage stand-in, which checks each presigned PUT and hashes the body as it " +
    "streams. `uploadRecording` sends one 2 GB sparse file (`fs.truncate`); `bulkEditAnnotations` reads 100 000 " +
    "edits from a JSON Lines file and sends them in 200 chunks, against a baseline process that only parses the " +
    "same file into an array (what holding the edits costs). Figures: peak RSS above the process's baseline, " +
    "sampled every 5 ms (the upload's in MB: it must not grow with the 2 GB file); the bulk edit's as a ratio to " +
    "the baseline's growth.",
  async run({ smoke }) {
    const size = smoke ? SIZES.smoke : SIZES.full;
    const { editsJsonl, startPutStorage, startWorkflowApi } = await servers();
    const dir = await mkdtemp(join(tmpdir(), "avala-bench-workflows-"));
    const storage = await startPutStorage();
    const api = await startWorkflowApi();
    api.storage = storage;
    try {
      const drive = join(dir, "drive");
      await mkdir(drive);
      const file = join(drive, "drive_0412.mcap");
      await writeFile(file, "");
      await truncate(file, size.fileMb * MB);
      const upload = await startChild<RssReport>(
        import.meta.url,
        "uploadMemoryTask",
        {
          baseUrl: api.url,
          cert: storage.cert,
          dir: drive,
          storageHost: storage.hostname,
        } satisfies UploadInput,
        ["--expose-gc"],
      ).result;
      const stored = storage.stored[0]?.bytes ?? 0;
      if (stored !== size.fileMb * MB) throw new Error(`storage received ${stored} bytes`);

      const editsFile = join(dir, "edits.jsonl");
      await writeFile(editsFile, editsJsonl(size.edits));
      const editsMb = (await stat(editsFile)).size / MB;
      const edits = await startChild<RssReport>(
        import.meta.url,
        "bulkEditMemoryTask",
        { baseUrl: api.url, file: editsFile },
        ["--expose-gc"],
      ).result;
      const inMemory = await startChild<RssReport>(
        import.meta.url,
        "editsInMemoryTask",
        { file: editsFile },
        ["--expose-gc"],
      ).result;
      const applied = api.bulkChunks.reduce((n, c) => n + c.edits.length, 0);
      if (applied !== size.edits) throw new Error(`the API received ${applied} edits`);

      const figures: Figure[] = [
        {
          benchmark: TITLE,
          measure: `fleet-recording upload of a ${size.fileMb >= 1024 ? `${size.fileMb / 1024} GB` : `${size.fileMb} MB`} file (peak RSS growth)`,
          ratio: upload.growthMb,
          format: "megabytes",
          target: atMost(upload.growthMb, LIMIT_MB, " MB"),
          detail: `peak ${upload.peakMb.toFixed(0)} MB from ${upload.baselineMb.toFixed(0)} MB, ${size.fileMb} MB sent`,
        },
        {
          benchmark: TITLE,
          measure: `bulk edit of ${size.edits.toLocaleString("en")} edits from JSON Lines / reading them into an array (peak RSS growth)`,
          ratio: edits.growthMb / inMemory.growthMb,
          format: "ratio",
          target: atMost(edits.growthMb / inMemory.growthMb, 0.75),
          detail:
            `+${edits.growthMb.toFixed(0)} MB vs +${inMemory.growthMb.toFixed(0)} MB (${editsMb.toFixed(0)} MB file, ` +
            `${Math.ceil(size.edits / 500)} chunks; ${edits.retainedMb.toFixed(1)} MB retained after GC)`,
        },
      ];
      return figures;
    } finally {
      await api.close();
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
