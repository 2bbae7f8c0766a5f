import type {} from "@avala/testing/vitest-global-setup";
import { catalog } from "@avala/types/catalog";
import { describe, expect, inject, it } from "vitest";
import { TEST_API_KEY, textOf, useServers } from "./support/mcp-client.js";

const connect = useServers();
const example = (name: string) => catalog.find((op) => op.name === name)!.examples;

describe("tools/call against the Prism mock (built bin over stdio)", () => {
  it("returns one page of a list with its next cursor, and at most max_items", async () => {
    const { client, stderr } = await connect(inject("avalaMockUrl"));
    const one = await client.callTool({ name: "list_datasets", arguments: {} });
    expect(one.isError).toBeFalsy();
    const page = one.structuredContent as { items: { uid: string }[]; next_cursor: string | null };
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items[0]).toHaveProperty("uid");
    expect(JSON.parse(textOf(one))).toEqual(page);

    const bounded = await client.callTool({ name: "list_datasets", arguments: { max_items: 1 } });
    expect((bounded.structuredContent as { items: unknown[] }).items).toEqual([page.items[0]]);
    expect(stderr()).not.toContain(TEST_API_KEY);
  });

  it("gets one resource with structured content matching its output schema", async () => {
    const { client } = await connect(inject("avalaMockUrl"));
    const uid = example("get_dataset").request?.uid as string;
    const result = await client.callTool({ name: "get_dataset", arguments: { uid } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ name: expect.any(String), slug: expect.any(String) });
  });

  it("runs a mutation with writes on, and does not offer it with writes off", async () => {
    const body = example("create_dataset").request?.body;
    const writer = await connect(inject("avalaMockUrl"), ["--allow-writes"]);
    const created = await writer.client.callTool({ name: "create_dataset", arguments: { body } });
    expect(created.isError).toBeFalsy();
    expect(created.structuredContent).toHaveProperty("uid");

    const reader = await connect(inject("avalaMockUrl"));
    const refused = await reader.client.callTool({ name: "create_dataset", arguments: { body } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/changes data and is not enabled.*--allow-writes/);
  });

  it("refuses invalid arguments before any request, naming the field by JSON pointer", async () => {
    const { client } = await connect(inject("avalaMockUrl"), ["--allow-writes"]);
    const cases: [string, Record<string, unknown>, string][] = [
      ["list_datasets", { limit: 0 }, "/limit must be >= 1"],
      ["list_datasets", { max_items: 5000 }, "/max_items must be <= 1000"],
      ["get_dataset", {}, "/uid is required"],
      ["get_dataset", { uid: "not-a-uuid" }, '/uid must match format "uuid"'],
      [
        "get_dataset",
        { uid: "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17", extra: 1 },
        "/extra is not a known argument",
      ],
      ["create_dataset", { body: {} }, "/body/name is required"],
    ];
    for (const [name, args, message] of cases) {
      const result = await client.callTool({ name, arguments: args });
      expect(result.isError, name).toBe(true);
      expect(textOf(result)).toContain(message);
      expect(textOf(result)).toContain("nothing was sent");
    }
  });

  it("waits for a finished export and gives its download URL", async () => {
    const { client } = await connect(inject("avalaMockUrl"));
    const uid = example("get_export").request?.uid as string;
    // Prism's example export has already finished: one poll. (Progress per poll: see fault-server.test.ts.)
    const done = await client.callTool({ name: "wait_for_export", arguments: { uid } });
    expect(done.isError).toBeFalsy();
    expect(done.structuredContent).toMatchObject({ uid: expect.any(String), status: "exported" });

    const url = await client.callTool({ name: "get_export_download_url", arguments: { uid } });
    expect((url.structuredContent as { download_url: string }).download_url).toMatch(/^https:\/\//);
    const none = (await client.listTools()).tools.find((t) => t.name === "download_export");
    expect(none).toBeUndefined(); // nothing writes to disk without --allow-files
  });
});
