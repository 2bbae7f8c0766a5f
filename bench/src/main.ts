/**
 * `pnpm bench`: runs every benchmark, prints the results table and writes RESULTS.md.
 * `--smoke` (or BENCH_SMOKE=1): tiny sizes, no RESULTS.md. `--only=<text>`: benchmarks whose title contains it.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { renderText } from "./harness/report.js";
import { figuresOfReadmes } from "./readme-figures.js";
import { renderResultsMarkdown, runBenchmarks } from "./run.js";

const { values } = parseArgs({
  options: { smoke: { type: "boolean", default: false }, only: { type: "string" } },
});
const smoke = values.smoke || process.env.BENCH_SMOKE === "1";
const results = await runBenchmarks({
  smoke,
  ...(values.only ? { only: values.only } : {}),
  onStart: (b) => console.error(`running ${b.title}…`),
});
const { machine } = results;
console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}\n`);
console.log(renderText([...results.byBenchmark.values()].flat()));
if (!smoke && !values.only) {
  const path = fileURLToPath(new URL("../RESULTS.md", import.meta.url));
  writeFileSync(path, renderResultsMarkdown(results));
  console.log(`\nwrote ${path}`);
  // The READMEs' figure blocks follow the new results (test/readme-figures.test.ts holds them to it).
  for (const readme of figuresOfReadmes()) {
    if (readme.generated === readme.current) continue;
    writeFileSync(fileURLToPath(new URL(`../../${readme.path}`, import.meta.url)), readme.generated);
    console.log(`updated ${readme.path}`);
  }
}
// Keep-alive sockets and agents of the clients under test must not hold the process open.
process.exit(0);
