import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CONFIGS, README, renderReadme, sizeTable, toolsTable, unpadded } from "../scripts/readme-tables.mjs";

describe("README tables", () => {
  it("are up to date with the tools (run `pnpm --filter @avala/mcp readme`)", async () => {
    const text = await readFile(README, "utf8");
    expect(unpadded(renderReadme(text))).toBe(unpadded(text));
  });

  it("size every configuration, smallest in dynamic mode", () => {
    const rows = sizeTable().split("\n").slice(2);
    const chars = rows.map((row) => Number(row.split("|")[3]!.trim().replaceAll(",", "")));
    expect(rows).toHaveLength(CONFIGS.length);
    const at = (label: string) => chars[CONFIGS.findIndex(([l]) => l.includes(label))]!;
    expect(Math.min(...chars)).toBe(at("--tools dynamic"));
    expect(Math.max(...chars)).toBe(at("--tools all --allow-writes"));
  });

  it("list every tool once", () => {
    const names = toolsTable()
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) => line.split("`")[1]);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain("wait_for_export");
    expect(names).toContain("create_export");
  });
});
