import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumerEnv, type ExecResult, exec, execOk, withPathFirst } from "../src/exec.ts";
import { type NodeRuntime, nodeRuntime, SUPPORTED_NODE_MAJORS } from "../src/node-runtimes.ts";
import { createScratchProject, installedManifest, type ScratchProject } from "../src/scratch.ts";
import { Timings } from "../src/timings.ts";
import { publicPackages, runtimeCatalog } from "../src/workspace.ts";

// The release check of what users install: the packed tarballs in a project outside the workspace, on every
// supported Node, as ESM and CJS, through the bin, under strict TypeScript, and in a Vite browser build.
// Everything is installed once (beforeAll); the npm install dominates the run time.

const timings = new Timings("@avala-tools/consumer-test: consumer.test.ts");
const packages = publicPackages();
/** The library packages (the runtime scripts import each one); @avala/cli is a command, checked through its bin. */
const libraries = packages.filter((p) => p.name !== "@avala/cli");
let project: ScratchProject;
const runtimes = new Map<number, NodeRuntime>();

function runtime(major: number): NodeRuntime {
  const found = runtimes.get(major);
  if (!found) throw new Error(`Node ${major} was not prepared`);
  return found;
}

/** The JSON line a runtime fixture script prints (fixtures/runtime/*). */
interface RuntimeReport {
  format: "esm" | "cjs";
  node: string;
  resolved: Record<string, string>;
  passed: string[];
  /** Package name → the first lines of the error its check threw. */
  failed: Record<string, string>;
}

/** Parses a runtime fixture's report (its last stdout line) and checks it ran as `format` on `rt`. */
function report(result: ExecResult, format: RuntimeReport["format"], rt: NodeRuntime): RuntimeReport {
  const last = result.stdout.trim().split("\n").at(-1) ?? "";
  let parsed: RuntimeReport;
  try {
    parsed = JSON.parse(last) as RuntimeReport;
  } catch {
    throw new Error(
      `no report from the ${format} script (exit ${result.code}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  expect(parsed).toMatchObject({ format, node: rt.version });
  return parsed;
}

beforeAll(async () => {
  const [scratch, ...prepared] = await Promise.all([
    createScratchProject(timings),
    ...SUPPORTED_NODE_MAJORS.map((major) => timings.time(`Node ${major} binary`, () => nodeRuntime(major))),
  ]);
  project = scratch;
  for (const rt of prepared) runtimes.set(rt.major, rt);
  process.stderr.write(
    `\nconsumer project: ${project.dir}\nNode runtimes: ${prepared
      .map((rt) => `${rt.version} (${rt.source === "current" ? "running" : "npm"})`)
      .join(", ")}\n`,
  );
}, 20 * 60_000);

afterAll(() => {
  project?.dispose();
  timings.print();
});

describe("the installed tarballs", () => {
  it("are every public package, at the workspace's version, with no workspace: or catalog: ranges", () => {
    expect(project.tarballs.map((t) => t.name).sort()).toEqual(packages.map((p) => p.name));
    for (const pkg of packages) {
      const installed = installedManifest(project, pkg.name);
      expect(installed.version).toBe(pkg.version);
      const ranges = JSON.stringify([installed.dependencies, installed.peerDependencies]);
      expect(ranges).not.toMatch(/workspace:|catalog:/);
    }
    // @avala/node's and @avala/react's dependencies on core and types are exact versions of the tarballs.
    expect(installedManifest(project, "@avala/node").dependencies).toMatchObject({
      "@avala/core": packages.find((p) => p.name === "@avala/core")!.version,
    });
  });

  it("publish ranges for runtime dependencies (from the runtime catalog) and exact versions of each other", () => {
    const ranges = runtimeCatalog();
    const versions = new Map(packages.map((p) => [p.name, p.version]));
    const exact = /^\d+\.\d+\.\d+(-[\w.]+)?$/;
    for (const pkg of packages) {
      const dependencies = (installedManifest(project, pkg.name).dependencies ?? {}) as Record<
        string,
        string
      >;
      for (const [name, range] of Object.entries(dependencies)) {
        const where = `${pkg.name} → ${name}@${range}`;
        if (versions.has(name)) {
          // Workspace packages: rewritten from workspace:* to the version released with this one.
          expect(range, where).toBe(versions.get(name));
          continue;
        }
        // @avala/testing pins Prism's packages exactly on purpose: npm applies no overrides of a dependency's,
        // and newer Prism releases need Node 24 (packages/testing/README.md).
        if (pkg.name === "@avala/testing" && name.startsWith("@stoplight/")) {
          expect(range, where).toMatch(exact);
          continue;
        }
        expect(range, where).not.toMatch(exact);
        expect(range, where).toMatch(/^[~^]\d+\.\d+\.\d+$/);
        expect(range, `${where} must be the runtime catalog's range`).toBe(ranges[name]);
      }
    }
    expect(installedManifest(project, "@avala/node").dependencies).toMatchObject({ undici: ranges.undici });
  });

  it("are installed once each (no nested copy of an @avala package from the registry)", () => {
    for (const pkg of packages) {
      expect(existsSync(join(project.dir, "node_modules", pkg.name, "node_modules", "@avala"))).toBe(false);
      expect(installedManifest(project, pkg.name)._resolved ?? "").not.toMatch(/registry/);
    }
  });

  it("ship the built files, and the bin only in @avala/cli", () => {
    for (const tarball of project.tarballs.filter((t) => t.name !== "@avala/cli")) {
      expect(tarball.files).toEqual(
        expect.arrayContaining(["dist/index.mjs", "dist/index.cjs", "dist/index.d.mts", "dist/index.d.cts"]),
      );
      expect(tarball.files.some((f) => f.startsWith("src/") || f.includes(".test."))).toBe(false);
    }
    expect(project.tarballs.find((t) => t.name === "@avala/cli")?.files).toEqual(
      expect.arrayContaining(["bin/avala.mjs", "dist/main.mjs", "dist/main.d.mts"]),
    );
    expect(project.tarballs.find((t) => t.name === "@avala/node")?.files).not.toContain("bin/avala.mjs");
  });
});

