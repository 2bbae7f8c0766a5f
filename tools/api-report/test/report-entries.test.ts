import { describe, expect, it } from "vitest";
import { reportEntries } from "../src/index.ts";

describe("reportEntries", () => {
  it("gives every exported subpath with declarations a report, named after the package and subpath", () => {
    const entries = reportEntries({
      name: "@avala/core",
      exports: {
        ".": {
          import: { types: "./dist/index.d.mts", default: "./dist/index.mjs" },
          require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
        },
        "./resources": {
          import: { types: "./dist/resources.d.mts", default: "./dist/resources.mjs" },
          require: { types: "./dist/resources.d.cts", default: "./dist/resources.cjs" },
        },
        "./package.json": "./package.json",
      },
    });
    expect(entries).toEqual([
      { subpath: ".", types: "./dist/index.d.mts", reportFile: "core.api.md" },
      { subpath: "./resources", types: "./dist/resources.d.mts", reportFile: "core-resources.api.md" },
    ]);
  });

  it("reads flat conditions (types + default) and nested subpaths", () => {
    expect(
      reportEntries({
        name: "@avala/cli",
        exports: {
          ".": { types: "./dist/main.d.mts", default: "./dist/main.mjs" },
          "./a/b": { types: "./x.d.ts" },
        },
      }),
    ).toEqual([
      { subpath: ".", types: "./dist/main.d.mts", reportFile: "cli.api.md" },
      { subpath: "./a/b", types: "./x.d.ts", reportFile: "cli-a-b.api.md" },
    ]);
  });
});
