import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { Benchmark, Figure } from "../harness/report.js";
import { median } from "../harness/stats.js";

const TITLE = "6 @avala/node install size and import";
const BENCH_DIR = fileURLToPath(new URL("../..", import.meta.url));
const PACKAGES_DIR = fileURLToPath(new URL("../../../packages/", import.meta.url));
/** What @avala/node depended on before the CLI moved out and the Redis store moved to @avala/node/redis. */
const REMOVED_DEPENDENCIES = { cli: ["commander", "cli-table3", "cli-progress"], node: ["ioredis"] };
const IMPORT_RUNS = { full: 15, smoke: 1 };

/** Bytes of the files under `dir`, not counting nested node_modules. */
function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(path) : statSync(path).size;
  }
  return total;
}

/** The directory of package `name` as resolved from `fromDir` (following pnpm's symlinks). */
function packageDir(name: string, fromDir: string): string {
  const require = createRequire(join(fromDir, "package.json"));
  let dir = dirname(require.resolve(name));
  const isRoot = (d: string) =>
    existsSync(join(d, "package.json")) &&
    JSON.parse(readFileSync(join(d, "package.json"), "utf8")).name === name;
  while (!isRoot(dir)) dir = dirname(dir);
  return realpathSync(dir);
}

/**
 * Bytes an install adds for the registry dependencies `names` of the package in `fromDir`, with their whole
 * dependency trees (each package counted once), as found in the workspace's node_modules.
 */
function treeBytes(names: readonly string[], fromDir: string, seen = new Set<string>()): number {
  let total = 0;
  for (const name of names) {
    const dir = packageDir(name, fromDir);
    if (seen.has(dir)) continue;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    total += dirBytes(dir) + treeBytes(Object.keys(manifest.dependencies ?? {}), dir, seen);
  }
  return total;
}

/** Files npm would publish from a workspace package: its `files` entries plus the manifest, README and LICENSE. */
function publishedFiles(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { files?: string[] };
  const walk = (path: string): string[] =>
    statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => walk(join(path, name))) : [path];
  const entries = [...(manifest.files ?? []), "package.json", "README.md", "LICENSE"];
  return [...new Set(entries.filter((e) => existsSync(join(dir, e))).flatMap((e) => walk(join(dir, e))))];
}

/**
 * Unpacked bytes of what npm would publish, and its packed size: the files gzipped in one stream, as a tarball
 * is (without tar's 512-byte headers, which gzip to almost nothing). Measured from the files rather than by
 * running `npm pack`, which costs seconds per package.
 */
function packSize(dir: string): { packed: number; unpacked: number } {
  const contents = publishedFiles(dir).map((file) => readFileSync(file));
  const unpacked = contents.reduce((sum, c) => sum + c.byteLength, 0);
  return { packed: gzipSync(Buffer.concat(contents)).byteLength, unpacked };
}

/** ms a fresh `node` process spends importing `specifiers` one after the other (ESM). */
function importMs(specifiers: string[]): Promise<number> {
  const imports = specifiers.map((s) => `await import(${JSON.stringify(s)});`).join(" ");
  const script = `const t = performance.now(); ${imports} process.stdout.write(String(performance.now() - t));`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--input-type=module", "-e", script], { cwd: BENCH_DIR }, (error, stdout) =>
      error ? reject(error) : resolve(Number(stdout)),
    );
  });
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;

/**
 * Benchmark 6: what installing and importing @avala/node costs now against before the split. "Before" is rebuilt
 * from this same workspace: the CLI's code was in @avala/node's tarball (so its packed size is added), its
 * dependencies included commander, cli-table3, cli-progress and ioredis, and its main entry loaded the Redis
 * store and ioredis (so "before" imports `@avala/node` and `@avala/node/redis`).
 */
export const nodeInstall: Benchmark = {
  title: TITLE,
  method:
    "Installed size: the files npm publishes of @avala/node (`files`, manifest, README, LICENSE; packed = " +
    "those files gzipped in one stream, as in a tarball) and of its @avala dependencies, plus the files of its registry " +
    "dependency tree as installed in the workspace (each package once, nested node_modules not counted twice). " +
    "Before the CLI moved to @avala/cli and the Redis store to `@avala/node/redis` (ioredis an optional peer): " +
    "the same plus @avala/cli's packed code and the trees of commander, cli-table3, cli-progress and ioredis. " +
    "Import: `await import()` timed inside fresh `node` processes (ESM), alternating after (`@avala/node`) and " +
    "before (`@avala/node` then `@avala/node/redis`, which is what the main entry used to load), median of the runs.",
  async run({ smoke }) {
    const nodeDir = join(PACKAGES_DIR, "node");
    const cliDir = join(PACKAGES_DIR, "cli");
    const manifest = JSON.parse(readFileSync(join(nodeDir, "package.json"), "utf8"));
    const names = Object.keys(manifest.dependencies);
    const registryDeps = names.filter((n) => !n.startsWith("@avala/"));
    const node = packSize(nodeDir);
    const cli = packSize(cliDir);
    const workspaceDeps = names
      .filter((n) => n.startsWith("@avala/"))
      .map((n) => packSize(join(PACKAGES_DIR, n.slice("@avala/".length))));
    const workspaceUnpacked = workspaceDeps.reduce((sum, p) => sum + p.unpacked, 0);
    const afterTree = treeBytes(registryDeps, nodeDir);
    const removedTree =
      treeBytes(REMOVED_DEPENDENCIES.cli, cliDir, new Set()) +
      treeBytes(REMOVED_DEPENDENCIES.node, nodeDir, new Set());
    const after = node.unpacked + workspaceUnpacked + afterTree;
    const before = after + cli.unpacked + removedTree;

    const times = { after: [] as number[], before: [] as number[] };
    if (!smoke) await importMs(["@avala/node", "@avala/node/redis"]); // warm the file-system cache
    for (let i = 0; i < (smoke ? IMPORT_RUNS.smoke : IMPORT_RUNS.full); i++) {
      times.after.push(await importMs(["@avala/node"]));
      times.before.push(await importMs(["@avala/node", "@avala/node/redis"]));
    }
    const importAfter = median(times.after);
    const importBefore = median(times.before);
    const figures: Figure[] = [
      {
        benchmark: TITLE,
        measure: "packed @avala/node: now / before",
        ratio: node.packed / (node.packed + cli.packed),
        format: "ratio",
        detail: `${kB(node.packed)} vs ${kB(node.packed + cli.packed)}`,
      },
      {
        benchmark: TITLE,
        measure: "installed (package + dependency tree): now / before",
        ratio: after / before,
        format: "ratio",
        detail: `${kB(after)} vs ${kB(before)}`,
      },
      {
        benchmark: TITLE,
        measure: "import(@avala/node): now / before",
        ratio: importAfter / importBefore,
        format: "ratio",
        detail: `${importAfter.toFixed(1)} ms vs ${importBefore.toFixed(1)} ms`,
      },
    ];
    return figures;
  },
};
