import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/** The monorepo root: the nearest folder above this package that holds pnpm-workspace.yaml. */
export function findWorkspaceRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = parent;
  }
}

/** Where the repository keeps its spec, relative to the workspace root. */
export const SPEC_RELATIVE_PATH = "spec/avala.openapi.yaml";

/**
 * Resolves a path the user typed. `pnpm <script>` runs root scripts in the workspace root, so a relative path
 * is taken from INIT_CWD (the folder the user ran pnpm in) when pnpm sets it.
 */
export function resolveUserPath(path: string, env: NodeJS.ProcessEnv = process.env): string {
  if (isAbsolute(path)) return path;
  return resolve(env.INIT_CWD ?? process.cwd(), path);
}

/** A publishable workspace package and the workspace packages it depends on at run time. */
export interface WorkspacePackage {
  name: string;
  dir: string;
  runtimeDependencies: string[];
}

/**
 * The packages a changeset may name: the workspace's non-private packages that `.changeset/config.json` does
 * not ignore. Read from pnpm-workspace.yaml so a new package (e.g. `@avala/react`) is picked up without code
 * changes.
 */
export function readReleasablePackages(root: string): WorkspacePackage[] {
  const workspace = parse(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")) as { packages?: string[] };
  const ignore = readChangesetIgnore(root);
  const packages: WorkspacePackage[] = [];
  for (const dir of expandWorkspaceGlobs(root, workspace.packages ?? [])) {
    const manifestPath = join(dir, "package.json");
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, unknown>;
    const name = manifest.name;
    if (typeof name !== "string" || manifest.private === true) continue;
    if (ignore.some((pattern) => pattern.test(name))) continue;
    const runtime = ["dependencies", "peerDependencies", "optionalDependencies"].flatMap((field) =>
      Object.keys((manifest[field] as Record<string, string> | undefined) ?? {}),
    );
    packages.push({ name, dir, runtimeDependencies: runtime });
  }
  return packages;
}

/**
 * `seed` plus every releasable package that depends on it at run time, transitively: the packages whose
 * public types are derived from the generated types.
 */
export function dependentsOf(seed: string, packages: WorkspacePackage[]): string[] {
  const found = new Set([seed]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const pkg of packages) {
      if (found.has(pkg.name)) continue;
      if (pkg.runtimeDependencies.some((dep) => found.has(dep))) {
        found.add(pkg.name);
        grew = true;
      }
    }
  }
  return [seed, ...packages.map((p) => p.name).filter((name) => name !== seed && found.has(name))];
}

// pnpm-workspace.yaml here only uses "dir/*" and literal folders; that is all this expands.
function expandWorkspaceGlobs(root: string, globs: string[]): string[] {
  const dirs: string[] = [];
  for (const glob of globs) {
    if (glob.startsWith("!")) continue;
    if (glob.endsWith("/*")) {
      const parent = join(root, glob.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of readdirSync(parent, { withFileTypes: true }).sort((a, b) =>
        a.name.localeCompare(b.name),
      )) {
        if (entry.isDirectory()) dirs.push(join(parent, entry.name));
      }
    } else {
      dirs.push(join(root, glob));
    }
  }
  return dirs;
}

function readChangesetIgnore(root: string): RegExp[] {
  const configPath = join(root, ".changeset", "config.json");
  if (!existsSync(configPath)) return [];
  const config = JSON.parse(readFileSync(configPath, "utf8")) as { ignore?: string[] };
  return (config.ignore ?? []).map(
    (pattern) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`),
  );
}
