// The spec must accept what the API may send tomorrow: a new value of an open enum, an optional field left out,
// a field added. For every 2xx example of the spec, the three variants are validated with ajv (JSON Schema
// 2020-12, the dialect of OpenAPI 3.1), and the same bodies are compiled by tsc against the generated types.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSpec } from "./load-spec.ts";
import {
  isOpenEnum,
  type ResponseCase,
  responseCases,
  UNKNOWN_ENUM_VALUE,
  UNKNOWN_FIELD,
  VariantBuilder,
} from "./tolerant-variants.ts";

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const { doc } = loadSpec();
const SPEC_ID = "https://avala.invalid/openapi.json";
const builder = new VariantBuilder(doc);
const cases = responseCases(doc);

function createValidator(document: Record<string, any>) {
  // strict: false because OpenAPI adds keywords JSON Schema does not know (`example`, `x-avala-*`).
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: SPEC_ID, paths: document.paths, components: document.components });
  return (pointer: string, value: unknown): string[] => {
    const validate = ajv.getSchema(`${SPEC_ID}${pointer}`);
    if (!validate) throw new Error(`no schema at ${pointer}`);
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
  };
}

const validate = createValidator(doc);

interface Variant {
  label: string;
  c: ResponseCase;
  value: unknown;
}

function variantsOf(c: ResponseCase): Variant[] {
  return [
    { label: "example as published", c, value: c.example },
    { label: "unknown enum values", c, value: builder.unknownEnums(c.schema, c.example).value },
    { label: "optional fields left out", c, value: builder.withoutOptional(c.schema, c.example) },
    { label: "unknown extra field", c, value: builder.withExtraField(c.schema, c.example) },
  ];
}
const variants = cases.flatMap(variantsOf);

