/**
 * One dispatch path: every tool call reaches the API through the client's pipeline (`invoke` by operationId). The
 * server runs in process over an in-memory MCP transport so the client's `request` events can be watched; a real
 * local HTTP server answers and records what it received.
 */
import { createClient } from "@avala/node";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, page, useFaultServers } from "../../core/test/support/fault-server.js";
import { createAvalaMcpServer, type ServerOptions } from "../src/index.js";

const serve = useFaultServers();
const OPTIONS: ServerOptions = {
  allowWrites: true,
  toolsets: null,
  tools: "all",
  allowFiles: false,
  filesDir: ".",
  http: null,
};
const KEY = "avk_mcp_dispatch_0123456789";

let open: Client[] = [];
afterEach(async () => {
  await Promise.all(open.map((c) => c.close()));
  open = [];
});

/** An in-process MCP server over `baseUrl`, its client's request events, and a connected MCP client. */
async function start(baseUrl: string, options: ServerOptions = OPTIONS) {
  const avala = createClient({ apiKey: KEY, baseUrl });
  const sent: string[] = [];
  avala.on("request", ({ method, path, attempt }) => sent.push(`${method} ${path} #${attempt}`));
  // The one untyped dispatch `invoke` ends in; the typed methods and `page()` must not be looked up by name.
  const request = vi.spyOn(avala, "request");
  const bypasses = [vi.spyOn(avala, "GET"), vi.spyOn(avala, "POST"), vi.spyOn(avala, "page")];
  const dispatched = () => {
    for (const spy of bypasses) expect(spy).not.toHaveBeenCalled();
    return request.mock.calls.map(([method, path]) => `${method} ${path}`);
  };
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createAvalaMcpServer(avala, options).connect(serverSide);
  const client = new Client({ name: "avala-mcp-test", version: "0.0.0" });
  await client.connect(clientSide);
  open.push(client);
  return { client, sent, dispatched };
}

describe("tool calls go through the client's pipeline to their operation", () => {
  it("sends path, query and body where the operation takes them", async () => {
    const api = await serve(({ req, body, res }) =>
      json(res, req.method === "POST" ? 201 : 200, { uid: "s1", echoed: body ? JSON.parse(body) : null }),
    );
    const { client, sent, dispatched } = await start(api.baseUrl);
    const created = await client.callTool({
      name: "create_storage_config",
      arguments: { organization: "acme", body: { name: "bucket", provider: "aws_s3" } },
    });
    expect(created.isError).toBeFalsy();
    expect(created.structuredContent).toEqual({
      uid: "s1",
      echoed: { name: "bucket", provider: "aws_s3" },
    });
    const got = await client.callTool({
      name: "get_dataset_by_owner_and_slug",
      arguments: { owner: "acme", slug: "lidar 2026" },
    });
    expect(got.isError).toBeFalsy();
    expect(dispatched()).toEqual(["POST /storage-configs/", "GET /datasets/{owner}/{slug}/"]);
    expect(sent).toEqual(["POST /api/v1/storage-configs/ #1", "GET /api/v1/datasets/acme/lidar%202026/ #1"]);
    expect(api.received.map((r) => [r.method, r.url, r.body, r.headers["x-avala-api-key"]])).toEqual([
      ["POST", "/api/v1/storage-configs/?organization=acme", '{"name":"bucket","provider":"aws_s3"}', KEY],
      ["GET", "/api/v1/datasets/acme/lidar%202026/", "", KEY],
    ]);
  });

  it("lists through the same pipeline: a page's items and the cursor of its next link", async () => {
    const api = await serve(({ req, res }) =>
      json(
        res,
        200,
        page(
          `http://${req.headers.host}`,
          [{ uid: "d0" }, { uid: "d1" }],
          "/api/v1/datasets/?cursor=c2&limit=2",
        ),
      ),
    );
    const { client, sent, dispatched } = await start(api.baseUrl);
    const listed = await client.callTool({ name: "list_datasets", arguments: { limit: 2, status: "ready" } });
    expect(listed.isError).toBeFalsy();
    expect(listed.structuredContent).toEqual({ items: [{ uid: "d0" }, { uid: "d1" }], next_cursor: "c2" });
    expect(dispatched()).toEqual(["GET /datasets/"]);
    expect(sent).toEqual(["GET /api/v1/datasets/ #1"]);
    expect(api.received.map((r) => r.url)).toEqual(["/api/v1/datasets/?status=ready&limit=2"]);
  });
});
