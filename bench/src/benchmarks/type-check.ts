import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { atMost, type Benchmark, type Figure } from "../harness/report.js";
import { median } from "../harness/stats.js";

const TITLE = "6 type-check";
const BENCH_DIR = fileURLToPath(new URL("../..", import.meta.url));
/** Under bench/node_modules so the consumer files resolve @avala/core, @avala/types and openapi-fetch. */
const WORK_DIR = join(BENCH_DIR, "node_modules", ".cache", "avala-type-check");
const TSC = createRequire(import.meta.url).resolve("typescript/lib/tsc.js");
const RUNS = { full: 5, smoke: 1 };
/** The target asked of our check time against bare openapi-fetch's for the same calls (issue 18). */
const TARGET = 1.3;
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

/** A consumer's tsconfig: strict, bundler resolution, declaration files of dependencies not re-checked. */
const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    lib: ["ES2023", "DOM", "DOM.Iterable"],
    module: "Preserve",
    moduleResolution: "Bundler",
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  },
};

/** One call of an operation: method, path and the init literal as source text (or null when none is needed). */
interface Call {
  method: (typeof METHODS)[number];
  path: string;
  init: string | null;
  /** The same inputs as a resource method takes them: path parameters in path order, the params literal. */
  resource: { pathArgs: string[]; params: string | null };
}

/** The resource method of an operation (`datasets.list`), from @avala/types' catalog. */
function sdkMethods(): Map<string, string> {
  const require = createRequire(join(BENCH_DIR, "package.json"));
  const { catalog } = require("@avala/types/catalog") as {
    catalog: readonly { method: string; path: string; sdkMethod: string }[];
  };
  return new Map(catalog.map((op) => [`${op.method.toLowerCase()} ${op.path}`, op.sdkMethod]));
}

/**
 * One call per operation of the spec, with the smallest valid init a user would write: the required path and
 * query parameters and the body with its required fields (one item in each required array), values made up from
 * the declared types. Read from @avala/types' declarations with the compiler API, so it follows the spec.
 */
