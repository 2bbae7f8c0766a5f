import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { promisify } from "node:util";
import type {} from "@avala/testing/vitest-global-setup";
import { catalog } from "@avala/types/catalog";
import { describe, expect, inject, it } from "vitest";
import { BIN, TEST_API_KEY, textOf, useServers } from "./support/mcp-client.js";

const run = promisify(execFile);

const connect = useServers();
const readOnlyOps = catalog.filter(isReadOnly);

import { isReadOnly } from "../src/tools/operation-tools.js";
import { workflowTools } from "../src/tools/workflow-tools.js";

const workflow = workflowTools(false);
const WORKFLOW_READ = workflow.filter((e) => !e.mutates).map((e) => e.definition.name);
const WORKFLOW = workflow.map((e) => e.definition.name);

describe("tools/list over stdio (built bin)", () => {
  it("is read-only by default: with --tools all, every GET operation plus the workflow tools, no mutation", async () => {
    const { client } = await connect(inject("avalaMockUrl"), ["--tools", "all"]);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(readOnlyOps.length + WORKFLOW_READ.length);
    expect(tools.map((t) => t.name).sort()).toEqual(
      [...readOnlyOps.map((op) => op.name), ...WORKFLOW_READ].sort(),
    );
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    const list = tools.find((t) => t.name === "list_datasets")!;
    expect(list).toMatchObject({
      title: "List datasets",
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
      inputSchema: {
        properties: { cursor: { type: "string" }, limit: { minimum: 1 }, max_items: { maximum: 1000 } },
      },
      outputSchema: { required: ["items", "next_cursor"] },
    });
  });

  it("lists every operation with --allow-writes, with annotations from the method", async () => {
    const { client } = await connect(inject("avalaMockUrl"), ["--allow-writes", "--tools", "all"]);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(catalog.length + WORKFLOW.length);
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get("delete_webhook")?.annotations).toEqual({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
    });
    expect(byName.get("create_export")?.annotations).toEqual({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
    });
    // outputSchema from the 2xx response schema; none for a 204
    expect(byName.get("create_export")?.outputSchema).toMatchObject({
      properties: { uid: { format: "uuid" } },
    });
    expect(byName.get("delete_webhook")?.outputSchema).toBeUndefined();
  });

  it.each([
    ["AVALA_MCP_ALLOW_WRITES", "1"],
    ["AVALA_MCP_ENABLE_MUTATIONS", "true"],
  ])("turns writes on with %s=%s", async (name, value) => {
    const { client } = await connect(inject("avalaMockUrl"), ["--tools", "all"], { [name]: value });
    expect((await client.listTools()).tools).toHaveLength(catalog.length + WORKFLOW.length);
  });

  it("limits the tools to the given toolsets", async () => {
    const { client } = await connect(inject("avalaMockUrl"), ["--toolsets", "datasets,exports"]);
    const names = (await client.listTools()).tools.map((t) => t.name).sort();
    const expected = readOnlyOps
      .filter((op) => op.tags.includes("Datasets") || op.tags.includes("Exports"))
      .map((op) => op.name);
    const flows = workflow
      .filter((e) => !e.mutates && e.toolsets.some((t) => t === "datasets" || t === "exports"))
      .map((e) => e.definition.name);
    expect(names).toEqual([...expected, ...flows].sort());
    expect(names).toContain("list_datasets");
    expect(names).not.toContain("list_projects");
  });

  it("offers three meta-tools in dynamic mode that find, describe and invoke an operation", async () => {
    const { client } = await connect(inject("avalaMockUrl"), ["--tools", "dynamic"]);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["search_operations", "describe_operation", "invoke_operation"]);

    const found = await client.callTool({ name: "search_operations", arguments: { query: "list datasets" } });
    expect(JSON.parse(textOf(found)).operations.map((o: { name: string }) => o.name)).toContain(
      "list_datasets",
    );
    const writes = await client.callTool({
      name: "search_operations",
      arguments: { query: "create dataset" },
    });
    // Read-only server: mutations are not offered (reads that match, such as wait_for_dataset, are).
    const offered = JSON.parse(textOf(writes)).operations as { name: string; read_only: boolean }[];
    expect(offered.map((o) => o.name)).not.toContain("create_dataset");
    expect(offered.every((o) => o.read_only)).toBe(true);

    const described = JSON.parse(
      textOf(await client.callTool({ name: "describe_operation", arguments: { name: "get_dataset" } })),
    );
    expect(described.inputSchema).toMatchObject({ required: ["uid"] });

    const invoked = await client.callTool({
      name: "invoke_operation",
      arguments: { name: "list_datasets", arguments: { max_items: 1 } },
    });
    expect(invoked.isError).toBeFalsy();
    expect((invoked.structuredContent as { items: unknown[] }).items).toHaveLength(1);

    const invalid = await client.callTool({
      name: "invoke_operation",
      arguments: { name: "get_dataset", arguments: { uid: 7 } },
    });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toContain("/uid must be string");
  });

  it.each([
    [["--toolsets", "dataset"], 'Unknown toolset "dataset". Toolsets: datasets, dataset-items,'],
    [["--tools", "some"], '--tools must be one of "default", "all", "dynamic", "official"; got "some".'],
    [["--allow-write"], "Unknown option '--allow-write'. Run avala-mcp --help for the options."],
    [["--port", "80"], "--host, --port and --allowed-origins need --http."],
  ])("refuses %j at start, saying what was wrong", async (args, message) => {
    const exit = await run(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, AVALA_API_KEY: TEST_API_KEY },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain(message);
    expect(exit.stderr.trimEnd().split("\n"), "one line").toHaveLength(1);
  });

  it("refuses to start without an API key, saying where to set it", async () => {
    const exit = await run(process.execPath, [BIN], { env: { PATH: process.env.PATH } }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(exit).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("set AVALA_API_KEY in the environment"),
    });
  });

  it("exits 0 when the host closes stdin", async () => {
    const initialize = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "0" } },
    };
    const child = spawn(process.execPath, [BIN], {
      env: { PATH: process.env.PATH, AVALA_API_KEY: TEST_API_KEY },
      stdio: ["pipe", "pipe", "ignore"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += String(chunk);
    });
    child.stdin.end(`${JSON.stringify(initialize)}\n`);
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(JSON.parse(stdout.split("\n")[0]!)).toMatchObject({
      id: 1,
      result: { serverInfo: { name: "avala" } },
    });
  });
});
