import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { type AvalaMock, startAvalaMock } from "@avala/testing";
import { catalog } from "@avala/types/catalog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SAMPLE_LABELS } from "../src/samples.ts";
import { DOCS_ROOT, SITE_DIR, SPEC_PATH } from "../src/site.ts";

const run = promisify(execFile);
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

interface Sample {
  lang: string;
  label: string;
  source: string;
}
type Operation = { operationId: string; summary?: string; description?: string; "x-codeSamples"?: Sample[] };

function operationsOf(spec: { paths?: Record<string, Record<string, unknown>> }): Map<string, Operation> {
  const ops = new Map<string, Operation>();
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (op) ops.set(`${method.toUpperCase()} ${path}`, op);
    }
  }
  return ops;
}

const sitePath = join(SITE_DIR, "openapi.json");
/** The spec as the built site serves it (`pnpm docs:build`, run by turbo before the tests). */
function builtSpec() {
  if (!existsSync(sitePath)) throw new Error(`${sitePath} is missing: run \`pnpm docs:build\` first.`);
  return JSON.parse(readFileSync(sitePath, "utf8"));
}

const built = operationsOf(builtSpec());
const sampleOf = (operationId: string, label: string): string => {
  const op = [...built.values()].find((o) => o.operationId === operationId);
  const sample = op?.["x-codeSamples"]?.find((s) => s.label === label);
  if (!sample) throw new Error(`${operationId} has no ${label} sample`);
  return sample.source;
};

describe("every operation of the spec has its samples on the site", () => {
  const source = operationsOf(parse(readFileSync(SPEC_PATH, "utf8")));

  it("lists each operation of spec/avala.openapi.yaml, with @avala/node, CLI and curl samples (and Python where the official SDK has the method)", () => {
    expect(source.size).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const [where, op] of source) {
      const page = built.get(where);
      if (!page) {
        problems.push(`${where} (${op.operationId}) has no page`);
        continue;
      }
      const labels = (page["x-codeSamples"] ?? []).filter((s) => s.source.trim()).map((s) => s.label);
      const entry = catalog.find((c) => c.operationId === op.operationId);
      const expected: string[] = [SAMPLE_LABELS.node, SAMPLE_LABELS.cli, SAMPLE_LABELS.curl];
      if (entry?.officialSdk.python) expected.push(SAMPLE_LABELS.python);
      if (labels.join() !== expected.join()) {
        problems.push(`${where} (${op.operationId}) has samples [${labels}], expected [${expected}]`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("names each operation's resource method, CLI command and rate-limit facts in its description", () => {
    const describedAs = (id: string): string =>
      [...built.values()].find((o) => o.operationId === id)?.description ?? "";
    const getDataset = { description: describedAs("getDataset") };
    expect(getDataset.description).toContain("`avala.datasets.get(…)`");
    expect(getDataset.description).toContain("`avala datasets get`");
    expect(getDataset.description).toContain("100 requests per 60 seconds");
    const paginated = catalog.find((op) => op.paginated)!;
    expect(describedAs(paginated.operationId)).toContain("**Pagination:** cursor-paginated");
    const inference = catalog.find((op) => op.rateLimit === "inference")!;
    expect(describedAs(inference.operationId)).toContain(
      "against the `inference` class: 10 requests per 60 seconds",
    );
  });
});

describe("the TypeScript samples type-check against the workspace packages", () => {
  const dir = join(DOCS_ROOT, "test", ".samples");

  it("compiles every @avala/node sample with tsc (strict)", async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const op of built.values()) {
      const sample = op["x-codeSamples"]?.find((s) => s.label === SAMPLE_LABELS.node);
      if (sample) writeFileSync(join(dir, `${op.operationId}.ts`), sample.source);
    }
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        extends: "../../../tsconfig.base.json",
        compilerOptions: { types: ["node"], noUnusedLocals: true },
        include: ["*.ts"],
      }),
    );
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const result = await run(process.execPath, [tsc, "-p", dir], { cwd: dir }).catch((error) => error);
    expect(`${result.stdout ?? ""}${result.stderr ?? ""}`).toBe("");
    expect(result.code ?? 0).toBe(0);
  });

  it("fails on a sample that does not match the method's types", async () => {
    const broken = join(dir, "broken");
    mkdirSync(broken, { recursive: true });
    writeFileSync(
      join(broken, "getDataset.ts"),
      sampleOf("getDataset", SAMPLE_LABELS.node).replace("avala.datasets.get(", "avala.datasets.get(42, "),
    );
    writeFileSync(
      join(broken, "tsconfig.json"),
      JSON.stringify({ extends: "../tsconfig.json", include: ["*.ts"] }),
    );
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const result = await run(process.execPath, [tsc, "-p", broken], { cwd: broken }).catch((error) => error);
    expect(result.stdout).toContain("getDataset.ts");
    expect(result.stdout).toContain("TS2");
  });
});

describe("one sample of each kind runs against the mock", () => {
  let mock: AvalaMock;
  const bin = join(DOCS_ROOT, "node_modules", ".bin");
  const env = () => ({ ...process.env, AVALA_BASE_URL: mock.url, AVALA_API_KEY: "avk_test_key" });

  beforeAll(async () => {
    mock = await startAvalaMock();
  });
  afterAll(async () => {
    await mock?.stop();
  });

  it("@avala/node: getDataset prints the spec's example dataset", async () => {
    const file = join(DOCS_ROOT, "test", ".samples", "run-getDataset.ts");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, sampleOf("getDataset", SAMPLE_LABELS.node));
    const tsx = createRequire(import.meta.url).resolve("tsx/cli");
    const { stdout } = await run(process.execPath, [tsx, file], { env: env(), cwd: DOCS_ROOT });
    expect(stdout).toContain("Highway LiDAR 2026");
  });

  it("avala CLI: createAgent sends the sample's body and prints the created agent", async () => {
    const sample = sampleOf("createAgent", SAMPLE_LABELS.cli);
    const { stdout } = await run("sh", ["-c", sample], {
      env: { ...env(), PATH: `${bin}:${process.env.PATH}` },
    });
    expect(stdout).toContain("QC Review Agent");
  });

  it("curl: getDataset answers the spec's example", async () => {
    const { stdout } = await run("sh", ["-c", sampleOf("getDataset", SAMPLE_LABELS.curl)], {
      env: env(),
    });
    expect(JSON.parse(stdout).name).toBe("Highway LiDAR 2026");
  });

  it("Python: every sample for the official SDK is valid Python (the SDK is not installed here to run one)", async () => {
    const dir = join(DOCS_ROOT, "test", ".samples", "python");
    mkdirSync(dir, { recursive: true });
    const files: string[] = [];
    for (const op of built.values()) {
      const sample = op["x-codeSamples"]?.find((s) => s.label === SAMPLE_LABELS.python);
      if (!sample) continue;
      const file = join(dir, `${op.operationId}.py`);
      writeFileSync(file, sample.source);
      files.push(file);
    }
    expect(files.length).toBeGreaterThan(50);
    const check = `import ast, sys\nfor f in sys.argv[1:]:\n    ast.parse(open(f).read(), f)\n`;
    await expect(run("python3", ["-c", check, ...files])).resolves.toBeDefined();
  });
});