function callsOfSpec(): Call[] {
  const entry = createRequire(join(BENCH_DIR, "package.json")).resolve("@avala/types");
  const program = ts.createProgram([entry.replace(/\.[cm]?js$/, ".d.mts")], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(entry.replace(/\.[cm]?js$/, ".d.mts"));
  const moduleSymbol = file && checker.getSymbolAtLocation(file);
  const pathsSymbol =
    moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === "paths");
  if (!pathsSymbol) throw new Error("type-check: @avala/types exports no `paths`");
  const paths = checker.getDeclaredTypeOfSymbol(pathsSymbol);

  const propType = (type: ts.Type, name: string) => {
    const symbol = checker.getPropertyOfType(type, name);
    return symbol ? checker.getNonNullableType(checker.getTypeOfSymbol(symbol)) : undefined;
  };
  const isRequired = (symbol: ts.Symbol) => (symbol.flags & ts.SymbolFlags.Optional) === 0;

  const sample = (type: ts.Type, depth = 0): string => {
    const t = checker.getNonNullableType(type);
    if (t.isUnion()) {
      const literal = t.types.find((m) => m.isStringLiteral() || m.isNumberLiteral());
      if (literal) return JSON.stringify((literal as ts.LiteralType).value);
      return sample(t.types[0]!, depth);
    }
    if (t.flags & ts.TypeFlags.BooleanLike) return "true";
    if (t.flags & ts.TypeFlags.NumberLike) return "1";
    if (t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return '"x"';
    if (checker.isArrayType(t)) {
      const item = checker.getTypeArguments(t as ts.TypeReference)[0];
      return item && depth < 4 ? `[${sample(item, depth + 1)}]` : "[]";
    }
    const fields = fieldsOf(t, depth);
    return fields.length === 0 ? "{}" : `{ ${fields.join(", ")} }`;
  };
  /** The required properties of an object type as `"name": value` source text. */
  const fieldsOf = (type: ts.Type, depth = 0): string[] =>
    checker
      .getPropertiesOfType(type)
      .filter(isRequired)
      .map((p) => `${JSON.stringify(p.name)}: ${sample(checker.getTypeOfSymbol(p), depth + 1)}`);

  const calls: Call[] = [];
  for (const pathSymbol of checker.getPropertiesOfType(paths)) {
    const item = checker.getTypeOfSymbol(pathSymbol);
    for (const method of METHODS) {
      const symbol = checker.getPropertyOfType(item, method);
      if (!symbol || !isRequired(symbol)) continue; // `put?: never`: no such operation
      const operation = checker.getTypeOfSymbol(symbol);
      const parts: string[] = [];
      const resource: Call["resource"] = { pathArgs: [], params: null };
      const paramFields: string[] = [];
      const parameters = propType(operation, "parameters");
      const pathParams = parameters && propType(parameters, "path");
      if (pathParams && !(pathParams.flags & ts.TypeFlags.Never)) {
        for (const name of [...pathSymbol.name.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)) {
          resource.pathArgs.push(sample(propType(pathParams, name) ?? checker.getStringType()));
        }
      }
      const queryParams = parameters && propType(parameters, "query");
      if (queryParams && !(queryParams.flags & ts.TypeFlags.Never))
        paramFields.push(...fieldsOf(queryParams));
      if (parameters) {
        const required = checker
          .getPropertiesOfType(parameters)
          .filter(isRequired)
          .map((p) => `${p.name}: ${sample(checker.getTypeOfSymbol(p))}`);
        if (required.length > 0) parts.push(`params: { ${required.join(", ")} }`);
      }
      const content = propType(propType(operation, "requestBody") ?? checker.getNeverType(), "content");
      const media = content && checker.getPropertiesOfType(content)[0];
      if (media) parts.push(`body: ${sample(checker.getTypeOfSymbol(media))}`);
      if (media) {
        const body = checker.getNonNullableType(checker.getTypeOfSymbol(media));
        if (checker.isArrayType(body)) resource.params = sample(body);
        else paramFields.push(...fieldsOf(body));
      }
      if (resource.params === null && (paramFields.length > 0 || media)) {
        resource.params = `{ ${paramFields.join(", ")} }`;
      }
      calls.push({
        method,
        path: pathSymbol.name,
        init: parts.length > 0 ? `{ ${parts.join(", ")} }` : null,
        resource,
      });
    }
  }
  return calls;
}

/** The consumer file: every call awaited inside one async function. */
function consumer(prelude: string[], client: string, calls: readonly Call[]): string {
  const lines = calls.map(
    ({ method, path, init }) =>
      `  await ${client}.${method.toUpperCase()}(${JSON.stringify(path)}${init ? `, ${init}` : ""});`,
  );
  return [...prelude, "export async function everyOperation() {", ...lines, "}", ""].join("\n");
}

/** The consumer file through resource methods: `await avala.datasets.get("x")`. */
function resourceConsumer(calls: readonly Call[]): string {
  const names = sdkMethods();
  const lines = calls.map(({ method, path, resource }) => {
    const name = names.get(`${method} ${path}`);
    if (!name) throw new Error(`type-check: no resource method for ${method} ${path}`);
    const args = [...resource.pathArgs, ...(resource.params ? [resource.params] : [])];
    return `  await avala.${name}(${args.join(", ")});`;
  });
  return [
    'import { createClient } from "@avala/core/resources";',
    'const avala = createClient({ apiKey: "avk_bench" });',
    "export async function everyOperation() {",
    ...lines,
    "}",
    "",
  ].join("\n");
}

interface Diagnostics {
  checkSeconds: number;
  instantiations: number;
  memoryKb: number;
}

/** `tsc --extendedDiagnostics -p <project>` in a child process; a consumer that does not compile is an error. */
function runTsc(project: string): Promise<Diagnostics> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [TSC, "--extendedDiagnostics", "-p", project],
      { cwd: WORK_DIR, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        const value = (label: string) => {
          const match = new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(stdout);
          return match ? Number(match[1]) : Number.NaN;
        };
        if (error) {
          reject(new Error(`type-check: ${project} does not compile:\n${stdout.slice(0, 4000)}`));
          return;
        }
        resolve({
          checkSeconds: value("Check time"),
          instantiations: value("Instantiations"),
          memoryKb: value("Memory used"),
        });
      },
    );
  });
}