describe.each(SUPPORTED_NODE_MAJORS)("Node %i", (major) => {
  it("imports every package as ESM and uses it", async () => {
    const rt = runtime(major);
    const result = await exec(rt.bin, ["runtime/esm.mjs"], { cwd: project.dir, timeoutMs: 60_000 });
    timings.add(`Node ${rt.version}: ESM import script`, result.ms);
    const out = report(result, "esm", rt);
    expect(out.failed, "packages whose ESM check failed").toEqual({});
    expect([...out.passed].sort()).toEqual(libraries.map((p) => p.name));
    expect(result.code).toBe(0);
  });

  it("requires every package as CJS and uses it", async () => {
    const rt = runtime(major);
    const result = await exec(rt.bin, ["runtime/cjs.cjs"], { cwd: project.dir, timeoutMs: 60_000 });
    timings.add(`Node ${rt.version}: CJS require script`, result.ms);
    const out = report(result, "cjs", rt);
    expect(out.failed, "packages whose CJS check failed").toEqual({});
    expect([...out.passed].sort()).toEqual(libraries.map((p) => p.name));
    expect(result.code).toBe(0);
  });

  it("runs the avala bin through npx (--version, --help, exit code 4 when the API is unreachable)", async () => {
    const rt = runtime(major);
    const env = withPathFirst(consumerEnv(), dirname(rt.bin));
    // `#!/usr/bin/env node` (npx and the bin) must find this runtime first on PATH.
    const which = await execOk("node", ["--version"], { cwd: project.dir, env });
    expect(which.stdout.trim()).toBe(rt.version);

    const started = performance.now();
    const version = await execOk("npx", ["--yes=false", "avala", "--version"], { cwd: project.dir, env });
    expect(version.stdout.trim()).toBe(installedManifest(project, "@avala/cli").version);

    const help = await execOk("npx", ["--yes=false", "avala", "--help"], { cwd: project.dir, env });
    expect(help.stdout).toContain("Usage: avala");
    expect(help.stdout).toContain("datasets");

    const unreachable = await exec(
      "npx",
      [
        "--yes=false",
        "avala",
        "--api-key",
        "avk_test",
        "--base-url",
        "http://127.0.0.1:1",
        "datasets",
        "list",
      ],
      { cwd: project.dir, env },
    );
    expect(unreachable.stderr).toMatch(/^avala: /m);
    expect(unreachable.code).toBe(4);
    timings.add(`Node ${rt.version}: npx avala (3 runs)`, performance.now() - started);
  });
});

