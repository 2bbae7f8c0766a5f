// The generated commands: every operation of the catalog is a command, help comes from the spec, calls go
// through the built bin to Prism (the spec's mock), and bad input is one line on stderr with exit code 2.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type {} from "@avala/testing/vitest-global-setup";
import { catalog } from "@avala/types/catalog";
import type { Command } from "commander";
import { describe, expect, inject, it } from "vitest";
import { json, page, useFaultServers } from "../../core/test/support/fault-server.js";
import { tempDir } from "../../node/test/support/files.js";
import { operationCommands } from "../src/operations/register-operations.js";
import { buildProgram } from "../src/program.js";
import { runCli } from "./support/run-cli.js";

const env = () => ({ AVALA_API_KEY: "avk_cli_ops_0123456789", AVALA_BASE_URL: inject("avalaMockUrl") });

/** Hand-written workflow commands that take the name of a generated one, and the operation each one calls. */
const HAND_WRITTEN: Record<string, string> = {
  "datasets get": "getDataset",
  "exports create": "createExport",
  "annotations bulk-edit": "bulkEditAnnotations",
};

function find(program: Command, path: string): Command | undefined {
  let command: Command | undefined = program;
  for (const name of path.split(" ")) command = command?.commands.find((c) => c.name() === name);
  return command;
}

describe("a command for every operation", () => {
  it("maps each operation of the catalog to its own command, and each command exists", () => {
    const program = buildProgram();
    const commands = operationCommands();
    expect([...commands.keys()].sort()).toEqual(catalog.map((o) => o.operationId).sort());
    expect(new Set(commands.values()).size).toBe(catalog.length);
    for (const [operationId, path] of commands) {
      const command = find(program, path);
      expect(command, `${operationId} → avala ${path}`).toBeDefined();
      if (HAND_WRITTEN[path] !== undefined) expect(HAND_WRITTEN[path]).toBe(operationId);
      else expect(command!.description()).toBe(catalog.find((o) => o.operationId === operationId)!.summary);
    }
    expect(commands.get("createFleetDevice")).toBe("fleet-devices create");
    expect(commands.get("listDatasets")).toBe("datasets list");
    expect(commands.get("getDatasetByOwnerAndSlug")).toBe("datasets get-by-owner-and-slug");
  });

  it.each([
    ["fleet-devices", "create"],
    ["tasks", "list"],
    ["datasets", "get-by-owner-and-slug"],
  ])("help of avala %s %s matches its golden file", async (group, command) => {
    const { code, stdout } = await runCli([group, command, "--help"]);
    expect(code).toBe(0);
    await expect(stdout).toMatchFileSnapshot(`./golden/${group}-${command}.txt`);
  });
});

describe("generated commands against the mock", () => {
  it("lists with the resource's columns, --columns, --fields and --limit", async () => {
    const table = await runCli(["fleet-devices", "list"], env());
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^uid\s+name\s+type\s+status\s+last_seen_at\s*$/);
    const columns = await runCli(["fleet-devices", "list", "--columns", "name,status"], env());
    expect(columns.stdout.split("\n")[0]).toMatch(/^name\s+status\s*$/);
    const fields = await runCli(["--json", "--fields", "uid,name", "datasets", "list", "--all"], env());
    const parsed = JSON.parse(fields.stdout) as object[];
    expect(parsed.length).toBeGreaterThan(0);
    for (const item of parsed) expect(Object.keys(item)).toEqual(["uid", "name"]);
    const limited = await runCli(["--json", "datasets", "list", "--all", "--limit", "1"], env());
    expect(JSON.parse(limited.stdout)).toHaveLength(1);
  });

  it("lists an open enum's known values in help and sends a value outside them", async () => {
    const help = await runCli(["fleet-recordings", "list", "--help"]);
    expect(help.stdout.replace(/\s+/g, " ")).toContain(
      "(known values: uploading, processing, ready, error, archived; others accepted)",
    );
    const sent = await runCli(["--json", "fleet-recordings", "list", "--status", "quarantined"], env());
    expect(sent.stderr).toBe("");
    expect(sent.code).toBe(0);
  });

  it("sends a body from -f fields typed by the schema, and from --data @file", async () => {
    const created = await runCli(
      ["--json", "fleet-devices", "create", "-f", "name=robot-7", "-f", "tags=lidar", "-f", "tags=roof"],
      env(),
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).uid).toMatch(/^[0-9a-f-]{36}$/);
    const dir = await tempDir("avala-cli-body-");
    const file = join(dir, "webhook.json");
    await writeFile(
      file,
      JSON.stringify({ target_url: "https://example.com/hook", events: ["export.completed"] }),
    );
    const hook = await runCli(["--json", "webhooks", "create", "--data", `@${file}`], env());
    expect(hook.code).toBe(0);
    expect(JSON.parse(hook.stdout).target_url).toBeTypeOf("string");
  });

  it("lets the hand-written exports create take any other body field with -f", async () => {
    const dataset = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
    const created = await runCli(
      ["--json", "exports", "create", "--dataset", dataset, "-f", "filter_query_string=status:done"],
      env(),
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const misspelt = await runCli(["exports", "create", "--dataset", dataset, "-f", "filtr=x"], env());
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toMatch(/^avala: -f filtr: not a field of the body/);
  });

  it("takes path parameters as arguments and prints one object as a field table", async () => {
    const got = await runCli(
      ["datasets", "get-by-owner-and-slug", "acme-robotics", "highway-lidar-2026"],
      env(),
    );
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(/^slug\s+highway-lidar-2026\s*$/m);
  });
});

