import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { compareSpecs, planReleases, updateSpec } from "../src/index.ts";
import { readReleasablePackages } from "../src/workspace.ts";
import {
  guardRepository,
  makeWorkspace,
  modifiedSpecText,
  removeWorkspace,
  repoSpec,
  runCli,
  type TempWorkspace,
} from "./helpers.ts";

guardRepository();

let ws: TempWorkspace;
beforeEach(() => {
  ws = makeWorkspace();
});
afterEach(() => removeWorkspace(ws));

function changesetFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".md"));
}

describe("spec:update", () => {
  it("writes a major changeset for @avala/types and the packages built on it, listing every change", async () => {
    const source = join(ws.root, "published.yaml");
    writeFileSync(source, modifiedSpecText());
    const out = join(ws.root, "changesets");
    const run = await runCli(
      ["update", "--file", source, "--spec", ws.spec, "--no-generate", "--changeset-dir", out],
      ws.root,
    );
    expect(run.stderr).toBe(
      "lint passed; wrote spec/avala.openapi.yaml, recorded provenance in spec/avala.openapi.provenance.json.\n",
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("(bump: major)");

    const [file] = changesetFiles(out);
    expect(file).toMatch(/^spec-update-[0-9a-f]{12}\.md$/);
    const changeset = readFileSync(join(out, file!), "utf8");
    const [, frontmatter, body] = changeset.split("---\n");
    // Every releasable package built on @avala/types (read from the workspace, so @avala/react once it exists).
    const bumps = frontmatter!.trim().split("\n");
    expect(bumps[0]).toBe('"@avala/types": major');
    expect(bumps).toEqual(
      expect.arrayContaining([
        '"@avala/core": major',
        '"@avala/node": major',
        '"@avala/cli": major',
        '"@avala/mcp": major',
      ]),
    );
    for (const line of bumps) expect(line).toMatch(/^"@avala\/[a-z-]+": major$/);
    expect(bumps.some((line) => line.includes("@avala-tools/") || line.includes("@avala-examples/"))).toBe(
      false,
    );
    expect(body).toContain("1 non-breaking");
    expect(body).toContain("Breaking changes:\n\n- `GET /datasets/{uid}/ (getDataset)`: operation removed\n");
    expect(body).toMatch(
      /- `schema WebhookDelivery › response_body_size`: type changed: integer → string \[response\]/,
    );
    expect(body).toContain(
      "Additions and other non-breaking changes:\n\n- `GET /datasets/{uid}/summary/ (getDatasetSummary)`: operation added\n",
    );
    expect(body).toContain(`Source: ${source} (fetched 20`);
  });

  it("refuses to generate from a --spec other than the one `pnpm generate` reads", async () => {
    const run = await runCli(["update", "--file", ws.spec, "--spec", ws.spec], ws.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error \[USAGE\]: --spec .* add --no-generate\.\n$/);
  });

  it("runs generate and typecheck, surfaces type errors, and still writes the changeset", async () => {
    const source = join(ws.root, "published.yaml");
    writeFileSync(source, modifiedSpecText());
    const logs: string[] = [];
    // Shaped like `turbo run typecheck` output: each line prefixed with its package and task.
    const fail =
      "console.log('@avala/core:typecheck: src/x.ts(1,7): error TS2322: no.\\n@avala/node:typecheck: src/y.ts(2,1): error TS2339: no.'); process.exit(2)";
    const result = await updateSpec({
      source: { kind: "file", path: source },
      root: ws.root,
      commands: {
        generate: [process.execPath, "-e", "console.log('generated')"],
        typecheck: [process.execPath, "-e", fail],
      },
      echo: false,
      log: (text) => logs.push(text),
    });
    expect(result.generate?.exitCode).toBe(0);
    expect(result.typecheck).toMatchObject({
      exitCode: 2,
      errorCount: 2,
      errorsByPackage: { "@avala/core": 1, "@avala/node": 1 },
    });
    expect(result.typecheck?.output).toContain("@avala/core:typecheck: src/x.ts(1,7): error TS2322");
    expect(result.changesetPath).toBeDefined();
    expect(changesetFiles(ws.changesetDir)).toHaveLength(1);
    expect(logs[0]).toContain("Spec change report: 2 breaking");
  });

  it("writes no changeset for a layout-only change, and nothing at all for identical content", async () => {
    const options = {
      source: { kind: "file" as const, path: ws.spec },
      root: ws.root,
      generate: false,
      log: () => {},
    };
    // The current spec laid out differently (top-level keys reversed, JSON style) and the same content as the
    // source: normalising rewrites the bytes, but the content, and so the release, does not change.
    writeFileSync(join(ws.root, "copy.yaml"), readFileSync(ws.spec));
    const doc = parse(readFileSync(ws.spec, "utf8")) as Record<string, unknown>;
    writeFileSync(ws.spec, JSON.stringify(Object.fromEntries(Object.entries(doc).reverse()), null, 1));
    const normalised = await updateSpec({
      ...options,
      source: { kind: "file", path: join(ws.root, "copy.yaml") },
    });
    expect(normalised.fetch.specChanged).toBe(true);
    expect(normalised.fetch.report.bump).toBe("none");
    expect(normalised.changesetPath).toBeUndefined();

    const result = await updateSpec(options);
    expect(result.fetch.specChanged).toBe(false);
    expect(result.changesetPath).toBeUndefined();
    expect(changesetFiles(ws.changesetDir)).toEqual([]);
  });
});

describe("release plan", () => {
  it("bumps minor for additions, patch (types only) for text changes, and picks up new dependents", () => {
    const before = repoSpec();
    const added = repoSpec();
    added.components.schemas.DatasetCreate.properties.color = { type: "string" };
    const text = repoSpec();
    text.paths["/datasets/"].get.summary = "List every dataset";

    // A package that depends on @avala/core at run time (as @avala/react does) is bumped with it; one that only
    // has it as a dev dependency is not.
    for (const [name, field] of [
      ["zz-hooks", "dependencies"],
      ["zz-dev-only", "devDependencies"],
    ] as const) {
      mkdirSync(join(ws.root, "packages", name));
      writeFileSync(
        join(ws.root, "packages", name, "package.json"),
        JSON.stringify({
          name: `@avala/${name}`,
          version: "0.0.0",
          [field]: { "@avala/core": "workspace:*" },
        }),
      );
    }
    const packages = readReleasablePackages(ws.root);
    expect(packages.map((p) => p.name)).toEqual(
      expect.arrayContaining(["@avala/core", "@avala/types", "@avala/zz-hooks"]),
    );
    expect(packages.some((p) => p.name.startsWith("@avala-tools/"))).toBe(false);

    const minor = planReleases(compareSpecs(before, added), packages);
    expect(minor[0]).toEqual({ name: "@avala/types", bump: "minor" });
    expect(minor).toEqual(
      expect.arrayContaining([
        { name: "@avala/core", bump: "minor" },
        { name: "@avala/node", bump: "minor" },
        { name: "@avala/cli", bump: "minor" },
        { name: "@avala/mcp", bump: "minor" },
      ]),
    );
    expect(minor).toContainEqual({ name: "@avala/zz-hooks", bump: "minor" });
    expect(minor.map((r) => r.name)).not.toContain("@avala/zz-dev-only");
    expect(planReleases(compareSpecs(before, text), packages)).toEqual([
      { name: "@avala/types", bump: "patch" },
    ]);
    expect(planReleases(compareSpecs(before, structuredClone(before)), packages)).toEqual([]);
    expect(stringify(before)).toBe(stringify(repoSpec()));
  });
});
