// What the compiler says about common mistakes, as quoted in the README ("What does not compile"): each sample
// is compiled with the package's own tsconfig, and the message and the place it points at are checked. The
// type tests (types.test-d.ts) prove that the mistakes do not compile; this proves the errors read well.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const sampleFile = join(here, "compile-error-samples.ts");

/** One mistake per line; `at` is the text the error must point at, `says` what its message must contain. */
const SAMPLES = [
  {
    name: "misspelt body field",
    code: 'avala.POST("/exports/", { body: { nme: "v3" } });',
    at: "nme",
    says: ["'nme' does not exist in type", "Did you mean to write 'name'?"],
  },
  {
    name: "misspelt body field through raw",
    code: 'avala.raw.POST("/exports/", { body: { nme: "v3" } });',
    at: "nme",
    says: ["'nme' does not exist in type", "Did you mean to write 'name'?"],
  },
  {
    name: "unknown field in a PATCH body",
    code: 'avala.PATCH("/webhooks/{uid}/", { params: { path: { uid } }, body: { active: false } });',
    at: "active",
    says: ["'active' does not exist in type '{ target_url?: string | undefined;"],
  },
  {
    name: "misspelt field of a nested object",
    code: 'avala.POST("/datasets/", { body: { ...dataset, provider_config: { provider: "aws_s3", s3_bucket: "b" } } });',
    at: "s3_bucket",
    says: ['\'s3_bucket\' does not exist in type \'{ provider: "aws_s3" | "gc_storage"; s3_bucket_name?:'],
  },
  {
    name: "misspelt field of an array item",
    code: 'avala.POST("/fleet/events/batch/", { body: { events: [{ ...event, lable: "x" }] } });',
    at: "lable",
    says: ["'lable' does not exist in type", "Did you mean to write 'label'?"],
  },
  {
    name: "misspelt init key",
    code: 'avala.GET("/datasets/", { parms: { query: { limit: 10 } } });',
    at: "parms",
    says: ['\'parms\' does not exist in type \'CallInit<"/datasets/", "get", "json">\'', "'params'?"],
  },
  {
    name: "paginating a path that is not cursor-paginated",
    code: 'avala.paginate("/datasets/{uid}/");',
    at: '"/datasets/{uid}/"',
    says: ["paginate() needs a cursor-paginated GET path", "/datasets/{uid}/ is not"],
  },
  {
    name: "unknown path",
    code: 'avala.GET("/datasetz/");',
    at: '"/datasetz/"',
    says: [
      "Argument of type '\"/datasetz/\"' is not assignable to parameter of type 'PathsWithMethod<paths, \"get\">'",
    ],
  },
  {
    name: "wrong method for a path",
    code: 'avala.DELETE("/datasets/");',
    at: '"/datasets/"',
    says: ["'PathsWithMethod<paths, \"delete\">'"],
  },
  {
    name: "a parseAs that does not fit",
    code: 'avala.GET("/datasets/", { parseAs: "xml" });',
    at: "parseAs",
    says: [
      'Type \'"xml"\' is not assignable to type \'"json" | "text" | "blob" | "arrayBuffer" | "stream" | undefined\'',
    ],
  },
] as const;

const PRELUDE = [
  'import { createClient } from "../src/index.js";',
  'const avala = createClient({ apiKey: "avk_samples" });',
  'const uid = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";',
  'const dataset = { name: "n", slug: "s", data_type: "lidar", is_sequence: false, visibility: "private", create_metadata: true } as const;',
  'const event = { recording: uid, device: uid, type: "t", label: "l", timestamp: "2026-01-01T00:00:00Z" };',
];

const source = [...PRELUDE, ...SAMPLES.map((sample) => sample.code)].join("\n");
let diagnostics: readonly ts.Diagnostic[] = [];

beforeAll(() => {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(here, "..", "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!config) throw new Error("tsconfig.json of @avala/core could not be read");
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === sampleFile ? source : readFile(name));
  host.fileExists = (name) => name === sampleFile || fileExists(name);
  host.getSourceFile = (name, language, onError, create) =>
    name === sampleFile
      ? ts.createSourceFile(name, source, language, true)
      : getSourceFile(name, language, onError, create);
  const program = ts.createProgram([sampleFile], config.options, host);
  diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(sampleFile));
}, 180_000);

describe("compiler messages for common mistakes", () => {
  it("the prelude compiles and every sample fails exactly once", () => {
    const lines = diagnostics.map((d) => d.file?.getLineAndCharacterOfPosition(d.start ?? 0).line);
    expect(lines).toEqual(SAMPLES.map((_, index) => PRELUDE.length + index));
  });

  it.each(SAMPLES.map((sample, index) => ({ ...sample, line: PRELUDE.length + index })))(
    "$name: points at $at and names the reason",
    ({ line, at, says }) => {
      const diagnostic = diagnostics.find(
        (d) => d.file?.getLineAndCharacterOfPosition(d.start ?? 0).line === line,
      );
      expect(diagnostic, `no error on line ${line + 1}`).toBeDefined();
      const { file, start = 0, length = 0 } = diagnostic as ts.Diagnostic;
      expect(file?.text.slice(start, start + length)).toBe(at);
      const message = ts.flattenDiagnosticMessageText(diagnostic?.messageText, "\n");
      for (const part of says) expect(message).toContain(part);
    },
  );
});
