import { basename } from "node:path";
import { exec, execOk } from "./exec.ts";
import { type PublicPackage, pinnedPnpm, publicPackages, REPO_ROOT } from "./workspace.ts";

/** A packed package: what `npm publish` would upload. */
export interface Tarball {
  name: string;
  version: string;
  /** Absolute path of the .tgz. */
  file: string;
  /** Paths inside the tarball (without the `package/` prefix). */
  files: string[];
}

/** How to start pnpm: the one running us (turbo → pnpm run), else `pnpm` on PATH, else the pinned one via npx. */
export async function pnpmCommand(): Promise<[string, string[]]> {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/i.test(basename(execPath))) {
    return /\.c?js$/.test(execPath) ? [process.execPath, [execPath]] : [execPath, []];
  }
  const onPath = await exec("pnpm", ["--version"], { cwd: REPO_ROOT, env: process.env }).catch(() => null);
  if (onPath?.code === 0) return ["pnpm", []];
  return ["npx", ["-y", pinnedPnpm()]];
}

/**
 * `pnpm pack`s every public package into `destination`. pnpm (unlike npm) rewrites `workspace:*` and `catalog:`
 * ranges to the real versions, exactly as `pnpm publish` does, so the tarballs are what the registry would get.
 * The packages must be built (the turbo task depends on `^build`).
 */
export async function packAll(destination: string, packages: PublicPackage[] = publicPackages()) {
  const [command, prefix] = await pnpmCommand();
  return Promise.all(
    packages.map(async (pkg): Promise<Tarball> => {
      const { stdout } = await execOk(
        command,
        [...prefix, "pack", "--pack-destination", destination, "--json"],
        {
          cwd: pkg.dir,
          env: process.env,
        },
      );
      const out = JSON.parse(stdout) as {
        name: string;
        version: string;
        filename: string;
        files: { path: string }[];
      };
      return {
        name: out.name,
        version: out.version,
        file: out.filename,
        files: out.files.map((f) => f.path),
      };
    }),
  );
}
