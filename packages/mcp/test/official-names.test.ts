/**
 * The official Avala MCP server's 55 tool names answer here with its arguments and its read-only/mutation
 * split. The list they are checked against (test/fixtures/official-mcp-tools.json) is the official server's
 * `tools/list`, kept in the repository.
 */
import { readFileSync } from "node:fs";
import type {} from "@avala/testing/vitest-global-setup";
import { describe, expect, inject, it } from "vitest";
import { json, page, useFaultServers } from "../../core/test/support/fault-server.js";
import { OFFICIAL_TOOLS } from "../src/tools/official-tools.js";
import { allTools } from "../src/tools/select-tools.js";
import { textOf, useInProcessServers, useServers } from "./support/mcp-client.js";

interface Official {
  name: string;
  args: string[];
  required: string[];
  read_only: boolean;
}
const official: Official[] = JSON.parse(
  readFileSync(new URL("./fixtures/official-mcp-tools.json", import.meta.url), "utf8"),
).tools;

const connect = useServers();
const serve = useFaultServers();
const inProcess = useInProcessServers();

const UUID = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
/** A value for each official argument that a call needs (the required ones). */
const SAMPLE: Record<string, unknown> = {
  uid: UUID,
  owner: "acme",
  slug: "lidar-drives",
  datasetSlug: "lidar-drives",
  sequenceUid: UUID,
  issueUid: UUID,
  projectUid: UUID,
  toolUid: UUID,
  problemUid: UUID,
  frameIdx: 0,
  name: "Lidar drives",
  dataType: "lidar",
  datasetType: "lidar",
  events: ["task.completed"],
  targetUrl: "https://hooks.example.com/avala",
  provider: "aws_s3",
  type: "amr",
};
const sampleArgs = (tool: Official) => Object.fromEntries(tool.required.map((arg) => [arg, SAMPLE[arg]]));

describe("the official server's tool names", () => {
  it("are all mapped, in the official order, with the official read-only/mutation split", () => {
    expect(OFFICIAL_TOOLS.map((t) => t.name)).toEqual(official.map((t) => t.name));
    expect(official).toHaveLength(55);
    const ours = new Map(allTools(true).map((entry) => [entry.definition.name, entry]));
    for (const [i, tool] of OFFICIAL_TOOLS.entries()) {
      expect(tool.readOnly, tool.name).toBe(official[i]!.read_only);
      const target = ours.get(tool.target);
      expect(target, `${tool.name} → ${tool.target}`).toBeDefined();
      expect(target!.mutates, `${tool.name} → ${tool.target}`).toBe(!tool.readOnly);
    }
  });

  it.each([
    ["read-only", [], official.filter((t) => t.read_only)],
    ["with writes", ["--allow-writes"], official],
  ] as const)("--tools official %s lists them with compatible arguments", async (_label, flags, expected) => {
    const client = await inProcess(["--tools", "official", ...flags]);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expected.map((t) => t.name));
    for (const [i, tool] of tools.entries()) {
      const want = expected[i]!;
      const properties = Object.keys(tool.inputSchema.properties ?? {});
      // every official argument is accepted, and nothing beyond the official required ones is required
      expect(properties, tool.name).toEqual(expect.arrayContaining(want.args));
      expect(want.required, tool.name).toEqual(expect.arrayContaining(tool.inputSchema.required ?? []));
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(want.read_only);
    }
  });

  it("answer in the default configuration: every read-only name against the Prism mock", async () => {
    const { client } = await connect(inject("avalaMockUrl"));
    const listed = new Set((await client.listTools()).tools.map((t) => t.name));
    for (const tool of official.filter((t) => t.read_only)) {
      const result = await client.callTool({ name: tool.name, arguments: sampleArgs(tool) });
      expect(result.isError ? `${tool.name}: ${textOf(result)}` : "", tool.name).toBe("");
    }
    // the workflow tools among them are listed as such
    for (const name of ["get_workspace_overview", "get_fleet_health", "get_project_quality_summary"]) {
      expect(listed).toContain(name);
    }
  });

  it("answer with writes: every mutation against the Prism mock; refused with a reason when read-only", async () => {
    const writer = await connect(inject("avalaMockUrl"), ["--allow-writes"]);
    const reader = await connect(inject("avalaMockUrl"));
    for (const tool of official.filter((t) => !t.read_only)) {
      const result = await writer.client.callTool({ name: tool.name, arguments: sampleArgs(tool) });
      expect(result.isError ? `${tool.name}: ${textOf(result)}` : "", tool.name).toBe("");
      const refused = await reader.client.callTool({ name: tool.name, arguments: sampleArgs(tool) });
      expect(refused.isError, tool.name).toBe(true);
      expect(textOf(refused), tool.name).toContain(`${tool.name} changes data and is not enabled`);
    }
  });

  it("translate official arguments to the operation's path, query and body", async () => {
    const api = await serve(({ req, res }) =>
      req.method === "GET"
        ? json(res, 200, page(`http://${req.headers.host}`, [], null))
        : json(res, 201, { uid: UUID, name: "n", slug: "s" }),
    );
    const { client } = await connect(api.baseUrl, ["--allow-writes"]);
    const calls: [string, Record<string, unknown>][] = [
      ["list_datasets", { dataType: "lidar", limit: 5 }],
      ["list_annotation_issues_by_dataset", { owner: "acme", datasetSlug: "drives", sequenceUid: UUID }],
      ["fleet_register_device", { name: "AMR 7", type: "amr", firmwareVersion: "2.1.0", tags: ["dock"] }],
      ["create_dataset", { name: "Drives", slug: "drives", dataType: "lidar", isSequence: true }],
      ["create_dataset", { body: { name: "Drives", slug: "drives", data_type: "lidar" } }],
    ];
    for (const [name, args] of calls) {
      const result = await client.callTool({ name, arguments: args });
      expect(result.isError ? textOf(result) : "", name).toBe("");
    }
    expect(api.received.map((r) => [r.method, r.url, r.body ? JSON.parse(r.body) : null])).toEqual([
      ["GET", "/api/v1/datasets/?data_type=lidar&limit=5", null],
      ["GET", `/api/v1/datasets/acme/drives/annotation-issues/?sequence_uid=${UUID}`, null],
      [
        "POST",
        "/api/v1/fleet/devices/",
        { name: "AMR 7", type: "amr", firmware_version: "2.1.0", tags: ["dock"] },
      ],
      [
        "POST",
        "/api/v1/datasets/",
        { name: "Drives", slug: "drives", data_type: "lidar", is_sequence: true },
      ],
      ["POST", "/api/v1/datasets/", { name: "Drives", slug: "drives", data_type: "lidar" }],
    ]);
  });

  it("refuse an unknown official argument by name, sending nothing", async () => {
    const api = await serve(({ res }) => json(res, 200, {}));
    const { client } = await connect(api.baseUrl);
    const result = await client.callTool({
      name: "fleet_get_device",
      arguments: { uid: UUID, colour: "red" },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("/colour is not a known argument");
    expect(api.received).toEqual([]);
  });
});
