import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execOk } from "../src/exec.ts";
import { createScratchProject, installedManifest, type ScratchProject } from "../src/scratch.ts";
import { Timings } from "../src/timings.ts";
import { catalog } from "../src/workspace.ts";

// @avala/testing the way a user gets it: the packed tarballs npm-installed into a project outside the
// workspace, with the user's own test tools, and the project's Vitest run — the global setup's mock,
// startAvalaMock with a 429-then-200 scenario, and the MSW handlers in a jsdom React test of @avala/react.

const timings = new Timings("@avala-tools/consumer-test: testing.test.ts");
let project: ScratchProject;

beforeAll(async () => {
  project = await createScratchProject(timings, {
    fixtures: fileURLToPath(new URL("../testing-fixtures/", import.meta.url)),
    extraDependencies: ["vitest", "jsdom", "msw", "@testing-library/react", "@testing-library/dom"],
  });
}, 20 * 60_000);

afterAll(() => {
  project?.dispose();
  timings.print();
});

describe("@avala/testing installed with npm", () => {
  it("gets the Prism versions that run on Node 20 without any overrides of the user's", () => {
    // pnpm's overrides of this workspace do not reach npm users: the direct dependencies of @avala/testing
    // must make npm pick the pinned releases for Prism's ^ ranges.
    const pins = catalog();
    const manifest = JSON.parse(readFileSync(join(project.dir, "package.json"), "utf8")) as {
      overrides: Record<string, string>;
    };
    expect(Object.keys(manifest.overrides).filter((name) => name.startsWith("@stoplight"))).toEqual([]);
    for (const name of ["@stoplight/prism-core", "@stoplight/prism-http", "@stoplight/prism-http-server"]) {
      expect(installedManifest(project, name).version, name).toBe(pins[name]);
      const nested = join(project.dir, "node_modules", "@stoplight", "prism-cli", "node_modules", name);
      expect(existsSync(nested), `${name} nested under prism-cli`).toBe(false);
    }
    expect(installedManifest(project, "@stoplight/prism-cli").version).toBe(pins["@stoplight/prism-cli"]);
  });

  it("bundles the spec of the @avala/types it was released with", () => {
    const bundled = join(project.dir, "node_modules", "@avala", "testing", "dist", "avala.openapi.yaml");
    const repository = fileURLToPath(new URL("../../../spec/avala.openapi.yaml", import.meta.url));
    expect(readFileSync(bundled, "utf8")).toBe(readFileSync(repository, "utf8"));
    expect(installedManifest(project, "@avala/testing").dependencies).toMatchObject({
      "@avala/types": installedManifest(project, "@avala/types").version,
    });
  });

  it("runs the user's Vitest suite: global setup, startAvalaMock with 429 then 200, MSW in jsdom", async () => {
    const vitest = join(project.dir, "node_modules", "vitest", "vitest.mjs");
    const result = await execOk(process.execPath, [vitest, "run", "--reporter=verbose"], {
      cwd: project.dir,
      timeoutMs: 10 * 60_000,
    });
    timings.add("vitest run (user's suite)", result.ms);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing terminal colour codes is the point
    const out = (result.stdout + result.stderr).replace(/\u001b\[[0-9;]*m/g, "");
    for (const name of [
      "the global setup's mock answers createTestClient() with the spec's examples",
      "startAvalaMock + a 429-then-200 scenario: the client retries and succeeds",
      "renders the spec's example dataset",
      "shows the not-found state when one test overrides the handler",
    ]) {
      expect(out).toMatch(new RegExp(`✓ .*${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    }
    expect(out).toMatch(/Tests\s+4 passed \(4\)/);
  });
});
