import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { Benchmark, Figure } from "../harness/report.js";
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

/** Bytes of `entry` bundled for browsers by esbuild, minified, then gzipped by zlib (default level). */
async function minGzipBytes(entry: string, external: string[] = []): Promise<number> {
  const result = await build({
    stdin: { contents: entry, resolveDir: BENCH_DIR, loader: "js" },
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    external,
    write: false,
    logLevel: "silent",
  });
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
    "@avala/react includes core and openapi-react-query, with react, react-dom and @tanstack/react-query " +
    "external. Ratios are against openapi-fetch alone. Start-up: `await import()` timed inside fresh `node` " +
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
