import { describe, expect, it } from "vitest";
import { figuresOfReadmes, parseResults, renderFigures } from "../src/readme-figures.js";

describe("figures quoted in READMEs", () => {
  it.each(figuresOfReadmes())(
    "$path shows the figures of bench/RESULTS.md",
    ({ path, current, generated }) => {
      expect(current, `${path} is stale: run pnpm --filter @avala-tools/bench readme-figures`).toBe(
        generated,
      );
    },
  );

  it("regenerates a block from the results table, so a changed result changes the README", () => {
    const results = [
      "| benchmark | measure | figure | spread (min–max over rounds) | target | detail |",
      "| --- | --- | --- | --- | --- | --- |",
      "| 6 type-check | ours / openapi-fetch (check time) | 1.10× | 1.02–1.15× | met (≤ 1.30×) | 1.40 s vs 1.27 s |",
      "| 5 size | other | 1.00× | – | – | x |",
    ].join("\n");
    const readme = "Intro.\n<!-- bench-figures: 6 type-check -->\nold\n<!-- /bench-figures -->\nEnd.\n";
    const out = renderFigures(readme, parseResults(results));
    expect(out).toMatch(/\| ours \/ openapi-fetch \(check time\) \| 1\.10× +\| 1\.02–1\.15× +\| met/);
    expect(out).not.toContain("old");
    expect(out).not.toContain("5 size");
    expect(out.startsWith("Intro.\n<!-- bench-figures: 6 type-check -->\n")).toBe(true);
    expect(out.endsWith("<!-- /bench-figures -->\nEnd.\n")).toBe(true);
  });
});
