import { describe, expect, it } from "vitest";
import { formatFigure } from "../src/harness/report.js";
import { BENCHMARKS, runBenchmarks } from "../src/run.js";

describe("pnpm bench --smoke", () => {
  it("runs every benchmark at tiny sizes and each produces finite figures", async () => {
    const results = await runBenchmarks({ smoke: true });
    expect([...results.byBenchmark.keys()]).toEqual(BENCHMARKS);
    for (const [benchmark, figures] of results.byBenchmark) {
      expect(figures.length, benchmark.title).toBeGreaterThan(0);
      for (const figure of figures) {
        // Targets are not asserted: smoke sizes are too small to be meaningful, only that numbers come out.
        expect(Number.isFinite(figure.ratio), `${benchmark.title}: ${figure.measure}`).toBe(true);
        expect(formatFigure(figure)).not.toBe("n/a");
      }
    }
  }, 300_000); // a shared machine, and the type-check benchmark runs tsc twice even at smoke size
});
