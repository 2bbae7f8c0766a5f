import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumerEnv, exec, execOk } from "../src/exec.ts";
import { pnpmCommand } from "../src/pack.ts";
import { publicPackages, REPO_ROOT, readManifest } from "../src/workspace.ts";

// Before the first release nothing installs from the npm registry: each README's way to use its package from a
// clone must work as written. The root scripts `avala`, `avala-mcp` and `tarballs` are run the way the READMEs
// show them, from the repository root.

let pnpm: [string, string[]];
let api: Server;
let apiUrl: string;
let project: string;

/** `pnpm -s <args>` at the repository root, as a user types it. */
const rootScript = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  exec(pnpm[0], [...pnpm[1], "-s", ...args], {
    cwd: REPO_ROOT,
    env: consumerEnv(env),
    timeoutMs: 10 * 60_000,
  });

beforeAll(async () => {
  pnpm = await pnpmCommand();
  api = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ next: null, previous: null, results: [{ uid: "d-1", name: "From a clone" }] }));
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/api/v1`;
  project = realpathSync(mkdtempSync(join(tmpdir(), "avala-from-clone-")));
});

afterAll(async () => {
  await new Promise((resolve) => api?.close(resolve));
  if (project) rmSync(project, { recursive: true, force: true });
  rmSync(join(REPO_ROOT, "tarballs"), { recursive: true, force: true });
});

describe("using the packages from a clone", () => {
  it("`pnpm -s avala …` runs the CLI with nothing but its own output on stdout", async () => {
    const version = await rootScript(["avala", "--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout).toBe(`${readManifest(join(REPO_ROOT, "packages/cli")).version}\n`);
    const list = await rootScript(["avala", "--json", "datasets", "list"], {
      AVALA_API_KEY: "avk_from_clone",
      AVALA_BASE_URL: apiUrl,
    });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([{ uid: "d-1", name: "From a clone" }]);
  });

  it("`pnpm -s avala-mcp --help` runs the MCP server's command", async () => {
    const help = await rootScript(["avala-mcp", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: avala-mcp/);
  });

  it("`pnpm tarballs @avala/node` prints an npm install command that installs it in another project", async () => {
    const packed = await rootScript(["tarballs", "@avala/node"]);
    expect(packed.code).toBe(0);
    const command = /^ {2}npm install (.+)$/m.exec(packed.stdout)?.[1];
    expect(command?.split(" ").map((f) => f.replace(/.*\//, ""))).toEqual([
      "avala-core-0.1.0.tgz",
      "avala-node-0.1.0.tgz",
      "avala-types-0.1.0.tgz",
    ]);
    writeFileSync(join(project, "package.json"), '{ "name": "app", "private": true, "type": "module" }\n');
    await execOk("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...command!.split(" ")], {
      cwd: project,
      env: consumerEnv(),
      timeoutMs: 10 * 60_000,
    });
    const used = await execOk(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        'const { createClient } = await import("@avala/node"); console.log(typeof createClient);',
      ],
      { cwd: project, env: consumerEnv() },
    );
    expect(used.stdout.trim()).toBe("function");
  });

  it("every package's README says how to get it from a clone, with root scripts that exist", () => {
    const scripts = Object.keys(
      (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { scripts: object }).scripts,
    );
    for (const pkg of publicPackages()) {
      const readme = readFileSync(join(pkg.dir, "README.md"), "utf8");
      expect(readme, pkg.name).toContain(`pnpm tarballs ${pkg.name}`);
      for (const [, script] of readme.matchAll(/`pnpm (?:-s )?([a-z][\w:-]*)[ `]/g)) {
        if (script === "install") continue;
        expect(scripts, `${pkg.name} README: pnpm ${script}`).toContain(script);
      }
    }
  });
});
