/**
 * The MCP Inspector (`@modelcontextprotocol/inspector`), a client nobody here wrote, installed from npm into the
 * consumer test's cache folder (it needs Node >= 22.19, so it runs on the Node 22 the consumer test installs
 * from the npm `node-<platform>-<arch>` package; the workspace itself stays on Node 20).
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { consumerEnv, execOk } from "../../../../tools/consumer-test/src/exec.ts";
import { CACHE_DIR } from "../../../../tools/consumer-test/src/node-runtimes.ts";

/** The pinned Inspector release. */
export const INSPECTOR_VERSION = "2.12.0";

/** Installs the Inspector once (atomically, so parallel runs never see half an install); returns its launcher. */
export async function installInspector(): Promise<string> {
  const dir = join(CACHE_DIR, `mcp-inspector-${INSPECTOR_VERSION}`);
  const launcher = join(dir, "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js");
  if (existsSync(join(dir, ".installed"))) return launcher;
  mkdirSync(CACHE_DIR, { recursive: true });
  const staging = join(CACHE_DIR, `.mcp-inspector-${process.pid}-${Date.now()}`);
  mkdirSync(staging);
  try {
    writeFileSync(join(staging, "package.json"), '{ "private": true }\n');
    await execOk(
      "npm",
      [
        "install",
        `@modelcontextprotocol/inspector@${INSPECTOR_VERSION}`,
        "--no-audit",
        "--no-fund",
        "--no-package-lock",
        "--loglevel=error",
      ],
      { cwd: staging, env: consumerEnv(), timeoutMs: 10 * 60_000 },
    );
    writeFileSync(join(staging, ".installed"), "");
    try {
      renameSync(staging, dir);
    } catch (error) {
      if (!existsSync(join(dir, ".installed"))) throw error; // another run won the rename
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return launcher;
}
