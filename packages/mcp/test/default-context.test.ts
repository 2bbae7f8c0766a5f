/**
 * The default configuration keeps `tools/list` small and still reaches every operation: the size of each
 * configuration against its budget, every enabled operation found, described and callable through the
 * meta-tools, and a scripted session over stdio that reaches an operation outside the default tools.
 */

import type {} from "@avala/testing/vitest-global-setup";
import { catalog } from "@avala/types/catalog";
import { describe, expect, inject, it } from "vitest";
import { CONFIGS, toolsListJson } from "../scripts/readme-tables.mjs";
import { DEFAULT_OPERATIONS } from "../src/tools/default-tools.js";
import { textOf, useInProcessServers, useServers } from "./support/mcp-client.js";

const connect = useServers();
const inProcess = useInProcessServers();

describe("tools/list size", () => {
  it.each(CONFIGS)("%s stays within its budget", (_label, options, budget) => {
    const { json } = toolsListJson(options);
    expect(json.length).toBeLessThanOrEqual(budget);
  });

  it("is what a client receives over the protocol", async () => {
    const client = await inProcess([]);
    const listed = await client.listTools();
    expect(JSON.stringify({ tools: listed.tools }).length).toBe(toolsListJson({}).json.length);
  });
});

describe("every operation is reachable from the default configuration", () => {
  it.each([
    ["read-only", [], catalog.filter((op) => op.method === "GET")],
    ["with writes", ["--allow-writes"], catalog],
  ] as const)(
    "%s: each is found by search_operations and described by describe_operation",
    async (_l, args, ops) => {
      const client = await inProcess([...args]);
      const listed = new Set((await client.listTools()).tools.map((t) => t.name));
      expect(listed).toContain("search_operations");
      expect(listed).toContain("invoke_operation");
      for (const op of ops) {
        const found = JSON.parse(
          textOf(await client.callTool({ name: "search_operations", arguments: { query: op.name } })),
        ) as { operations: { name: string }[] };
        expect(
          found.operations.map((o) => o.name),
          op.name,
        ).toContain(op.name);
        const described = await client.callTool({ name: "describe_operation", arguments: { name: op.name } });
        expect(described.isError, op.name).toBeFalsy();
        expect(JSON.parse(textOf(described)).inputSchema).toEqual(
          expect.objectContaining({ type: "object" }),
        );
      }
      // Derived from the catalog, never a fixed count: the spec grows.
      expect(ops.length).toBe(catalog.filter((op) => args.length > 0 || op.method === "GET").length);
    },
  );

  it("tells the client about the meta-tools only where they are listed", async () => {
    expect((await inProcess([])).getInstructions()).toContain("found with search_operations");
    expect((await inProcess(["--tools", "all"])).getInstructions()).not.toContain("search_operations");
  });

  it("lists the default operations as tools of their own, not the rest", async () => {
    const client = await inProcess([]);
    const names = (await client.listTools()).tools.map((t) => t.name);
    for (const name of DEFAULT_OPERATIONS) expect(names).toContain(name);
    expect(names).not.toContain("list_fleet_devices");
    expect(names).not.toContain("create_dataset");
  });
});

describe("a scripted session over stdio (built bin, Prism mock)", () => {
  it("reaches an operation outside the default tools: search, describe, invoke, then a direct call", async () => {
    const { client } = await connect(inject("avalaMockUrl"));
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).not.toContain("list_fleet_devices");

    const found = JSON.parse(
      textOf(
        await client.callTool({ name: "search_operations", arguments: { query: "list fleet devices" } }),
      ),
    ) as { operations: { name: string }[] };
    expect(found.operations.map((o) => o.name)).toContain("list_fleet_devices");

    const described = JSON.parse(
      textOf(
        await client.callTool({ name: "describe_operation", arguments: { name: "list_fleet_devices" } }),
      ),
    );
    expect(Object.keys(described.inputSchema.properties)).toEqual(
      expect.arrayContaining(["status", "cursor", "limit", "max_items"]),
    );

    const invoked = await client.callTool({
      name: "invoke_operation",
      arguments: { name: "list_fleet_devices", arguments: { max_items: 1 } },
    });
    expect(invoked.isError).toBeFalsy();
    const page = invoked.structuredContent as { items: { uid: string }[] };
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toHaveProperty("uid");

    const direct = await client.callTool({ name: "list_fleet_devices", arguments: { max_items: 1 } });
    expect(direct.isError).toBeFalsy();
    expect(direct.structuredContent).toEqual(invoked.structuredContent);
  });
});