describe("TypeScript consumers (strict)", () => {
  /** Runs the scratch project's TypeScript on a config and returns the files it loaded. */
  async function typecheck(config: string): Promise<string[]> {
    const tsc = join(project.dir, "node_modules", "typescript", "bin", "tsc");
    const result = await exec(process.execPath, [tsc, "-p", config, "--listFiles", "--pretty", "false"], {
      cwd: project.dir,
    });
    timings.add(`tsc -p ${config}`, result.ms);
    const errors = result.stdout.split("\n").filter((line) => /error TS\d+/.test(line));
    expect(errors, `tsc -p ${config} reported errors`).toEqual([]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    return result.stdout.split("\n").filter((line) => line.includes("/node_modules/@avala/"));
  }

  it("type-checks under moduleResolution node16: .mts gets the import types, .cts the require types", async () => {
    const source = join(project.dir, "types", "consumer.ts");
    copyFileSync(source, join(project.dir, "types", "consumer.mts"));
    copyFileSync(source, join(project.dir, "types", "consumer.cts"));
    const files = await typecheck("tsconfig.node16.json");
    for (const pkg of libraries) {
      expect(files).toContainEqual(expect.stringContaining(`/node_modules/${pkg.name}/dist/index.d.mts`));
      expect(files).toContainEqual(expect.stringContaining(`/node_modules/${pkg.name}/dist/index.d.cts`));
    }
  });

  it("type-checks under moduleResolution bundler (with the React app's main.tsx)", async () => {
    const files = await typecheck("tsconfig.bundler.json");
    for (const pkg of libraries) {
      expect(files).toContainEqual(expect.stringContaining(`/node_modules/${pkg.name}/dist/index.d.mts`));
    }
  });

  it("rejects a wrong call: the fixture's @ts-expect-error must be needed", () => {
    // An unused @ts-expect-error is itself an error (TS2578), so the checks above fail if the SDK's types
    // ever stop rejecting the call; this only guards against the directive being deleted from the fixture.
    const source = readFileSync(join(project.dir, "types", "consumer.ts"), "utf8");
    expect(source.match(/@ts-expect-error/g)).toHaveLength(1);
  });
});

describe("a browser app built with Vite", () => {
  it("bundles @avala/react and @avala/core without Node built-ins or undici", async () => {
    const vite = join(project.dir, "node_modules", "vite", "bin", "vite.js");
    const result = await execOk(process.execPath, [vite, "build"], {
      cwd: project.dir,
      timeoutMs: 5 * 60_000,
    });
    timings.add("vite build (React app)", result.ms);
    const log = result.stdout + result.stderr;
    expect(log).not.toMatch(/externalized for browser compatibility/i);

    const assets = join(project.dir, "dist", "assets");
    const scripts = readdirSync(assets).filter((file) => file.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    const bundle = scripts.map((file) => readFileSync(join(assets, file), "utf8")).join("\n");
    process.stderr.write(
      `\nVite bundle: ${scripts.join(", ")} — ${(bundle.length / 1000).toFixed(1)} kB, ${(
        gzipSync(bundle).length / 1000
      ).toFixed(1)} kB gzip\n`,
    );

    // The SDK is really in there: the modules of all three packages (core's code sits in a chunk its two entries,
    // `.` and `./resources`, share), core's error brand, the proxy mount point …
    const modules = JSON.parse(readFileSync(join(project.dir, "dist", "modules.json"), "utf8")) as string[];
    for (const name of ["@avala/react", "@avala/core", "@avala/types"]) {
      expect(
        modules.some((id) => id.includes(`/node_modules/${name}/dist/`) && id.endsWith(".mjs")),
        name,
      ).toBe(true);
    }
    expect(bundle).toContain("@avala/core.error-brands");
    expect(bundle).toContain("/api/avala");

    // … and nothing that only Node has: no module from @avala/node or undici, no Node built-in (Vite would
    // have replaced it by an empty `__vite-browser-external` stub), no `node:` import left in the code.
    const foreign = modules.filter((id) =>
      /\/node_modules\/(@avala\/node|undici)\/|__vite-browser-external|^node:|^\0?node:/.test(id),
    );
    expect(foreign).toEqual([]);
    const builtins = new Set(
      builtinModules.filter((name) => !name.startsWith("_")).map((n) => n.split("/")[0]),
    );
    const nodeImport = new RegExp(`["'\`]node:(${[...builtins].join("|")})\\b`);
    expect(bundle.match(nodeImport)?.[0]).toBeUndefined();
    expect(bundle).not.toContain("__vite-browser-external");
    // The one allowed mention of undici: openapi-fetch's feature test `process.versions.undici` (guarded by
    // `typeof process`), which reads a version string and loads nothing.
    const undiciMentions = bundle.replaceAll("process.versions.undici", "").match(/.{0,60}undici.{0,60}/gi);
    expect(undiciMentions).toBeNull();
  });
});
