import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/** The repository root (with a trailing separator). */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** This package's `fixtures/` folder: the consumer's files, copied into the scratch project. */
export const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** The parts of a package manifest the checks read. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  packageManager?: string;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
}

/** A published (non-private) package of `packages/`. */
export interface PublicPackage {
  name: string;
  version: string;
  dir: string;
  manifest: Manifest;
}

/** Every non-private package under `packages/`, sorted by name: what a release publishes. */
export function publicPackages(): PublicPackage[] {
  const root = join(REPO_ROOT, "packages");
  return readdirSync(root)
    .map((name) => join(root, name))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({ dir, manifest: readManifest(dir) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir, manifest }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The workspace catalog (`pnpm-workspace.yaml`): one exact version per shared dependency. */
export function catalog(): Record<string, string> {
  const doc = parse(readFileSync(join(REPO_ROOT, "pnpm-workspace.yaml"), "utf8")) as {
    catalog?: Record<string, string>;
  };
  return doc.catalog ?? {};
}

/** The workspace's `runtime` catalog: the ranges the published packages declare for their runtime dependencies. */
export function runtimeCatalog(): Record<string, string> {
  const doc = parse(readFileSync(join(REPO_ROOT, "pnpm-workspace.yaml"), "utf8")) as {
    catalogs?: Record<string, Record<string, string>>;
  };
  return doc.catalogs?.runtime ?? {};
}

/** The catalog's exact version of `name`; throws if the catalog does not pin it. */
export function catalogVersion(name: string): string {
  const version = catalog()[name];
  if (!version || !/^\d+\.\d+\.\d+/.test(version)) {
    throw new Error(`pnpm-workspace.yaml's catalog has no exact version of ${name} (found ${version})`);
  }
  return version;
}

/** `pnpm@x.y.z` from the root `packageManager` field. */
export function pinnedPnpm(): string {
  const pm = readManifest(REPO_ROOT).packageManager ?? "";
  if (!pm.startsWith("pnpm@")) throw new Error(`root package.json packageManager is not pnpm: "${pm}"`);
  return pm.split("+")[0]!;
}
