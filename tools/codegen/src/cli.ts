import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildCatalog } from "./catalog.ts";
import { renderOpenApiTypes } from "./openapi-types.ts";
import { extractMetadata } from "./operations.ts";
import { renderIndex, renderMetadata } from "./render.ts";
import { renderCatalog } from "./render-catalog.ts";
import { renderMigration } from "./render-migration.ts";
import { renderResources } from "./render-resources.ts";
import { readSpec } from "./spec.ts";

const USAGE =
  "usage: avala-codegen <spec.yaml> <output-dir> [--check] [--core | --migration]\n" +
  "  writes @avala/types' generated modules; with --core @avala/core's resource methods (resources.ts);\n" +
  "  with --migration @avala/node's MIGRATING.md";

async function main(argv: string[]): Promise<number> {
  const check = argv.includes("--check");
  const core = argv.includes("--core");
  const migration = argv.includes("--migration");
  const [specFile, outDir] = argv.filter((a) => !a.startsWith("--"));
  if (!specFile || !outDir) {
    console.error(USAGE);
    return 2;
  }
  const doc = await readSpec(specFile);
  const files = core
    ? new Map([[join(outDir, "resources.ts"), renderResources(buildCatalog(doc), doc)]])
    : migration
      ? new Map([[join(outDir, "MIGRATING.md"), renderMigration(buildCatalog(doc))]])
      : new Map([
          [join(outDir, "openapi.ts"), await renderOpenApiTypes(specFile)],
          [join(outDir, "metadata.ts"), renderMetadata(extractMetadata(doc))],
          [join(outDir, "catalog.ts"), renderCatalog(buildCatalog(doc))],
          [join(outDir, "index.ts"), renderIndex()],
        ]);
  if (check) {
    let stale = 0;
    for (const [target, source] of files) {
      const current = await readFile(target, "utf8").catch(() => null);
      if (current === source) {
        console.log(`${target} is up to date.`);
      } else {
        console.error(
          `${target} is stale: it does not match ${specFile}. Run \`pnpm generate\` and commit the result.`,
        );
        stale++;
      }
    }
    return stale === 0 ? 0 : 1;
  }
  await mkdir(outDir, { recursive: true });
  for (const [target, source] of files) {
    await writeFile(target, source);
    console.log(`wrote ${target}`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
