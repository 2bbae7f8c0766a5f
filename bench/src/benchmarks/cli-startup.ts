import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { atMost, type Benchmark, type Figure } from "../harness/report.js";
import { interleavedRounds, roundSpread } from "../harness/runner.js";
import { median } from "../harness/stats.js";

const TITLE = "7 CLI start-up";
const RUNS = { full: { rounds: 21, warmup: 2 }, smoke: { rounds: 3, warmup: 1 } };
/** The start-up target of `avala --help` and `avala --version`, against a bare `node -e 0`. */
const TARGET = 1.7;
/** The built `avala` bin, as `npx avala` runs it. */
const BIN = join(dirname(createRequire(import.meta.url).resolve("@avala/cli/package.json")), "bin/avala.mjs");

/** Runs `node <args>` to completion (its output discarded); rejects when it exits non-zero. */
function node(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 4 * 1024 * 1024 }, (error) =>
      error ? reject(error) : resolve(),
    );
  });
}

/** Benchmark 7: wall-clock start-up of `avala --help` and `avala --version` against `node -e 0`. */
export const cliStartup: Benchmark = {
  title: TITLE,
  method:
    "Fresh processes timed from spawn to exit (wall clock): `node bin/avala.mjs --help`, `node bin/avala.mjs " +
    "--version` (the built @avala/cli bin) and `node -e 0`, interleaved round by round so a slow spell of the " +
    "shared machine hits all three alike, untimed warm-up rounds first (file-system cache); the figure is the " +
    "median of each over the median of `node -e 0`. Both answer from files written at build time (the root " +
    "help's layout), so neither loads commander, the operation catalog, @avala/node or undici.",
  async run({ smoke }) {
    const times = await interleavedRounds(
      [
        { name: "node", run: () => node(["-e", "0"]) },
        { name: "help", run: () => node([BIN, "--help"]) },
        { name: "version", run: () => node([BIN, "--version"]) },
      ],
      smoke ? RUNS.smoke : RUNS.full,
    );
    const baseline = median(times.get("node")!);
    return (["help", "version"] as const).map((name): Figure => {
      const ours = median(times.get(name)!);
      return {
        benchmark: TITLE,
        measure: `avala --${name} / node -e 0 (wall clock, start to exit)`,
        ratio: ours / baseline,
        format: "ratio",
        target: atMost(ours / baseline, TARGET),
        spread: roundSpread(times, name, "node"),
        detail: `${ours.toFixed(1)} ms vs ${baseline.toFixed(1)} ms`,
      };
    });
  },
};
