import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect } from "vitest";
import { parse, stringify } from "yaml";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const REPO_SPEC = join(REPO_ROOT, "spec", "avala.openapi.yaml");
const BIN = fileURLToPath(new URL("../bin/avala-fetch-spec.mjs", import.meta.url));

/** A throw-away copy of the parts of the workspace the tool reads. */
export interface TempWorkspace {
  root: string;
  spec: string;
  provenance: string;
  changesetDir: string;
}

/**
 * Copies the spec, its lint config, the workspace manifest, the package manifests and the changeset config into
 * a temp folder, so tests can run the real pipeline without touching the repository.
 */
export function makeWorkspace(): TempWorkspace {
  const root = mkdtempSync(join(tmpdir(), "fetch-spec-test-"));
  for (const file of ["spec/avala.openapi.yaml", "spec/redocly.yaml", "spec/.redocly.lint-ignore.yaml"]) {
    cpSync(join(REPO_ROOT, file), join(root, file), { recursive: true });
  }
  cpSync(join(REPO_ROOT, "pnpm-workspace.yaml"), join(root, "pnpm-workspace.yaml"));
  cpSync(join(REPO_ROOT, ".changeset", "config.json"), join(root, ".changeset", "config.json"), {
    recursive: true,
  });
  for (const group of ["packages", "tools", "examples"]) {
    const dir = join(REPO_ROOT, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const manifest = join(dir, name, "package.json");
      if (!existsSync(manifest)) continue;
      mkdirSync(join(root, group, name), { recursive: true });
      cpSync(manifest, join(root, group, name, "package.json"));
    }
  }
  return {
    root,
    spec: join(root, "spec", "avala.openapi.yaml"),
    provenance: join(root, "spec", "avala.openapi.provenance.json"),
    changesetDir: join(root, ".changeset"),
  };
}

/** Removes a temp workspace. */
export function removeWorkspace(ws: TempWorkspace): void {
  rmSync(ws.root, { recursive: true, force: true });
}

/** A parsed spec that tests edit freely by path (the shape is the spec's, not a type's). */
// biome-ignore lint/suspicious/noExplicitAny: tests reach deep into parsed YAML; typing every path adds nothing.
export type SpecDoc = Record<string, any>;

/** The repository's spec, parsed (a fresh copy each call). */
export function repoSpec(): SpecDoc {
  return parse(readFileSync(REPO_SPEC, "utf8"));
}

/**
 * The real spec with one operation removed (`GET /datasets/{uid}/`), one response field retyped
 * (`WebhookDelivery.response_body_size` integer → string; no example uses it, so the spec stays valid) and one
 * operation added (`GET /datasets/{uid}/summary/`).
 */
export function modifiedSpecText(): string {
  const doc = repoSpec();
  delete doc.paths["/datasets/{uid}/"].get;
  doc.components.schemas.WebhookDelivery.properties.response_body_size.type = "string";
  doc.paths["/datasets/{uid}/summary/"] = {
    parameters: [{ $ref: "#/components/parameters/DatasetUid" }],
    get: {
      operationId: "getDatasetSummary",
      tags: ["Datasets"],
      summary: "Summarise a dataset",
      responses: {
        "200": {
          description: "Counts of the dataset's items.",
          content: {
            "application/json": {
              schema: { type: "object", properties: { item_count: { type: "integer" } } },
              example: { item_count: 1200 },
            },
          },
        },
        "401": { $ref: "#/components/responses/Unauthorized" },
      },
    },
  };
  return stringify(doc);
}

/** Hex sha256 of a file's bytes. */
export function fileSha(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Result of running the CLI. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `avala-fetch-spec` bin (through tsx, as `pnpm spec:fetch` does) in `cwd`. */
export function runCli(args: string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.INIT_CWD;
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += c;
    });
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** A local HTTP server for the tests' URLs. */
export interface TestServer {
  url: string;
  close: () => Promise<void>;
}

/** Serves `handler` on a free loopback port. */
export async function serve(handler: RequestListener): Promise<TestServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL nothing listens on: a port that was free a moment ago. */
export async function unreachableUrl(): Promise<string> {
  const server = await serve(() => {});
  await server.close();
  return `${server.url}/avala.openapi.yaml`;
}

/**
 * Fails the file's tests if they changed the repository's spec, created a provenance record next to it, or
 * added or changed anything in .changeset.
 */
export function guardRepository(): void {
  let specSha = "";
  let changesets = "";
  const provenance = join(REPO_ROOT, "spec", "avala.openapi.provenance.json");
  const hadProvenance = existsSync(provenance);
  const snapshot = () =>
    readdirSync(join(REPO_ROOT, ".changeset"))
      .sort()
      .map((f) => `${f}:${fileSha(join(REPO_ROOT, ".changeset", f))}`)
      .join("\n");
  beforeAll(() => {
    specSha = fileSha(REPO_SPEC);
    changesets = snapshot();
  });
  afterAll(() => {
    expect(fileSha(REPO_SPEC)).toBe(specSha);
    expect(snapshot()).toBe(changesets);
    expect(existsSync(provenance)).toBe(hadProvenance);
  });
}
