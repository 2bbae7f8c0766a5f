// Importing @avala/node (the built package, as users get it) loads no Redis code: the Redis store and ioredis
// come only with @avala/node/redis. Each check runs in a fresh `node` process and lists the modules it loaded:
// for CommonJS the require cache; for ES modules also every URL a module loader hook saw (written synchronously
// to a file as each module loads, so the list is complete when the import settles), which is how the ESM build
// (dist/*.mjs) becomes visible. The /redis import is the control that shows the check sees what it looks for.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const REDIS_CODE = /[\\/]ioredis[\\/]|[\\/]dist[\\/]redis\.[cm]?js$/;

// Records the URL of every module the ES loader loads (CommonJS modules required by CommonJS are in the
// require cache instead).
const HOOKS = `import { appendFileSync } from "node:fs";
let out;
export function initialize(data) { out = data.out; }
export async function load(url, context, next) { appendFileSync(out, url + "\\n"); return next(url, context); }`;

function loadedModules(format: "esm" | "cjs", specifiers: string[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "entry-points-"));
  const out = join(dir, "loaded.txt");
  const script =
    format === "cjs"
      ? `${specifiers.map((s) => `require(${JSON.stringify(s)});`).join("")}
         process.stdout.write(JSON.stringify(Object.keys(require.cache)));`
      : `const { register, createRequire } = await import("node:module");
         register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)}, { data: { out: ${JSON.stringify(out)} } });
         ${specifiers.map((s) => `await import(${JSON.stringify(s)});`).join("")}
         process.stdout.write(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
  const args = format === "esm" ? ["--input-type=module", "-e", script] : ["-e", script];
  return new Promise<string[]>((resolve, reject) => {
    execFile(process.execPath, args, { cwd: PACKAGE_DIR }, (error, stdout) => {
      if (error) return reject(error);
      const cached = JSON.parse(stdout) as string[];
      const viaLoader =
        format === "esm"
          ? readFileSync(out, "utf8")
              .split("\n")
              .filter((url) => url.startsWith("file:"))
              .map((url) => fileURLToPath(url))
          : [];
      resolve([...viaLoader, ...cached]);
    });
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
}

const ENTRY = { esm: /[\\/]dist[\\/]index\.mjs$/, cjs: /[\\/]dist[\\/]index\.cjs$/ };
const REDIS_ENTRY = { esm: /[\\/]dist[\\/]redis\.mjs$/, cjs: /[\\/]dist[\\/]redis\.cjs$/ };

describe.each(["esm", "cjs"] as const)("entry points (%s)", (format) => {
  it("importing @avala/node loads its own build and no Redis code", async () => {
    const loaded = await loadedModules(format, ["@avala/node"]);
    expect(loaded.some((file) => ENTRY[format].test(file))).toBe(true);
    expect(loaded.filter((file) => REDIS_CODE.test(file))).toEqual([]);
  });

  it("importing @avala/node/redis loads the store and ioredis", async () => {
    const loaded = await loadedModules(format, ["@avala/node", "@avala/node/redis"]);
    expect(loaded.some((file) => REDIS_ENTRY[format].test(file))).toBe(true);
    expect(loaded.some((file) => /[\\/]ioredis[\\/]/.test(file))).toBe(true);
    const { createRedisStore, LimiterStoreUnavailableError } = await import("@avala/node/redis");
    expect(typeof createRedisStore).toBe("function");
    expect(typeof LimiterStoreUnavailableError).toBe("function");
  });
});
