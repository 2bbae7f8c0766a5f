import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { FetchSpecError, type FetchSpecErrorCode, fetchSpec, type SpecSource } from "../src/index.ts";
import {
  guardRepository,
  makeWorkspace,
  removeWorkspace,
  repoSpec,
  runCli,
  serve,
  type TempWorkspace,
  type TestServer,
  unreachableUrl,
} from "./helpers.ts";

guardRepository();

let ws: TempWorkspace;
let original: Buffer;
beforeEach(() => {
  ws = makeWorkspace();
  original = readFileSync(ws.spec);
});
afterEach(() => removeWorkspace(ws));

let server: TestServer;
const pages: Record<string, { type: string; body: string; status?: number }> = {
  "/docs": {
    type: "text/html; charset=utf-8",
    body: "<!doctype html><html><body>API reference</body></html>",
  },
  "/disguised.yaml": {
    type: "application/octet-stream",
    body: "<html><head></head><body>login</body></html>",
  },
  "/missing.yaml": { type: "text/plain", body: "not found", status: 404 },
};
beforeAll(async () => {
  server = await serve((req, res) => {
    if (req.url === "/slow.yaml") return; // never answers
    const page = pages[req.url ?? ""] ?? pages["/missing.yaml"]!;
    res.writeHead(page.status ?? 200, { "content-type": page.type });
    res.end(page.body);
  });
});
afterAll(() => server.close());

/** Runs a fetch that must fail, and checks the failure is typed, one line, and left the spec alone. */
async function expectFailure(source: SpecSource, code: FetchSpecErrorCode, timeoutMs?: number) {
  const error = await fetchSpec({
    source,
    specPath: ws.spec,
    root: ws.root,
    ...(timeoutMs ? { timeoutMs } : {}),
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FetchSpecError);
  const typed = error as FetchSpecError;
  expect(typed.code).toBe(code);
  expect(typed.message).not.toContain("\n");
  expect(typed.message).toMatch(/avala\.openapi\.yaml was not changed\.$/);
  expect(readFileSync(ws.spec).equals(original)).toBe(true);
  expect(existsSync(ws.provenance)).toBe(false);
  return typed;
}

function writeSource(name: string, content: string): SpecSource {
  const path = join(ws.root, name);
  writeFileSync(path, content);
  return { kind: "file", path };
}

describe("spec:fetch failures leave the current spec untouched", () => {
  it("unreachable URL → NETWORK", async () => {
    const error = await expectFailure({ kind: "url", url: await unreachableUrl() }, "NETWORK");
    expect(error.message).toMatch(
      /^cannot reach http:\/\/127\.0\.0\.1:\d+\/avala\.openapi\.yaml \(ECONNREFUSED\)/,
    );
  });

  it("a server that never answers → TIMEOUT", async () => {
    await expectFailure({ kind: "url", url: `${server.url}/slow.yaml` }, "TIMEOUT", 300);
  });

  it("HTTP 404 → HTTP_STATUS", async () => {
    const error = await expectFailure({ kind: "url", url: `${server.url}/missing.yaml` }, "HTTP_STATUS");
    expect(error.message).toContain("HTTP 404");
  });

  it("an HTML page (by content type, or by content) → NOT_OPENAPI", async () => {
    const byType = await expectFailure({ kind: "url", url: `${server.url}/docs` }, "NOT_OPENAPI");
    expect(byType.message).toContain("is an HTML page");
    await expectFailure({ kind: "url", url: `${server.url}/disguised.yaml` }, "NOT_OPENAPI");
  });

  it("JSON without `openapi` → NOT_OPENAPI; Swagger 2.0 → UNSUPPORTED_VERSION; garbage → PARSE", async () => {
    await expectFailure(writeSource("a.json", JSON.stringify({ name: "not a spec" })), "NOT_OPENAPI");
    const swagger = await expectFailure(
      writeSource(
        "s.json",
        JSON.stringify({ swagger: "2.0", info: { title: "x", version: "1" }, paths: {} }),
      ),
      "UNSUPPORTED_VERSION",
    );
    expect(swagger.message).toContain("Swagger 2.0");
    await expectFailure(writeSource("bad.yaml", "openapi: 3.1.0\n  info: [unclosed\n"), "PARSE");
    await expectFailure({ kind: "file", path: join(ws.root, "nope.yaml") }, "SOURCE_NOT_FOUND");
  });

  it("a duplicate operationId → INVALID_SPEC, with Redocly's problems attached", async () => {
    const doc = repoSpec();
    doc.paths["/datasets/"].post.operationId = "listDatasets";
    const error = await expectFailure(writeSource("dup.yaml", stringify(doc)), "INVALID_SPEC");
    expect(error.problems.map((p) => p.ruleId)).toContain("operation-operationId-unique");
    expect(error.message).toContain("operation-operationId-unique");
  });

  it("a broken $ref → INVALID_SPEC", async () => {
    const doc = repoSpec();
    doc.paths["/datasets/"].get.responses["200"].content["application/json"].schema.$ref =
      "#/components/schemas/NoSuchPage";
    const error = await expectFailure(writeSource("ref.yaml", stringify(doc)), "INVALID_SPEC");
    expect(error.problems.map((p) => p.ruleId)).toContain("no-unresolved-refs");
  });

  it("the CLI prints one typed line and exits 1 (2 for usage errors)", async () => {
    const run = await runCli(["fetch", "--url", await unreachableUrl(), "--spec", ws.spec], ws.root);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^error \[NETWORK\]: cannot reach .* was not changed\.\n$/);
    expect(readFileSync(ws.spec).equals(original)).toBe(true);

    const usage = await runCli(["fetch", "--spec", ws.spec], ws.root);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe("error [USAGE]: pass exactly one of --url <url> or --file <path>.\n");
  });
});
