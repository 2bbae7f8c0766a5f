// `pnpm tarballs [@avala/<name> …]` (at the repository root): packs the named packages (default: every public
// one) and the @avala packages they depend on into <repository>/tarballs/, as `pnpm publish` would upload them,
// and prints the `npm install` command that installs them in another project. Until the packages are on the
// npm registry, this is how an application outside the workspace gets them from a clone.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { packAll } from "./pack.ts";
import { publicPackages, REPO_ROOT } from "./workspace.ts";

const packages = new Map(publicPackages().map((p) => [p.name, p]));
const asked = process.argv.slice(2).filter((arg) => arg !== "--");
const unknown = asked.filter((name) => !packages.has(name));
if (unknown.length > 0) {
  process.stderr.write(
    `tarballs: no package ${unknown.join(", ")}; choose from ${[...packages.keys()].join(", ")}\n`,
  );
  process.exit(2);
}
const wanted = new Set<string>();
const add = (name: string) => {
  if (wanted.has(name)) return;
  wanted.add(name);
  for (const dependency of Object.keys(packages.get(name)?.manifest.dependencies ?? {})) {
    if (packages.has(dependency)) add(dependency);
  }
};
for (const name of asked.length > 0 ? asked : packages.keys()) add(name);

const dir = join(REPO_ROOT, "tarballs");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir);
const tarballs = await packAll(
  dir,
  [...packages.values()].filter((p) => wanted.has(p.name)),
);
process.stdout.write(
  `Packed ${tarballs.map((t) => `${t.name}@${t.version}`).join(", ")} into ${dir}.\n` +
    "Install them in your project (add -g for the avala and avala-mcp commands) with:\n\n" +
    `  npm install ${tarballs.map((t) => t.file).join(" ")}\n`,
);
