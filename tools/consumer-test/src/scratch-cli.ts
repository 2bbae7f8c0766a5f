// `pnpm --filter @avala-tools/consumer-test scratch`: packs the built packages and installs them into a scratch
// consumer project (the same one the tests use) and leaves it in place, to reproduce a failing check by hand.
import { createScratchProject } from "./scratch.ts";
import { Timings } from "./timings.ts";

const timings = new Timings("scratch consumer project");
const project = await createScratchProject(timings);
timings.print();
process.stdout.write(
  `\n${project.dir}\n  node runtime/esm.mjs | node runtime/cjs.cjs | npx avala --help\n` +
    "  npx tsc -p tsconfig.node16.json (after copying types/consumer.ts to .mts and .cts)\n" +
    "  npx tsc -p tsconfig.bundler.json | npx vite build\nRemove it when done.\n",
);
