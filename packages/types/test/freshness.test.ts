import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const pkg = fileURLToPath(new URL("..", import.meta.url));
const spec = fileURLToPath(new URL("../../../spec/avala.openapi.yaml", import.meta.url));
const bin = (name: string) => join(pkg, "node_modules", ".bin", name);
const TYPES_FLAGS = ["--root-types", "--root-types-no-schema-prefix"];

/** Runs the package's freshness check (the same commands as `check:generated`) against `specFile`. */
async function check(specFile: string): Promise<{ ok: boolean; output: string }> {
  try {
    await run(
      bin("openapi-typescript"),
      [specFile, "-o", "src/generated/openapi.ts", ...TYPES_FLAGS, "--check"],
      { cwd: pkg },
    );
    await run(bin("avala-codegen"), [specFile, "src/generated", "--check"], { cwd: pkg });
    return { ok: true, output: "" };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "avala-freshness-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("generated files", () => {
  it("are up to date with the spec", async () => {
    expect(await check(spec)).toEqual({ ok: true, output: "" });
  });

  it("are reported stale when a field of the spec changes, and regenerate to different types", async () => {
    const changed = join(dir, "field.yaml");
    const source = await readFile(spec, "utf8");
    const edited = source.replace(
      /(\n {4}Dataset:\n(?:.*\n)*? {8}item_count:\n {10}type: )integer/,
      "$1string",
    );
    expect(edited).not.toBe(source);
    await writeFile(changed, edited);
    const result = await check(changed);
    expect(result.ok).toBe(false);
    const out = join(dir, "openapi.ts");
    await run(bin("openapi-typescript"), [changed, "-o", out, ...TYPES_FLAGS], { cwd: pkg });
    const regenerated = await readFile(out, "utf8");
    expect(regenerated).toMatch(/item_count: string;/);
    expect(await readFile(join(pkg, "src/generated/openapi.ts"), "utf8")).toMatch(/item_count: number;/);
  });

  it("are reported stale when an operation's limit class changes", async () => {
    const changed = join(dir, "limit.yaml");
    const source = await readFile(spec, "utf8");
    const edited = source.replace("x-avala-concurrency: exports", "x-avala-concurrency: uploads");
    expect(edited).not.toBe(source);
    await writeFile(changed, edited);
    const result = await check(changed);
    expect(result.ok).toBe(false);
    expect(result.output).toContain("metadata.ts is stale");
  });

  it("are reported stale when only a response example changes (the operation catalog)", async () => {
    const changed = join(dir, "example.yaml");
    const source = await readFile(spec, "utf8");
    const edited = source.replace("item_count: 1200\n", "item_count: 1201\n");
    expect(edited).not.toBe(source);
    await writeFile(changed, edited);
    const failure = await run(bin("avala-codegen"), [changed, "src/generated", "--check"], { cwd: pkg }).then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("catalog.ts is stale");
    expect(failure?.stderr).not.toContain("metadata.ts is stale");
  });
});
