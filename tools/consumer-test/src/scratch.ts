import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative } from "node:path";
import { consumerEnv, execOk } from "./exec.ts";
import { packAll, type Tarball } from "./pack.ts";
import type { Timings } from "./timings.ts";
import { catalogVersion, FIXTURES, REPO_ROOT } from "./workspace.ts";

/**
 * Registry packages the consumer project installs next to the tarballs, at exact versions: the peers of
 * `@avala/react`, the type packages a strict TypeScript consumer needs, and the tools of the checks. Versions
 * come from the workspace catalog, so the consumer uses what the packages are developed and tested with.
 */
export const REGISTRY_DEPENDENCIES = [
  "react",
  "react-dom",
  "@tanstack/react-query",
  "@types/react",
  "@types/react-dom",
  "@types/node",
  "typescript",
  "vite",
  "@vitejs/plugin-react",
] as const;

/** What else a scratch project gets (see {@link createScratchProject}). */
export interface ScratchOptions {
  /** More registry packages, installed at the catalog's exact versions. */
  extraDependencies?: readonly string[];
  /** The folder copied into the project. Default {@link FIXTURES}. */
  fixtures?: string;
}

/** A consumer project in the OS temp dir, outside the workspace, with the packed packages installed. */
export interface ScratchProject {
  dir: string;
  tarballs: Tarball[];
  /** Removes the project unless `CONSUMER_TEST_KEEP=1` (then prints where it is, for debugging). */
  dispose(): void;
}

/**
 * Packs the public packages, creates a scratch project in the OS temp dir and `npm install`s the tarballs and
 * {@link REGISTRY_DEPENDENCIES} into it — the way an application installs the SDK from the registry. npm
 * `overrides` pin every `@avala/*` package to its tarball, so a dependency between them (`@avala/node` →
 * `@avala/core@0.1.0`) can never be fetched from the registry instead.
 */
export async function createScratchProject(
  timings: Timings,
  options: ScratchOptions = {},
): Promise<ScratchProject> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "avala-consumer-")));
  const fromRepo = relative(REPO_ROOT, dir);
  if (!fromRepo.startsWith("..") && !isAbsolute(fromRepo)) {
    throw new Error(`the scratch project ${dir} must be outside the workspace ${REPO_ROOT}`);
  }
  const tarballDir = join(dir, "tarballs");
  mkdirSync(tarballDir);
  const tarballs = await timings.time("pnpm pack", () => packAll(tarballDir));

  const local = Object.fromEntries(
    tarballs.map((t) => [t.name, `file:./tarballs/${relative(tarballDir, t.file)}`]),
  );
  const manifest = {
    name: "avala-consumer",
    version: "0.0.0",
    private: true,
    dependencies: {
      ...local,
      ...Object.fromEntries(
        [...REGISTRY_DEPENDENCIES, ...(options.extraDependencies ?? [])].map((name) => [
          name,
          catalogVersion(name),
        ]),
      ),
    },
    overrides: Object.fromEntries(tarballs.map((t) => [t.name, `$${t.name}`])),
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  cpSync(options.fixtures ?? FIXTURES, dir, { recursive: true });

  await timings.time("npm install (tarballs + registry)", () =>
    execOk("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: dir,
      env: consumerEnv(),
      timeoutMs: 10 * 60_000,
    }),
  );
  return {
    dir,
    tarballs,
    dispose() {
      if (process.env.CONSUMER_TEST_KEEP === "1") process.stderr.write(`\nscratch project kept: ${dir}\n`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The installed manifest of `name` in the scratch project. */
export function installedManifest(project: ScratchProject, name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(project.dir, "node_modules", name, "package.json"), "utf8"));
}
