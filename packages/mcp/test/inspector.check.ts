/**
 * Opt-in check, outside `pnpm test` (it downloads a Node 22 runtime and the Inspector from npm):
 * `pnpm --filter @avala/mcp check:inspector`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {} from "@avala/testing/vitest-global-setup";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { consumerEnv, exec } from "../../../tools/consumer-test/src/exec.ts";
import { nodeRuntime } from "../../../tools/consumer-test/src/node-runtimes.ts";
import { parseServerOptions } from "../src/options.js";
import { listedTools } from "../src/server.js";
import { installInspector } from "./support/inspector.js";
import { BIN, TEST_API_KEY } from "./support/mcp-client.js";

let node22: string;
let launcher: string;
let home: string;

beforeAll(async () => {
  [node22, launcher] = await Promise.all([nodeRuntime(22).then((r) => r.bin), installInspector()]);
  home = await mkdtemp(join(tmpdir(), "avala-mcp-inspector-"));
}, 15 * 60_000);
afterAll(() => rm(home, { recursive: true, force: true }));

/** Runs the Inspector's CLI mode against `avala-mcp` (started by the Inspector over stdio on this Node). */
function inspector(args: string[]) {
  const env = ["-e", `AVALA_API_KEY=${TEST_API_KEY}`, "-e", `AVALA_BASE_URL=${inject("avalaMockUrl")}`];
  // The server command first: --tool-arg takes every value that follows it.
  return exec(node22, [launcher, "--cli", process.execPath, BIN, ...env, ...args], {
    cwd: home,
    env: consumerEnv({ HOME: home }),
    timeoutMs: 120_000,
  });
}

describe("the MCP Inspector CLI drives the server", () => {
  it.each([[[]], [["--tools", "all", "--allow-writes"]]])(
    "lists the tools of %j, with no error-severity schema portability problem (--strict)",
    async (args) => {
      const result = await inspector([...args, "--method", "tools/list", "--strict"]);
      expect(result.code, result.stderr.slice(-2000)).toBe(0);
      const { tools } = JSON.parse(result.stdout) as { tools: { name: string }[] };
      const expected = listedTools(parseServerOptions(args, {})).map((e) => e.definition.name);
      expect(tools.map((t) => t.name)).toEqual(expected);
    },
  );

  it("calls a tool and gets its structured content", async () => {
    const result = await inspector([
      "--method",
      "tools/call",
      "--tool-name",
      "list_datasets",
      "--tool-arg",
      "max_items=1",
    ]);
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const output = JSON.parse(result.stdout) as {
      structuredContent: { items: unknown[] };
      isError?: boolean;
    };
    expect(output.isError ?? false).toBe(false);
    expect(output.structuredContent.items).toHaveLength(1);
    expect(result.stdout + result.stderr).not.toContain(TEST_API_KEY);
  });
});
