import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumerEnv, execOk, withPathFirst } from "../src/exec.ts";
import { type NodeRuntime, nodeRuntime, SUPPORTED_NODE_MAJORS } from "../src/node-runtimes.ts";
import { packAll } from "../src/pack.ts";
import { Timings } from "../src/timings.ts";
import { publicPackages } from "../src/workspace.ts";

// @avala/cli as a user gets it: its tarball installed on its own (with the tarballs of the @avala packages it
// depends on, everything else from the registry) in a project outside the workspace, then `npx @avala/cli --help`,
// `npx avala --help` and one real command against a local HTTP server, on every supported Node.

const timings = new Timings("@avala-tools/consumer-test: cli.test.ts");
/** @avala/cli and the @avala packages it depends on, read from its manifest (all installed from their tarballs). */
const CLI_AND_DEPENDENCIES = [
  "@avala/cli",
  ...Object.keys(
    (
      publicPackages().find((p) => p.name === "@avala/cli")!.manifest as {
        dependencies: Record<string, string>;
      }
    ).dependencies,
  ).filter((name) => name.startsWith("@avala/")),
];
let dir: string;
let api: Server;
let apiUrl: string;
const seenKeys: (string | undefined)[] = [];
const runtimes = new Map<number, NodeRuntime>();

beforeAll(async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "avala-consumer-cli-")));
  const tarballDir = join(dir, "tarballs");
  const packages = publicPackages().filter((p) => CLI_AND_DEPENDENCIES.includes(p.name));
  const tarballs = await timings.time("pnpm pack (cli and its @avala dependencies)", async () => {
    mkdirSync(tarballDir);
    return packAll(tarballDir, packages);
  });
  const local = (name: string) =>
    `file:./tarballs/${relative(tarballDir, tarballs.find((t) => t.name === name)!.file)}`;
  const manifest = {
    name: "avala-cli-consumer",
    version: "0.0.0",
    private: true,
    dependencies: { "@avala/cli": local("@avala/cli") },
    // Its @avala dependencies come from their tarballs, never from the registry.
    overrides: Object.fromEntries(
      CLI_AND_DEPENDENCIES.filter((n) => n !== "@avala/cli").map((n) => [n, local(n)]),
    ),
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const [, ...prepared] = await Promise.all([
    timings.time("npm install @avala/cli", () =>
      execOk("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: dir,
        env: consumerEnv(),
        timeoutMs: 10 * 60_000,
      }),
    ),
    ...SUPPORTED_NODE_MAJORS.map((major) => nodeRuntime(major)),
  ]);
  for (const rt of prepared) runtimes.set(rt.major, rt);
  // A stand-in for the API's dataset list: the command's one request, answered with a one-item page.
  api = createServer((req, res) => {
    seenKeys.push(req.headers["x-avala-api-key"] as string | undefined);
    if (req.method === "GET" && req.url?.startsWith("/api/v1/datasets/")) {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({ next: null, previous: null, results: [{ uid: "d-1", name: "From the tarball" }] }),
      );
    } else res.writeHead(404, { "Content-Type": "application/json" }).end('{"detail":"Not found."}');
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/api/v1`;
}, 20 * 60_000);

afterAll(async () => {
  await new Promise((resolve) => api?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
  timings.print();
});

describe.each(SUPPORTED_NODE_MAJORS)("@avala/cli on Node %i", (major) => {
  it("runs `npx @avala/cli --help`, `npx avala --help` and `avala datasets list`", async () => {
    const rt = runtimes.get(major)!;
    // `#!/usr/bin/env node` (npx and the bin) must find this runtime first on PATH.
    const env = withPathFirst(consumerEnv(), dirname(rt.bin));
    expect((await execOk("node", ["--version"], { cwd: dir, env })).stdout.trim()).toBe(rt.version);
    const started = performance.now();
    for (const command of ["@avala/cli", "avala"]) {
      const help = await execOk("npx", ["--yes=false", command, "--help"], { cwd: dir, env });
      expect(help.stdout).toContain("Usage: avala");
      expect(help.stdout).toContain("fleet-devices");
    }
    const list = await execOk("npx", ["--yes=false", "avala", "--json", "datasets", "list"], {
      cwd: dir,
      env: { ...env, AVALA_API_KEY: "avk_consumer_cli", AVALA_BASE_URL: apiUrl },
    });
    expect(JSON.parse(list.stdout)).toEqual([{ uid: "d-1", name: "From the tarball" }]);
    expect(seenKeys.at(-1)).toBe("avk_consumer_cli");
    timings.add(`Node ${rt.version}: npx @avala/cli (3 runs)`, performance.now() - started);
  });
});
