import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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
/** A budget (`limit`, in kB) from a package's `.size-limit.json`, by the position of its entry there. */
function sizeLimitBytes(pkg: "core" | "react", index: number): number {
  const file = new URL(`../../../packages/${pkg}/.size-limit.json`, import.meta.url);
  const entries = JSON.parse(readFileSync(file, "utf8")) as Array<{ limit: string }>;
  return Number.parseFloat(entries[index]!.limit) * 1024;
}
/** Budget of @avala/core with everything, min+gzip: the first entry of `packages/core/.size-limit.json`. */
const CORE_BUDGET_BYTES = sizeLimitBytes("core", 0);
/** Budget of what the example app imports from @avala/react and @avala/core: `packages/react/.size-limit.json`. */
const APP_BUDGET_BYTES = sizeLimitBytes("react", 2);
const CORE_SOURCE = fileURLToPath(new URL("../../../packages/core/src/index.ts", import.meta.url));
const RESOURCES_SOURCE = fileURLToPath(
  new URL("../../../packages/core/src/resources/index.ts", import.meta.url),
);
const BIND_SOURCE = fileURLToPath(new URL("../../../packages/core/src/resources/bind.ts", import.meta.url));
const TABLE_SOURCE = fileURLToPath(
  new URL("../../../packages/core/src/generated/resources.ts", import.meta.url),
);
const APP_SOURCE = fileURLToPath(new URL("../../../examples/react-app/src", import.meta.url));
/** Core's rate limiter and its store: the code a browser app behind the proxy handler does not need. */
const LIMITER_FILES = /packages\/core\/src\/limiter\//;
/** Files of the resource layer (the binder, the page promise and the generated tables). */
const RESOURCE_FILES = /packages\/core\/src\/(?:resources\/|generated\/resources)/;

/** A browser bundle: min+gzip bytes, and how many bytes each input file contributed. */
interface Bundle {
  bytes: number;
  inputs: Record<string, number>;
}