describe("one dispatch path: what a local server receives", () => {
  const serve = useFaultServers();
  const key = "avk_cli_dispatch_0123456789";

  it("walks a list's next links exactly as sent with --all, printing every item", async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ uid: `d${i}`, name: `D${i}` }));
    const api = await serve(({ req, res }) => {
      const url = new URL(req.url ?? "", "http://x");
      const from = Number(url.searchParams.get("cursor")?.slice(1) ?? 0);
      const next =
        from + 2 < all.length ? `/api/v1/datasets/?cursor=c${from + 2}&limit=2&page_hint=${from}` : null;
      json(res, 200, page(`http://${req.headers.host}`, all.slice(from, from + 2), next));
    });
    const env = { AVALA_API_KEY: key, AVALA_BASE_URL: api.baseUrl };
    const listed = await runCli(["--json", "datasets", "list", "--status", "ready", "--all"], env);
    expect(listed.stderr).toBe("");
    expect(JSON.parse(listed.stdout)).toEqual(all);
    expect(api.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /api/v1/datasets/?status=ready",
      "GET /api/v1/datasets/?cursor=c2&limit=2&page_hint=0",
      "GET /api/v1/datasets/?cursor=c4&limit=2&page_hint=2",
    ]);
    for (const request of api.received) expect(request.headers["x-avala-api-key"]).toBe(key);
  });

  it("sends path parameters in the path, query parameters in the query and the body as JSON", async () => {
    const api = await serve(({ req, body, res }) =>
      json(res, req.method === "POST" ? 201 : 200, { uid: "s1", echoed: body ? JSON.parse(body) : null }),
    );
    const env = { AVALA_API_KEY: key, AVALA_BASE_URL: api.baseUrl };
    const created = await runCli(
      [
        "--json",
        "storage-configs",
        "create",
        "--organization",
        "acme",
        "-f",
        "name=bucket",
        "-f",
        "provider=aws_s3",
      ],
      env,
    );
    expect(created.stderr).toBe("");
    expect(JSON.parse(created.stdout)).toEqual({ uid: "s1", echoed: { name: "bucket", provider: "aws_s3" } });
    const got = await runCli(["--json", "datasets", "get-by-owner-and-slug", "acme", "lidar 2026"], env);
    expect(got.code).toBe(0);
    expect(api.received.map((r) => [r.method, r.url, r.body])).toEqual([
      ["POST", "/api/v1/storage-configs/?organization=acme", '{"name":"bucket","provider":"aws_s3"}'],
      ["GET", "/api/v1/datasets/acme/lidar%202026/", ""],
    ]);
  });
});

describe("bad input: one clear line, exit code 2", () => {
  it.each([
    ["an unknown flag", ["datasets", "list", "--bogus"], /^avala: unknown option '--bogus'/],
    [
      "a bad enum value",
      ["datasets", "list", "--visibility", "secret"],
      /^avala: .*'secret' is invalid\. Allowed choices are private, public\./,
    ],
    ["malformed JSON", ["webhooks", "create", "--data", "{nope"], /^avala: --data is not valid JSON/],
    [
      "a wrongly typed field",
      ["tasks", "list", "--limit", "ten"],
      /^avala: --limit must be an integer, got "ten"\./,
    ],
    [
      "an unknown body field",
      ["fleet-devices", "create", "-f", "nmae=x"],
      /^avala: -f nmae: not a field of the body/,
    ],
    ["a missing argument", ["fleet-devices", "get"], /^avala: missing required argument 'uid'/],
  ])("%s", async (_what, args, message) => {
    const result = await runCli(args, env());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(message)]);
  });
});
