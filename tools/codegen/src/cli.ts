import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { extractMetadata } from "./operations.ts";
import { renderMetadata } from "./render.ts";
import { readSpec } from "./spec.ts";

const USAGE = "usage: avala-codegen <spec.yaml> <output-dir> [--check]";

async function main(argv: string[]): Promise<number> {
  const check = argv.includes("--check");
  const [specFile, outDir] = argv.filter((a) => a !== "--check");
  if (!specFile || !outDir) {
    console.error(USAGE);
    return 2;
  }
  const source = renderMetadata(extractMetadata(await readSpec(specFile)));
  const target = join(outDir, "metadata.ts");
  if (check) {
    const current = await readFile(target, "utf8").catch(() => null);
    if (current !== source) {
      console.error(
        `${target} is stale: it does not match ${specFile}. Run \`pnpm generate\` and commit the result.`,
      );
      return 1;
    }
    console.log(`${target} is up to date.`);
    return 0;
  }
  await mkdir(outDir, { recursive: true });
  await writeFile(target, source);
  console.log(`wrote ${target}`);
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
