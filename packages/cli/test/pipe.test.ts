// `avala … | head -1`: the reader closes the pipe while the command still has output to write. The second page
// of the list is answered only once the reader has closed its end, so every write after it meets a closed pipe
// (EPIPE) whatever the machine's speed.
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bin } from "./support/run-cli.js";

let server: Server;
let baseUrl: string;
let readerClosed: Promise<void> = Promise.resolve();
const item = (n: number) => ({
  uid: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  name: `d${n}`,
});

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", baseUrl);
    const second = url.searchParams.get("cursor") === "page-2";
    if (second) await readerClosed;
    const results = Array.from({ length: 200 }, (_, i) => item(second ? 200 + i : i));
    const next = second ? null : `${baseUrl}/datasets/?cursor=page-2`;
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ next, previous: null, results }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** Runs the bin with stdout read only up to its first chunk, then closed, as `| head -1` does. */
function runIntoClosingReader(args: string[]) {
  let closed!: () => void;
  readerClosed = new Promise((resolve) => {
    closed = resolve;
  });
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, AVALA_API_KEY: "avk_pipe_0123456789", AVALA_BASE_URL: baseUrl },
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