/** `entry` bundled for browsers by esbuild, minified, then gzipped by zlib (default level). */
async function bundle(entry: string, external: string[] = []): Promise<Bundle> {
  const result = await build({
    stdin: { contents: entry, resolveDir: BENCH_DIR, loader: "js" },
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    external,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  const inputs = Object.fromEntries(
    Object.entries(output.inputs).map(([path, info]) => [path.replaceAll("\\", "/"), info.bytesInOutput]),
  );
  return { bytes: gzipSync(result.outputFiles[0]!.contents).byteLength, inputs };
}

async function minGzipBytes(entry: string, external: string[] = []): Promise<number> {
  return (await bundle(entry, external)).bytes;
}

/** Minified bytes the limiter's files put into a bundle. */
function limiterBytes(b: Bundle): number {
  return Object.entries(b.inputs)
    .filter(([path]) => LIMITER_FILES.test(path))
    .reduce((sum, [, bytes]) => sum + bytes, 0);
}

/** The value imports of @avala/react and @avala/core in the example app's sources (`import type` left out). */
function appImports(): Record<string, Set<string>> {
  const found: Record<string, Set<string>> = { "@avala/react": new Set(), "@avala/core": new Set() };
  const files = readdirSync(APP_SOURCE, { recursive: true, encoding: "utf8" }).filter((f) =>
    /\.tsx?$/.test(f),
  );
  for (const file of files) {
    const text = readFileSync(join(APP_SOURCE, file), "utf8");
    for (const match of text.matchAll(
      /import\s+(type\s+)?\{([^}]*)\}\s+from\s+"(@avala\/(?:react|core))"/g,
    )) {
      if (match[1]) continue;
      for (const name of match[2]!.split(",").map((n) => n.trim())) {
        if (name && !name.startsWith("type ")) found[match[3]!]!.add(name);
      }
    }
  }
  return found;
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
    "external. Ratios are against openapi-fetch alone; @avala/core is also set against its budget (packages/core/.size-limit.json). The " +
    "example app's value imports of @avala/react and @avala/core (read from its sources) are bundled the same " +
    "way and set against their budget (packages/react/.size-limit.json). Whether the rate limiter tree-shakes out of a bundle that does not ask for it: " +
    "core built from its sources, the limiter's minified bytes in esbuild's metafile for `createClient` alone " +
    "against core with everything (0 = not carried). Start-up: `await import()` timed inside fresh `node` " +
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
      measure: "@avala/core with everything / its budget (min+gzip)",
      ratio: core / CORE_BUDGET_BYTES,
      format: "ratio",
      target: atMost(core / CORE_BUDGET_BYTES, 1),
      detail: `${kB(core)} vs ${kB(CORE_BUDGET_BYTES)}`,
    });
    const imports = appImports();
    const appEntry = Object.entries(imports)
      .filter(([, names]) => names.size > 0)
      .map(([pkg, names]) => `export { ${[...names].sort().join(", ")} } from ${JSON.stringify(pkg)};`)
      .join("\n");
    const app = await minGzipBytes(appEntry, REACT_EXTERNALS);
    figures.push({
      benchmark: TITLE,
      measure: "examples/react-app's imports of @avala/react and @avala/core / their budget (min+gzip)",
      ratio: app / APP_BUDGET_BYTES,
      format: "ratio",
      target: atMost(app / APP_BUDGET_BYTES, 1),
      detail: `${kB(app)} vs ${kB(APP_BUDGET_BYTES)}: ${Object.values(imports)
        .flatMap((names) => [...names])
        .sort()
        .join(", ")}`,
    });
    // Built from core's sources so the limiter's own files can be told apart in esbuild's metafile.
    const everything = await bundle(`export * from ${JSON.stringify(CORE_SOURCE)};`);
    const clientOnly = await bundle(`export { createClient } from ${JSON.stringify(CORE_SOURCE)};`);
    figures.push({
      benchmark: TITLE,
      measure: "limiter code in a bundle of createClient alone / in core with everything",
      ratio: limiterBytes(clientOnly) / limiterBytes(everything),
      format: "ratio",
      target: atMost(limiterBytes(clientOnly) / limiterBytes(everything), 0),
      detail:
        `${limiterBytes(clientOnly)} vs ${limiterBytes(everything)} minified bytes; createClient alone ` +
        `${kB(clientOnly.bytes)} vs ${kB(everything.bytes)} min+gzip`,
    });

    // The resource methods are an entry of their own: what they add to `createClient` alone, whole and for one
    // resource (the binder and the `datasets` table only).
    const baseOnly = await bundle(`export { createBaseClient } from ${JSON.stringify(CORE_SOURCE)};`);
    const withAll = await bundle(`export { createClient } from ${JSON.stringify(RESOURCES_SOURCE)};`);
    const withOne = await bundle(
      `import { createClient } from ${JSON.stringify(CORE_SOURCE)};\n` +
        `import { bindTable } from ${JSON.stringify(BIND_SOURCE)};\n` +
        `import { datasets } from ${JSON.stringify(TABLE_SOURCE)};\n` +
        "export const make = (o) => { const c = createClient(o); return Object.assign(c, bindTable(c, { datasets })); };",
    );
    const resourceBytes = (b: Bundle) =>
      Object.entries(b.inputs)
        .filter(([path]) => RESOURCE_FILES.test(path))
        .reduce((sum, [, bytes]) => sum + bytes, 0);
    figures.push({
      benchmark: TITLE,
      measure: "resource-method code in createClient alone + createBaseClient alone / with all of them",
      ratio: (resourceBytes(clientOnly) + resourceBytes(baseOnly)) / resourceBytes(withAll),
      format: "ratio",
      target: atMost((resourceBytes(clientOnly) + resourceBytes(baseOnly)) / resourceBytes(withAll), 0),
      detail: `${resourceBytes(clientOnly)} + ${resourceBytes(baseOnly)} vs ${resourceBytes(withAll)} minified bytes`,
    });
    figures.push({
      benchmark: TITLE,
      measure:
        "resource methods (@avala/core/resources): createClient with every operation / createClient alone",
      ratio: withAll.bytes / clientOnly.bytes,
      format: "ratio",
      detail:
        `+${kB(withAll.bytes - clientOnly.bytes)} for every operation (${kB(withAll.bytes)} vs ${kB(clientOnly.bytes)}); ` +
        `one resource (datasets) +${kB(withOne.bytes - clientOnly.bytes)}; createBaseClient alone ${kB(baseOnly.bytes)}`,
    });

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
