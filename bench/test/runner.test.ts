import { describe, expect, it } from "vitest";
import { pairedRatio, spreadOf } from "../src/harness/runner.js";

describe("pairedRatio", () => {
  it("is the median of the per-round ratios, so one disturbed round moves the spread, not the figure", () => {
    const ours = [110, 120, 330, 115, 118];
    const base = [100, 100, 110, 100, 100];
    expect(pairedRatio(ours, base)).toBeCloseTo(1.18, 5); // ratios 1.1, 1.2, 3, 1.15, 1.18
    const spread = spreadOf(ours, base);
    expect(spread.min).toBeCloseTo(1.1, 5);
    expect(spread.max).toBeCloseTo(3, 5);
  });
});
