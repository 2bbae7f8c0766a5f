// `pnpm --filter @avala-tools/readme-check check:readmes` (part of `pnpm test`): type-checks every TypeScript
// block of every README.md of the repository, then runs the blocks marked `run` against a Prism mock of the API
// (`startAvalaMock` of @avala/testing). Prints each problem as `README:line: message`; exits 1 if there is any.
import { join } from "node:path";
import { startAvalaMock } from "@avala/testing";
import { readmeBlocks } from "./readmes.js";
import { runBlocks, runVitestBlocks } from "./run.js";
import { type Finding, PACKAGE_ROOT, typeCheck } from "./typecheck.js";

const REPO_ROOT = join(PACKAGE_ROOT, "..", "..");
const blocks = readmeBlocks(REPO_ROOT);
const report = (findings: Finding[]) => {
  for (const f of findings) process.stderr.write(`${f.file}:${f.line}: ${f.message}\n`);
};

const typeErrors = typeCheck(blocks, PACKAGE_ROOT);
report(typeErrors);
let runErrors: Finding[] = [];
if (typeErrors.length === 0) {
  const mock = await startAvalaMock();
  try {
    const env = {
      AVALA_API_KEY: "avk_readme_check_0000",
      AVALA_BASE_URL: mock.url,
      AVALA_MOCK_URL: mock.url,
    };
    runErrors = [
      ...(await runBlocks(blocks, PACKAGE_ROOT, env)),
      // The Vitest blocks start their own mock through the README's global setup.
      ...(await runVitestBlocks(blocks, PACKAGE_ROOT, {})),
    ];
  } finally {
    await mock.stop();
  }
  report(runErrors);
}
const runs = blocks.filter((b) => b.flags.has("run") || b.flags.has("vitest")).length;
process.stdout.write(
  `readme-check: ${blocks.length} TypeScript blocks in ${new Set(blocks.map((b) => b.file)).size} READMEs ` +
    `type-checked (${blocks.filter((b) => b.flags.has("fragment")).length} fragments in their context), ${runs} run: ` +
    `${typeErrors.length + runErrors.length === 0 ? "all good" : `${typeErrors.length + runErrors.length} problem(s)`}.\n`,
);
process.exitCode = typeErrors.length + runErrors.length === 0 ? 0 : 1;
