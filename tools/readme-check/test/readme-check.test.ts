import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { extractBlocks } from "../src/extract.ts";
import { runBlocks } from "../src/run.ts";
import { PACKAGE_ROOT, typeCheck } from "../src/typecheck.ts";

const md = (...lines: string[]) => lines.join("\n");

describe("extractBlocks", () => {
  it("finds ts, typescript and tsx blocks with their lines, flags and the context of fragments", () => {
    const blocks = extractBlocks(
      md(
        "# Title",
        "```sh",
        "npm i x",
        "```",
        "```ts run",
        "const a = 1;",
        "```",
        "<!-- readme-check: declare const uid: string;",
        "declare const n: number; -->",
        "```tsx fragment",
        "uid;",
        "```",
        "```js",
        "module.exports = {};",
        "```",
      ),
      "README.md",
    );
    expect(
      blocks.map(({ line, lang, flags, code, context, contextLine }) => ({
        line,
        lang,
        flags: [...flags],
        code,
        context,
        contextLine,
      })),
    ).toEqual([
      { line: 5, lang: "ts", flags: ["run"], code: "const a = 1;", context: "", contextLine: 5 },
      {
        line: 10,
        lang: "tsx",
        flags: ["fragment"],
        code: "uid;",
        context: "declare const uid: string;\ndeclare const n: number;",
        contextLine: 8,
      },
    ]);
  });

  it("refuses an unknown flag, a fragment without context, and a context without a fragment", () => {
    expect(() => extractBlocks(md("```ts runn", "x;", "```"), "R.md")).toThrow(
      /R\.md:1: unknown flag "runn"/,
    );
    expect(() => extractBlocks(md("```ts fragment", "x;", "```"), "R.md")).toThrow(
      /R\.md:1: .* needs a <!-- readme-check/,
    );
    expect(() =>
      extractBlocks(md("<!-- readme-check: declare const x: 1; -->", "```ts", "x;", "```"), "R.md"),
    ).toThrow(/R\.md:1: a readme-check comment must come just before a `ts fragment` block/);
    expect(() =>
      extractBlocks(
        md("<!-- readme-check: declare const x: 1; -->", "text", "```ts fragment", "x;", "```"),
        "R.md",
      ),
    ).toThrow(/R\.md:1:/);
  });
});

describe("typeCheck", () => {
  it("reports a wrong call against the workspace packages at its README line", () => {
    const blocks = extractBlocks(
      md(
        "Intro",
        "```ts",
        'import { createClient } from "@avala/core";',
        "",
        'const avala = createClient({ apiKey: "avk_x" });',
        'await avala.GET("/datasets/{uid}/", { params: { path: { id: "x" } } });',
        "```",
      ),
      "packages/x/README.md",
    );
    const findings = typeCheck(blocks, PACKAGE_ROOT);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.file === "packages/x/README.md" && f.line === 6)).toBe(true);
  });

  it("checks a fragment inside its context, and reports an error of the context at the comment", () => {
    const good = extractBlocks(
      md(
        '<!-- readme-check: import { createClient } from "@avala/core"; const avala = createClient({ apiKey: "k" }); -->',
        "```ts fragment",
        'const page = await avala.page("/datasets/");',
        "page.items.length;",
        "```",
      ),
      "A.md",
    );
    expect(typeCheck(good, PACKAGE_ROOT)).toEqual([]);
    const badContext = extractBlocks(
      md("<!-- readme-check: const n: number = 'no'; -->", "```ts fragment", "n;", "```"),
      "B.md",
    );
    expect(typeCheck(badContext, PACKAGE_ROOT)).toEqual([
      { file: "B.md", line: 1, message: expect.stringContaining("(in the readme-check context)") },
    ]);
  });

  it("checks each block on its own: a type augmentation one block imports does not make another compile", () => {
    const blocks = extractBlocks(
      md(
        "```ts",
        'import type {} from "@avala/testing/vitest-global-setup";',
        'import { inject } from "vitest";',
        'const url: string = inject("avalaMockUrl");',
        "```",
        "```ts",
        'import { inject } from "vitest";',
        'const url: string = inject("avalaMockUrl");',
        "```",
      ),
      "C.md",
    );
    expect(typeCheck(blocks, PACKAGE_ROOT)).toEqual([
      { file: "C.md", line: 8, message: expect.stringContaining('"avalaMockUrl"') },
    ]);
  });
});

describe("runBlocks", () => {
  it("reports a `run` block that fails at its line, with its output", async () => {
    const blocks = extractBlocks(
      md(
        "```ts run",
        "console.log('fine');",
        "```",
        "",
        "```ts run",
        "throw new Error('broken snippet');",
        "```",
      ),
      "D.md",
    );
    const findings = await runBlocks(blocks, PACKAGE_ROOT, {});
    expect(findings).toEqual([{ file: "D.md", line: 5, message: expect.stringContaining("broken snippet") }]);
  });

  it("sends what a block addresses to the real API root to AVALA_BASE_URL, so it runs as written", async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.url ?? "");
      res
        .writeHead(200, { "Content-Type": "application/json" })
        .end('{"uid":"u1","name":"From the stand-in"}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    try {
      const blocks = extractBlocks(
        md(
          "```ts run",
          'import { createClient } from "@avala/core";',
          'const avala = createClient({ apiKey: "avk_x" });',
          'const d = await avala.GET("/datasets/{uid}/", { params: { path: { uid: "u1" } } });',
          'if (d.name !== "From the stand-in") throw new Error(d.name);',
          "```",
        ),
        "E.md",
      );
      expect(await runBlocks(blocks, PACKAGE_ROOT, { AVALA_BASE_URL: baseUrl })).toEqual([]);
      expect(seen).toEqual(["/api/v1/datasets/u1/"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
