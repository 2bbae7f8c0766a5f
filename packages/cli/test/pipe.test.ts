// `avala … | head -1`: the reader closes the pipe while the command still has output to write. The second page
// of the list is answered only once the reader has closed its end, so every write after it meets a closed pipe
// (EPIPE) whatever the machine's speed.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PagedApi, startPagedApi } from "./support/paged-api.js";
import { bin } from "./support/run-cli.js";

let api: PagedApi;

beforeAll(async () => {
  api = await startPagedApi({ pages: 2, perPage: 200 });
});
afterAll(() => api.close());

/** Runs the bin with stdout read only up to its first chunk, then closed, as `| head -1` does. */
function runIntoClosingReader(args: string[]) {
  let closed!: () => void;
  api.holdPage(
    2,
    new Promise<void>((resolve) => {
      closed = resolve;
    }),
  );
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, AVALA_API_KEY: "avk_pipe_0123456789", AVALA_BASE_URL: api.baseUrl },
  });
  child.stdout.once("data", () => {
    child.stdout.destroy();
    closed();
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.once("close", (code) => resolve({ code, stderr }));
  });
}

describe("a closed stdout", () => {
  it("ends `--json datasets list --all | head -1` quietly with exit code 0", async () => {
    const result = await runIntoClosingReader(["--json", "datasets", "list", "--all"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("ends a table listing piped into a reader that stops early quietly with exit code 0", async () => {
    const result = await runIntoClosingReader(["datasets", "list", "--all"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});
