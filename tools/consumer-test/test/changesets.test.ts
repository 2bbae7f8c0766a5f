import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { exec } from "../src/exec.ts";
import { Timings } from "../src/timings.ts";
import { type Manifest, publicPackages, REPO_ROOT, readManifest } from "../src/workspace.ts";

// A dry run of the release's versioning step: `changeset version` with the real CLI and the real
// .changeset/config.json, on a git-free temp copy of the workspace's manifests plus a sample changeset. Checks
// the bumps (including dependents via `updateInternalDependencies`) and the changelogs. The repository's own
// .changeset folder and package versions are never touched.

const timings = new Timings("@avala-tools/consumer-test: changesets.test.ts");
const CLI = join(REPO_ROOT, "node_modules", "@changesets", "cli", "bin.js");

const SAMPLE_CHANGESET = `---
"@avala/core": minor
"@avala/types": patch
---

Add \`client.example()\` (consumer-test sample changeset).
`;

/** Every workspace package folder, from the globs of pnpm-workspace.yaml (`dir/*` and `dir` forms). */
function workspaceDirs(): string[] {
  const doc = parse(readFileSync(join(REPO_ROOT, "pnpm-workspace.yaml"), "utf8")) as { packages: string[] };
  return doc.packages.flatMap((glob) => {
    if (glob.endsWith("/*")) {
      const parent = glob.slice(0, -2);
      if (!existsSync(join(REPO_ROOT, parent))) return [];
      return readdirSync(join(REPO_ROOT, parent)).map((name) => `${parent}/${name}`);
    }
    return [glob];
  });
}

/** A fingerprint of what the test must never change in the repository. */
function repoFingerprint(): string {
  const hash = createHash("sha256");
  const changesetDir = join(REPO_ROOT, ".changeset");
  for (const file of readdirSync(changesetDir).sort()) {
    hash.update(file).update(readFileSync(join(changesetDir, file)));
  }
  for (const pkg of publicPackages()) {
    hash.update(readFileSync(join(pkg.dir, "package.json")));
    hash.update(String(existsSync(join(pkg.dir, "CHANGELOG.md"))));
  }
  return hash.digest("hex");
}

let root: string;
let before: string;
let versionRun: Awaited<ReturnType<typeof exec>>;
const original = new Map(publicPackages().map((p) => [p.name, p]));

function manifestIn(name: string): Manifest {
  const pkg = original.get(name);
  if (!pkg) throw new Error(`${name} is not a public package`);
  return readManifest(join(root, pkg.dir.slice(REPO_ROOT.length)));
}

function changelogOf(name: string): string {
  const pkg = original.get(name)!;
  const file = join(root, pkg.dir.slice(REPO_ROOT.length), "CHANGELOG.md");
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

beforeAll(async () => {
  before = repoFingerprint();
  root = mkdtempSync(join(tmpdir(), "avala-changesets-"));
  for (const file of ["package.json", "pnpm-workspace.yaml", ".changeset/config.json"]) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(REPO_ROOT, file), join(root, file));
  }
  for (const dir of workspaceDirs()) {
    if (!existsSync(join(REPO_ROOT, dir, "package.json"))) continue;
    mkdirSync(join(root, dir), { recursive: true });
    cpSync(join(REPO_ROOT, dir, "package.json"), join(root, dir, "package.json"));
  }
  // The changelog generator named in config.json (@changesets/changelog-git) is resolved from the copy.
  symlinkSync(join(REPO_ROOT, "node_modules"), join(root, "node_modules"), "dir");
  writeFileSync(join(root, ".changeset", "consumer-test-sample.md"), SAMPLE_CHANGESET);

  versionRun = await exec(process.execPath, [CLI, "version"], { cwd: root, timeoutMs: 120_000 });
  timings.add("changeset version (temp copy)", versionRun.ms);
}, 180_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  timings.print();
});

describe("changeset version on a copy of the workspace", () => {
  it("runs without git and consumes the changeset", () => {
    expect(versionRun.code, versionRun.stdout + versionRun.stderr).toBe(0);
    expect(existsSync(join(root, ".changeset", "consumer-test-sample.md"))).toBe(false);
    expect(existsSync(join(root, ".git"))).toBe(false);
  });

  it("bumps @avala/core minor and @avala/types patch", () => {
    expect(manifestIn("@avala/core").version).toBe(bump(original.get("@avala/core")!.version, "minor"));
    expect(manifestIn("@avala/types").version).toBe(bump(original.get("@avala/types")!.version, "patch"));
  });

  it("patches the dependents @avala/node and @avala/react (updateInternalDependencies), keeping workspace:*", () => {
    for (const name of ["@avala/node", "@avala/react"]) {
      expect(manifestIn(name).version, name).toBe(bump(original.get(name)!.version, "patch"));
      expect(manifestIn(name).dependencies).toMatchObject({
        "@avala/core": "workspace:*",
        "@avala/types": "workspace:*",
      });
    }
  });

  it("leaves private tools and examples alone", () => {
    for (const dir of workspaceDirs()) {
      if (!existsSync(join(REPO_ROOT, dir, "package.json"))) continue;
      const manifest = readManifest(join(REPO_ROOT, dir));
      if (manifest.private !== true) continue;
      expect(readManifest(join(root, dir)).version, dir).toBe(manifest.version);
      expect(existsSync(join(root, dir, "CHANGELOG.md")), dir).toBe(false);
    }
  });

  it("writes CHANGELOG.md entries: the summary for core and types, the dependency update for node and react", () => {
    const core = changelogOf("@avala/core");
    expect(core).toMatch(
      new RegExp(`^# @avala/core\\n\\n## ${escapeRegExp(manifestIn("@avala/core").version)}\\n`),
    );
    expect(core).toContain("### Minor Changes");
    expect(core).toContain("Add `client.example()` (consumer-test sample changeset).");

    const types = changelogOf("@avala/types");
    expect(types).toContain(`## ${manifestIn("@avala/types").version}`);
    expect(types).toContain("### Patch Changes");
    expect(types).toContain("Add `client.example()`");

    for (const name of ["@avala/node", "@avala/react"]) {
      const log = changelogOf(name);
      expect(log, name).toContain(`## ${manifestIn(name).version}`);
      expect(log, name).toContain("Updated dependencies");
      expect(log, name).toContain(`@avala/core@${manifestIn("@avala/core").version}`);
      expect(log, name).toContain(`@avala/types@${manifestIn("@avala/types").version}`);
    }
  });

  it("left the repository's .changeset folder, versions and changelogs unchanged", () => {
    expect(repoFingerprint()).toBe(before);
  });
});

function bump(version: string, type: "minor" | "patch"): string {
  const [major, minor, patch] = version.split(".").map(Number) as [number, number, number];
  return type === "minor" ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
