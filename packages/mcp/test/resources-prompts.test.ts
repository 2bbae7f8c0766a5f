/** Resources (an operation's description from the spec, a dataset's summary) and prompts. */

import { createClient } from "@avala/node";
import type {} from "@avala/testing/vitest-global-setup";
import { catalog } from "@avala/types/catalog";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, inject, it } from "vitest";
import { json, useFaultServers } from "../../core/test/support/fault-server.js";
import { createAvalaMcpServer, parseServerOptions } from "../src/index.js";
import { TEST_API_KEY, useServers } from "./support/mcp-client.js";

const connect = useServers();
const serve = useFaultServers();
const UID = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
let open: Client[] = [];
afterEach(async () => {
  await Promise.all(open.map((c) => c.close()));
  open = [];
});

async function inProcess(args: string[], baseUrl = "http://127.0.0.1:9/api/v1") {
  const avala = createClient({ apiKey: TEST_API_KEY, baseUrl, maxRetries: 0 });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createAvalaMcpServer(avala, parseServerOptions(args, {})).connect(serverSide);
  const client = new Client({ name: "resources-test", version: "0.0.0" });
  await client.connect(clientSide);
  open.push(client);
  return client;
}

const textOfResource = (result: { contents: unknown[] }) =>
  JSON.parse((result.contents[0] as { text: string }).text);

describe("resources", () => {
  it("lists one resource per enabled operation and the two templates", async () => {
    const reader = await inProcess([]);
    const { resources } = await reader.listResources();
    const readOnly = catalog.filter((op) => op.method === "GET" || op.name === "test_storage_config");
    expect(resources.map((r) => r.name).sort()).toEqual(readOnly.map((op) => op.name).sort());
    const writer = await inProcess(["--allow-writes"]);
    expect((await writer.listResources()).resources).toHaveLength(catalog.length);
    const { resourceTemplates } = await reader.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual([
      "avala://operations/{name}",
      "avala://datasets/{uid}/summary",
    ]);
  });

  it("reads an operation's description from the spec, field descriptions included", async () => {
    const client = await inProcess([]);
    const op = textOfResource(await client.readResource({ uri: "avala://operations/list_fleet_devices" }));
    expect(op).toMatchObject({
      name: "list_fleet_devices",
      method: "GET",
      path: "/fleet/devices/",
      toolsets: ["fleet-devices"],
      read_only: true,
      paginated: true,
    });
    expect(op.input_schema.properties.status.description).toContain("Filter by device status");
    expect(JSON.stringify(op.output_schema)).toContain('"description"');
  });

  it("does not describe an operation the server does not enable, nor an unknown URI", async () => {
    const client = await inProcess([]);
    for (const uri of ["avala://operations/create_dataset", "avala://operations/nope", "avala://elsewhere"]) {
      const error = await client.readResource({ uri }).catch((e: unknown) => e);
      expect(error, uri).toBeInstanceOf(McpError);
      expect((error as McpError).code, uri).toBe(-32002);
    }
  });

  it("summarises a dataset from the Prism mock (built bin)", async () => {
    const { client } = await connect(inject("avalaMockUrl"));
    const summary = textOfResource(await client.readResource({ uri: `avala://datasets/${UID}/summary` }));
    expect(summary.dataset).toMatchObject({ name: expect.any(String), slug: expect.any(String) });
    expect(summary.health).toHaveProperty("ingest_ok");
    expect(summary).not.toHaveProperty("errors");
  });

  it("summarises a dataset whose health the key cannot read, and fails for an unknown dataset", async () => {
    const api = await serve(({ req, res }) => {
      if (req.url === `/api/v1/datasets/${UID}/`) {
        return json(res, 200, {
          uid: UID,
          name: "Drives",
          slug: "drives",
          owner_name: "acme",
          item_count: 12,
        });
      }
      if (req.url === "/api/v1/datasets/acme/drives/health/") return json(res, 403, { detail: "Forbidden." });
      return json(res, 404, { detail: "Not found." });
    });
    const client = await inProcess([], api.baseUrl);
    const summary = textOfResource(await client.readResource({ uri: `avala://datasets/${UID}/summary` }));
    expect(summary.dataset).toEqual({
      uid: UID,
      name: "Drives",
      slug: "drives",
      owner_name: "acme",
      item_count: 12,
    });
    expect(summary.errors.health).toMatchObject({ status: 403 });
    expect(api.received.map((r) => r.url)).toEqual([
      `/api/v1/datasets/${UID}/`,
      "/api/v1/datasets/acme/drives/health/",
    ]);

    const other = "0b8e4a17-7b4d-4e8a-9c61-3f2c9a1e2d5f";
    const error = await client
      .readResource({ uri: `avala://datasets/${other}/summary` })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32002);
    expect((error as McpError).message).toContain("404 Not Found: Not found.");
    expect(JSON.stringify(error)).not.toContain(TEST_API_KEY);
  });
});

describe("prompts", () => {
  it("lists the prompts with their arguments", async () => {
    const client = await inProcess([]);
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => [p.name, p.arguments?.map((a) => [a.name, a.required])])).toEqual([
      ["summarize_dataset", [["uid", true]]],
      ["review_project_quality", [["project_uid", true]]],
      ["check_fleet_health", [["device_type", false]]],
    ]);
  });

  it("renders a prompt naming the tools and resources to use", async () => {
    const client = await inProcess([]);
    const review = await client.getPrompt({
      name: "review_project_quality",
      arguments: { project_uid: UID },
    });
    const text = (review.messages[0]!.content as { text: string }).text;
    expect(text).toContain(`get_project_quality_summary with project_uid "${UID}"`);
    const dataset = await client.getPrompt({ name: "summarize_dataset", arguments: { uid: UID } });
    expect((dataset.messages[0]!.content as { text: string }).text).toContain(
      `avala://datasets/${UID}/summary`,
    );
    const fleet = await client.getPrompt({ name: "check_fleet_health", arguments: {} });
    expect((fleet.messages[0]!.content as { text: string }).text).toContain("Call get_fleet_health, then");
  });

  it("refuses a missing required argument and an unknown prompt by name", async () => {
    const client = await inProcess([]);
    const missing = await client
      .getPrompt({ name: "summarize_dataset", arguments: {} })
      .catch((e: unknown) => e);
    expect((missing as McpError).code).toBe(-32602);
    expect((missing as McpError).message).toContain("Prompt summarize_dataset needs the argument uid.");
    const unknown = await client.getPrompt({ name: "nope" }).catch((e: unknown) => e);
    expect((unknown as McpError).message).toContain('Unknown prompt "nope"; prompts: summarize_dataset,');
  });
});
