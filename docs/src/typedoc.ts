import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { DOCS_ROOT } from "./site.ts";

/**
 * The packages' API reference, by TypeDoc with `typedoc.json` (every package's entry points, every exported symbol
 * documented): into `<outDir>/typescript`. Its warnings fail the build (`treatWarningsAsErrors`); the error names them.
 */
export async function writeTypeDoc(outDir: string): Promise<void> {
  // Its bin is not an exported subpath; its package.json is.
  const bin = join(dirname(createRequire(import.meta.url).resolve("typedoc/package.json")), "bin", "typedoc");
  try {
    await promisify(execFile)(
      process.execPath,
      [bin, "--options", "typedoc.json", "--out", join(outDir, "typescript")],
      {
        cwd: DOCS_ROOT,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`TypeDoc failed (every exported symbol needs its JSDoc):\n${stdout}${stderr}`);
  }
}