/** Benchmark 6: tsc on a consumer with one call per operation, through our client and through bare openapi-fetch. */
export const typeCheck: Benchmark = {
  title: TITLE,
  method:
    "A consumer file with one call per operation of the spec (the smallest valid init: required path and query " +
    "parameters, the body with its required fields, values made up from @avala/types' declarations) is " +
    "generated twice — through `createClient` of @avala/core and through bare `openapi-fetch` with " +
    "`createClient<paths>` — and type-checked by `tsc --extendedDiagnostics` (TypeScript's own counters; strict, " +
    "bundler resolution, `skipLibCheck`), alternating the two, in fresh processes. Figures are medians: check " +
    "time, type instantiations and memory used, ours against openapi-fetch's. A consumer that does not compile " +
    "fails the benchmark, so every operation of the spec is also checked to be callable through both.",
  async run({ smoke }) {
    const all = callsOfSpec();
    const calls = smoke ? all.slice(0, 5) : all;
    rmSync(WORK_DIR, { recursive: true, force: true });
    mkdirSync(WORK_DIR, { recursive: true });
    try {
      const variants = {
        ours: consumer(
          [
            'import { createClient } from "@avala/core";',
            'const avala = createClient({ apiKey: "avk_bench" });',
          ],
          "avala",
          calls,
        ),
        bare: consumer(
          [
            'import type { paths } from "@avala/types";',
            'import createClient from "openapi-fetch";',
            'const client = createClient<paths>({ baseUrl: "https://api.avala.ai/api/v1" });',
          ],
          "client",
          calls,
        ),
        resources: resourceConsumer(calls),
      };
      for (const [name, source] of Object.entries(variants)) {
        writeFileSync(join(WORK_DIR, `${name}.ts`), source);
        writeFileSync(
          join(WORK_DIR, `tsconfig.${name}.json`),
          JSON.stringify({ ...TSCONFIG, files: [`${name}.ts`] }, null, 2),
        );
      }
      const runs = { ours: [] as Diagnostics[], bare: [] as Diagnostics[], resources: [] as Diagnostics[] };
      for (let i = 0; i < (smoke ? RUNS.smoke : RUNS.full); i++) {
        if (smoke) {
          // Smoke only checks that figures come out: both at once, to keep the test command short.
          const [ours, bare, resources] = await Promise.all([
            runTsc("tsconfig.ours.json"),
            runTsc("tsconfig.bare.json"),
            runTsc("tsconfig.resources.json"),
          ]);
          runs.ours.push(ours);
          runs.bare.push(bare);
          runs.resources.push(resources);
          continue;
        }
        runs.ours.push(await runTsc("tsconfig.ours.json"));
        runs.bare.push(await runTsc("tsconfig.bare.json"));
        runs.resources.push(await runTsc("tsconfig.resources.json"));
      }
      const of = (variant: Diagnostics[], key: keyof Diagnostics) => median(variant.map((d) => d[key]));
      const check = { ours: of(runs.ours, "checkSeconds"), bare: of(runs.bare, "checkSeconds") };
      const inst = { ours: of(runs.ours, "instantiations"), bare: of(runs.bare, "instantiations") };
      const byName = {
        check: of(runs.resources, "checkSeconds"),
        inst: of(runs.resources, "instantiations"),
      };
      const memory = { ours: of(runs.ours, "memoryKb"), bare: of(runs.bare, "memoryKb") };
      const label = `${calls.length} calls, one per operation`;
      const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
      return [
        {
          benchmark: TITLE,
          measure: `ours / openapi-fetch, ${label} (check time)`,
          ratio: check.ours / check.bare,
          format: "ratio",
          target: atMost(check.ours / check.bare, TARGET),
          detail: `${check.ours.toFixed(2)} s vs ${check.bare.toFixed(2)} s`,
        },
        {
          benchmark: TITLE,
          measure: `ours / openapi-fetch, ${label} (instantiations)`,
          ratio: inst.ours / inst.bare,
          format: "ratio",
          target: atMost(inst.ours / inst.bare, TARGET),
          detail: `${inst.ours.toLocaleString("en")} vs ${inst.bare.toLocaleString("en")}`,
        },
        {
          benchmark: TITLE,
          measure: `resource methods / openapi-fetch path calls, ${label} (check time)`,
          ratio: byName.check / check.bare,
          format: "ratio",
          target: atMost(byName.check / check.bare, TARGET),
          detail: `${byName.check.toFixed(2)} s vs ${check.bare.toFixed(2)} s`,
        },
        {
          benchmark: TITLE,
          measure: `resource methods / openapi-fetch path calls, ${label} (instantiations)`,
          ratio: byName.inst / inst.bare,
          format: "ratio",
          detail: `${byName.inst.toLocaleString("en")} vs ${inst.bare.toLocaleString("en")}`,
        },
        {
          benchmark: TITLE,
          measure: `ours / openapi-fetch, ${label} (memory used)`,
          ratio: memory.ours / memory.bare,
          format: "ratio",
          detail: `${mb(memory.ours)} vs ${mb(memory.bare)}`,
        },
      ] satisfies Figure[];
    } finally {
      rmSync(WORK_DIR, { recursive: true, force: true });
    }
  },
};
