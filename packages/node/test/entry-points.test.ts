// Importing @avala/node (the built package, as users get it) loads no Redis code: the Redis store and ioredis
// come only with @avala/node/redis. Each check runs in a fresh `node` process and lists the CommonJS modules it
// loaded (ioredis is CommonJS, so an ES import of it lands in the same cache); the /redis import is the control
// that shows the check sees ioredis when it is loaded.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const REDIS_CODE = /[\\/]ioredis[\\/]|[\\/]dist[\\/]redis\.c?js$/;

function loadedModules(format: "esm" | "cjs", specifiers: string[]): Promise<string[]> {
  const script =
    format === "cjs"
      ? `${specifiers.map((s) => `require(${JSON.stringify(s)});`).join("")}
         process.stdout.write(JSON.stringify(Object.keys(require.cache)));`
      : `${specifiers.map((s) => `await import(${JSON.stringify(s)});`).join("")}
         const { createRequire } = await import("node:module");
         process.stdout.write(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
  const args = format === "esm" ? ["--input-type=module", "-e", script] : ["-e", script];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: PACKAGE_DIR }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout) as string[]),
    );
  });
}

describe.each(["esm", "cjs"] as const)("entry points (%s)", (format) => {
  it("importing @avala/node loads no Redis code", async () => {
    const loaded = await loadedModules(format, ["@avala/node"]);
    if (format === "cjs") expect(loaded.some((file) => /[\\/]dist[\\/]index\.cjs$/.test(file))).toBe(true);
    expect(loaded.filter((file) => REDIS_CODE.test(file))).toEqual([]);
  });

  it("importing @avala/node/redis loads the store and ioredis", async () => {
    const loaded = await loadedModules(format, ["@avala/node", "@avala/node/redis"]);
    expect(loaded.some((file) => /[\\/]ioredis[\\/]/.test(file))).toBe(true);
    const { createRedisStore, LimiterStoreUnavailableError } = await import("@avala/node/redis");
    expect(typeof createRedisStore).toBe("function");
    expect(typeof LimiterStoreUnavailableError).toBe("function");
  });
});