describe("tolerant reader: the spec accepts what the API may add", () => {
  it("has an example for every 2xx JSON response, so every response is checked", () => {
    const withExample = new Set(cases.map((c) => c.name));
    const missing: string[] = [];
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<Record<string, any>>(item)) {
        for (const [status, response] of Object.entries<Record<string, any>>(op?.responses ?? {})) {
          const name = `${method.toUpperCase()} ${path} ${status}`;
          if (status.startsWith("2") && response.content?.["application/json"] && !withExample.has(name))
            missing.push(name);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(withExample.size).toBeGreaterThan(110);
  });

  it("makes every enum reachable from a 2xx response open", () => {
    const closed: string[] = [];
    const seen = new Set<unknown>();
    const walk = (node: unknown, at: string) => {
      if (typeof node !== "object" || node === null || seen.has(node)) return;
      seen.add(node);
      const s = node as Record<string, any>;
      if (Array.isArray(s.enum)) closed.push(at);
      if (s.$ref) walk(builder.resolve(s), s.$ref);
      for (const [key, child] of Object.entries(s)) {
        if (key === "example" || key === "examples" || key === "$ref") continue;
        if (isOpenEnum(s) && key === "anyOf") continue;
        walk(child, `${at}/${key}`);
      }
    };
    for (const c of cases) walk(c.schema, c.name);
    expect(closed).toEqual([]);
  });

  it("validates the examples and all three variants of every 2xx response (ajv, 2020-12)", () => {
    const failures = variants
      .map((v) => ({ v, errors: validate(v.c.pointer, v.value) }))
      .filter(({ errors }) => errors.length > 0)
      .map(({ v, errors }) => `${v.c.name} (${v.label}): ${errors.join("; ")}`);
    expect(failures).toEqual([]);
  });

  it("really changes the bodies: enums replaced, optional fields dropped, extra fields added", () => {
    const enums = cases.reduce((n, c) => n + builder.unknownEnums(c.schema, c.example).count, 0);
    expect(enums).toBeGreaterThan(40);
    const task = cases.find((c) => c.name === "GET /tasks/{uid}/ 200");
    expect(task).toBeDefined();
    const unknown = builder.unknownEnums(task!.schema, task!.example).value as Record<string, unknown>;
    expect(unknown.type).toBe(UNKNOWN_ENUM_VALUE);
    expect(builder.withoutOptional(task!.schema, task!.example)).toEqual({ uid: (task!.example as any).uid });
    expect(builder.withExtraField(task!.schema, task!.example)).toHaveProperty(UNKNOWN_FIELD);
  });

  it("would catch a closed response enum, a required field the API omits, or a closed object", () => {
    const strict = structuredClone(doc);
    const task = strict.components.schemas.Task;
    task.properties.type = { type: ["string", "null"], enum: ["image-annotation", null] };
    task.required = ["uid", "name"];
    task.additionalProperties = false;
    const check = createValidator(strict);
    const c = cases.find((x) => x.name === "GET /tasks/{uid}/ 200")!;
    const strictBuilder = new VariantBuilder(strict);
    expect(check(c.pointer, strictBuilder.unknownEnums(c.schema, c.example).value).join()).toMatch(
      /allowed values/,
    );
    expect(check(c.pointer, builder.withoutOptional(c.schema, c.example)).join()).toMatch(/required/);
    expect(check(c.pointer, strictBuilder.withExtraField(c.schema, c.example)).join()).toMatch(/additional/);
  });
});

describe("tolerant reader: the generated types accept the same bodies", () => {
  const generated = fileURLToPath(
    new URL("../../../packages/types/src/generated/openapi.ts", import.meta.url),
  );
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "avala-tolerant-types-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Compiles `source` (importing the generated types) and returns tsc's diagnostics as lines. */
  async function compile(source: string): Promise<string[]> {
    const file = join(dir, `fixture-${Math.random().toString(36).slice(2)}.ts`);
    await writeFile(file, source.replace("%GENERATED%", generated));
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
    });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const line =
        d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      const text = d.file?.text.split("\n")[line - 1]?.slice(0, 160) ?? "";
      return `${ts.flattenDiagnosticMessageText(d.messageText, "\n").split("\n")[0]} at: ${text}`;
    });
  }

  // Each body is first bound to a variable, as a parsed JSON response would be (no excess-property check on
  // fresh literals), then assigned to the generated response type of its operation.
  const fixture = (list: Variant[]) =>
    [
      `import type { paths, Task } from "%GENERATED%";`,
      ...list.map((v, i) => {
        const target = `paths[${JSON.stringify(v.c.path)}][${JSON.stringify(v.c.method)}]["responses"][${v.c.status}]["content"]["application/json"]`;
        return `const body${i} = ${JSON.stringify(v.value)};\nexport const typed${i}: ${target} = body${i};`;
      }),
      // The known values stay in the type (editors offer them), next to any other string.
      `type TaskType = Exclude<Task["type"], null | undefined>;`,
      `export const known: TaskType = "image-annotation";`,
      `export const other: TaskType = ${JSON.stringify(UNKNOWN_ENUM_VALUE)};`,
      `type Literals<T> = T extends string ? (string extends T ? never : T) : never;`,
      `export const literals: Literals<TaskType>[] = ["image-annotation", "video-annotation"];`,
      `// @ts-expect-error: the literal members are real members, not collapsed into string`,
      `export const notLiteral: Literals<TaskType> = "unknown";`,
    ].join("\n");

  it("compiles every variant against the generated response types", async () => {
    const diagnostics = await compile(fixture(variants));
    expect(diagnostics).toEqual([]);
  });

  it("would reject a closed enum: a body with an unknown value does not compile against one", async () => {
    const diagnostics = await compile(
      [
        `import type { paths } from "%GENERATED%";`,
        `type Closed = "pending" | "completed";`,
        `const body = ${JSON.stringify({ status: UNKNOWN_ENUM_VALUE })};`,
        `export const typed: { status: Closed } = body;`,
        `type Status = Exclude<paths["/tasks/{uid}/"]["get"]["responses"][200]["content"]["application/json"]["status"], null | undefined>;`,
        `export const open: Status = body.status;`,
      ].join("\n"),
    );
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(/not assignable to type '{ status: Closed; }'.* at: export const typed:/);
  });
});
