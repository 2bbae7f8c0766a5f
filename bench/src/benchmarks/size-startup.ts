import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { atMost, type Benchmark, type Figure } from "../harness/report.js";
import { median } from "../harness/stats.js";

const TITLE = "5 size and start-up";
const BENCH_DIR = fileURLToPath(new URL("../..", import.meta.url));
/** Peer dependencies of @avala/react, which an app bundles once whatever client it uses. */
const REACT_EXTERNALS = ["react", "react-dom", "@tanstack/react-query"];
/** Each package's whole public surface (nothing tree-shaken away): what importing it costs at most. */
const BUNDLES: Record<string, { entry: string; external?: string[] }> = {
  "openapi-fetch": { entry: 'export * from "openapi-fetch"; export { default } from "openapi-fetch";' },
  "@avala/core": { entry: 'export * from "@avala/core";' },
  "@avala/react": { entry: 'export * from "@avala/react";', external: REACT_EXTERNALS },
  ky: { entry: 'export * from "ky"; export { default } from "ky";' },
  "openai-node": { entry: 'export * from "openai"; export { default } from "openai";' },
};
const IMPORT_RUNS = { full: 15, smoke: 3 };
/** The size asked of core with openapi-fetch, min+gzip (issue 7). */
const CORE_TARGET_BYTES = 8 * 1024;
const CORE_SOURCE = fileURLToPath(new URL("../../../packages/core/src/index.ts", import.meta.url));
/**
 * Parts of core that can be cut out whole, each replaced by an empty module exporting the same names: what core
 * would weigh without them, to show what a smaller budget would cost in features.
 */
const CORE_PARTS: Record<string, Record<string, string>> = {
  "rate limiter": {
    "limiter/limiter.ts": "export class RateLimiter {} export function createLimiter() {}",
    "limiter/store.ts": "export class MemoryLimiterStore {}",
  },
  pagination: {
    "paginate.ts": "export class Paginator {} export function toPage() {} export function nextPageUrl() {}",
  },
};

/** Bytes of `entry` bundled for browsers by esbuild, minified, then gzipped by zlib (default level). */
async function minGzipBytes(
  entry: string,
  external: string[] = [],
  stubs: Record<string, string> = {},
): Promise<number> {
  const stubbed = new Set<string>();
  const result = await build({
    stdin: { contents: entry, resolveDir: BENCH_DIR, loader: "js" },
    plugins: [
      {
        name: "stub-parts",
        setup(b) {
          b.onLoad({ filter: /[\\/]packages[\\/]core[\\/]src[\\/].*\.ts$/ }, ({ path }) => {
            const part = Object.keys(stubs).find((file) =>
              path.replaceAll("\\", "/").endsWith(`/src/${file}`),
            );
            if (part === undefined) return undefined;
            stubbed.add(part);
            return { contents: stubs[part], loader: "ts" };
          });
        },
      },
    ],
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    external,
    write: false,
    logLevel: "silent",
  });
  const missing = Object.keys(stubs).filter((file) => !stubbed.has(file));
  if (missing.length > 0)
    throw new Error(`size: core no longer has ${missing.join(", ")}; update CORE_PARTS`);
  return gzipSync(result.outputFiles[0]!.contents).byteLength;
}

/** ms a fresh `node` process spends in `await import(specifier)` (process start-up itself not counted). */
function importMs(specifier: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--input-type=module", "-e", script], { cwd: BENCH_DIR }, (error, stdout) =>
      error ? reject(error) : resolve(Number(stdout)),
    );
  });
}

/** Benchmark 5: bundle size against peers, and import time against undici alone. */
export const sizeStartup: Benchmark = {
  title: TITLE,
  method:
    "Size: each package's whole public surface (`export *`) bundled by esbuild for the browser (ESM, minified), " +
    "gzipped with zlib's default level; @avala/core includes openapi-fetch and @avala/types' runtime metadata; " +
    "@avala/react includes core, with react, react-dom and @tanstack/react-query " +
    "external. Ratios are against openapi-fetch alone; @avala/core is also set against the 8 kB asked of it, and " +
    "built from its sources with whole parts replaced by empty modules (the rate limiter and its store, then " +
    "pagination too) to show what a smaller budget would cost. Start-up: `await import()` timed inside fresh `node` " +
    "processes (ESM), alternating `@avala/node` and `undici`, median of the runs.",
  async run({ smoke }) {
    const sizes = new Map<string, number>();
    for (const [name, bundle] of Object.entries(BUNDLES)) {
      sizes.set(name, await minGzipBytes(bundle.entry, bundle.external));
    }
    const base = sizes.get("openapi-fetch")!;
    const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
    const figures: Figure[] = [...sizes]
      .filter(([name]) => name !== "openapi-fetch")
      .map(([name, bytes]) => ({
        benchmark: TITLE,
        measure: `${name} / openapi-fetch (min+gzip)`,
        ratio: bytes / base,
        format: "ratio",
        detail: `${kB(bytes)} vs ${kB(base)}`,
      }));
    for (const peer of ["ky", "openai-node"]) {
      const ours = sizes.get("@avala/core")!;
      figures.push({
        benchmark: TITLE,
        measure: `@avala/core / ${peer} (min+gzip)`,
        ratio: ours / sizes.get(peer)!,
        format: "ratio",
        detail: `${kB(ours)} vs ${kB(sizes.get(peer)!)}`,
      });
    }

    const core = sizes.get("@avala/core")!;
    figures.push({
      benchmark: TITLE,
      measure: "@avala/core / 8 kB target (min+gzip)",
      ratio: core / CORE_TARGET_BYTES,
      format: "ratio",
      target: atMost(core / CORE_TARGET_BYTES, 1),
      detail: `${kB(core)} vs ${kB(CORE_TARGET_BYTES)}`,
    });
    // Built from core's sources so parts can be cut out; the ratio is against the same build with every part.
    const fromSource = `export * from ${JSON.stringify(CORE_SOURCE)};`;
    const whole = await minGzipBytes(fromSource);
    const cuts = Object.keys(CORE_PARTS);
    for (let n = 1; n <= cuts.length; n++) {
      const cut = cuts.slice(0, n);
      const without = await minGzipBytes(fromSource, [], Object.assign({}, ...cut.map((c) => CORE_PARTS[c])));
      figures.push({
        benchmark: TITLE,
        measure: `@avala/core without its ${cut.join(" and ")} / @avala/core`,
        ratio: without / whole,
        format: "ratio",
        detail: `${kB(without)} vs ${kB(whole)}`,
      });
    }

    const times = { ours: [] as number[], undici: [] as number[] };
    await importMs("undici"); // warm the file-system cache for both
    await importMs("@avala/node");
    for (let i = 0; i < (smoke ? IMPORT_RUNS.smoke : IMPORT_RUNS.full); i++) {
      times.ours.push(await importMs("@avala/node"));
      times.undici.push(await importMs("undici"));
    }
    const ours = median(times.ours);
    const undici = median(times.undici);
    figures.push({
      benchmark: TITLE,
      measure: "import(@avala/node) / import(undici)",
      ratio: ours / undici,
      format: "ratio",
      detail: `${ours.toFixed(1)} ms vs ${undici.toFixed(1)} ms`,
    });
    return figures;
  },
};
