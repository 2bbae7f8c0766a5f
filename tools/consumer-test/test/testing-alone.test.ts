import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumerEnv, execOk } from "../src/exec.ts";
import { packAll } from "../src/pack.ts";
import { Timings } from "../src/timings.ts";
import { publicPackages } from "../src/workspace.ts";

// `npm install --save-dev @avala/testing` and nothing else, as its README says: the project does not install
// @avala/node or @avala/core itself, yet `startAvalaMock` and `createTestClient` work. The @avala packages come
// from their tarballs (npm overrides), everything else from the registry.

const timings = new Timings("@avala-tools/consumer-test: testing-alone.test.ts");
const TESTING_AND_DEPENDENCIES = ["@avala/testing", "@avala/node", "@avala/core", "@avala/types"];
let dir: string;

beforeAll(async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "avala-consumer-testing-")));
  const tarballDir = join(dir, "tarballs");
  mkdirSync(tarballDir);
  const packages = publicPackages().filter((p) => TESTING_AND_DEPENDENCIES.includes(p.name));
  const tarballs = await timings.time("pnpm pack (testing and its @avala dependencies)", () =>
    packAll(tarballDir, packages),
  );
  const local = (name: string) =>
    `file:./tarballs/${relative(tarballDir, tarballs.find((t) => t.name === name)!.file)}`;
  const manifest = {
    name: "avala-testing-alone",
    version: "0.0.0",
    private: true,
    type: "module",
    devDependencies: { "@avala/testing": local("@avala/testing") },
    overrides: Object.fromEntries(
      TESTING_AND_DEPENDENCIES.filter((n) => n !== "@avala/testing").map((n) => [n, local(n)]),
    ),
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(
    join(dir, "smoke.mjs"),
    [
      'import { createTestClient, startAvalaMock } from "@avala/testing";',
      "const mock = await startAvalaMock();",
      "try {",
      "  const page = await createTestClient({ baseUrl: mock.url }).GET('/datasets/');",
      "  console.log(page.results[0].name);",
      "} finally {",
      "  await mock.stop();",
      "}",
      "",
    ].join("\n"),
  );
  await timings.time("npm install --save-dev @avala/testing", () =>
    execOk("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: dir,
      env: consumerEnv(),
      timeoutMs: 10 * 60_000,
    }),
  );
}, 20 * 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  timings.print();
});

describe("@avala/testing installed on its own", () => {
  it("starts the mock and answers createTestClient() without the project installing @avala/node", async () => {
    const result = await execOk(process.execPath, ["smoke.mjs"], { cwd: dir, env: consumerEnv() });
    expect(result.stdout.trim()).toBe("Highway LiDAR 2026");
  });
});
