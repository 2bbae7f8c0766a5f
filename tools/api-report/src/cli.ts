import { runApiReport } from "./index.ts";

const update = process.argv.includes("--update");
const { results, stale, ok } = runApiReport({ packageDir: process.cwd(), update });

for (const { entry, changed, errors } of results) {
  for (const error of errors) console.error(`${entry.subpath}: ${error}`);
  if (changed && !update) {
    console.error(
      `${entry.subpath}: the public API differs from etc/${entry.reportFile}. If the change is intended, run ` +
        "`pnpm api:update` and commit the report (and say so in a changeset).",
    );
  } else if (changed) {
    console.log(`${entry.subpath}: etc/${entry.reportFile} updated`);
  }
}
for (const file of stale) {
  console.error(`etc/${file} belongs to no exported entry point: run \`pnpm api:update\` to remove it.`);
}
if (ok && !update)
  console.log(`API reports up to date (${results.map((r) => r.entry.reportFile).join(", ")})`);
process.exitCode = ok ? 0 : 1;
