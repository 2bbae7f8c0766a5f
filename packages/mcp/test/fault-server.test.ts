/**
 * Tool calls against a real local HTTP server that answers what Prism cannot on demand: several distinct pages,
 * error bodies, a storm of 429s, an export that takes a few polls to finish.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { catalog } from "@avala/types/catalog";
import { describe, expect, it } from "vitest";
import { json, page, useFaultServers } from "../../core/test/support/fault-server.js";
import { TEST_API_KEY, textOf, useServers } from "./support/mcp-client.js";

const connect = useServers();
const serve = useFaultServers();
const UID = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
const example = catalog.find((op) => op.name === "create_dataset")!.examples.request!;

describe("tools/call against a local fault server (built bin over stdio)", () => {
  it("walks pages up to max_items, asking each page for only the items still wanted", async () => {
    const all = Array.from({ length: 10 }, (_, i) => ({
      uid: `d${i}`,
      name: `D${i}`,
      slug: `d${i}`,
      item_count: i,
    }));
    const api = await serve(({ req, res }) => {
      const url = new URL(req.url ?? "", "http://x");
      const from = Number(url.searchParams.get("cursor")?.slice(1) ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 100);
      const next = from + limit < all.length ? `/api/v1/datasets/?cursor=c${from + limit}` : null;
      json(res, 200, page(`http://${req.headers.host}`, all.slice(from, from + limit), next));
    });
    const { client } = await connect(api.baseUrl);
    const result = await client.callTool({ name: "list_datasets", arguments: { limit: 2, max_items: 5 } });
    expect(result.isError).toBeFalsy();
    const { items, next_cursor } = result.structuredContent as {
      items: { uid: string }[];
      next_cursor: string;
    };
    expect(items.map((d) => d.uid)).toEqual(["d0", "d1", "d2", "d3", "d4"]);
    expect(next_cursor).toBe("c5");
    expect(api.received.map((r) => r.url)).toEqual([
      "/api/v1/datasets/?limit=2",
      "/api/v1/datasets/?limit=2&cursor=c2",
      "/api/v1/datasets/?limit=1&cursor=c4",
    ]);
    // the key went to the API, in its header
    expect(api.received[0]?.headers["x-avala-api-key"]).toBe(TEST_API_KEY);

    const rest = await client.callTool({ name: "list_datasets", arguments: { cursor: next_cursor } });
    expect((rest.structuredContent as { items: { uid: string }[] }).items.map((d) => d.uid)).toEqual([
      "d5",
      "d6",
      "d7",
      "d8",
      "d9",
    ]);
  });

  it("turns API errors into isError results with core's message, never the key", async () => {
    const api = await serve(({ req, res }) =>
      req.method === "GET"
        ? json(res, 404, { detail: "Not found." })
        : json(res, 400, { name: ["This field is required."] }),
    );
    const { client, stderr } = await connect(api.baseUrl, ["--allow-writes"]);
    const missing = await client.callTool({ name: "get_dataset", arguments: { uid: UID } });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain(`404 Not Found: Not found. — GET /api/v1/datasets/${UID}/`);
    expect(textOf(missing)).toContain('"status":404');

    const bad = await client.callTool({ name: "create_dataset", arguments: { body: example.body } });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain("400 Bad Request: name: This field is required. — POST /api/v1/datasets/");
    expect(textOf(bad)).toContain('{"status":400,"fieldErrors":{"name":["This field is required."]}}');
    for (const text of [textOf(missing), textOf(bad), stderr()]) expect(text).not.toContain(TEST_API_KEY);
  });

  it("sends nothing for invalid arguments", async () => {
    const api = await serve(({ res }) => json(res, 200, {}));
    const { client } = await connect(api.baseUrl);
    const result = await client.callTool({ name: "get_dataset", arguments: { uid: "../../etc" } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("/uid must match format");
    expect(api.received).toEqual([]);
  });

  it("waits out a storm of 429s (Retry-After) and succeeds, for concurrent calls", async () => {
    const api = await serve(({ req, res, n }) =>
      n < 4
        ? json(res, 429, { detail: "Request was throttled." }, { "retry-after": "1" })
        : json(res, 200, { uid: req.url?.split("/")[4], name: "D", slug: "d", item_count: 1 }),
    );
    const { client } = await connect(api.baseUrl);
    const uids = Array.from({ length: 5 }, (_, i) => `${UID.slice(0, -1)}${i}`);
    const results = await Promise.all(
      uids.map((uid) => client.callTool({ name: "get_dataset", arguments: { uid } })),
    );
    expect(results.map((r) => r.isError ?? false)).toEqual([false, false, false, false, false]);
    expect(results.map((r) => (r.structuredContent as { uid: string }).uid)).toEqual(uids);
    expect(api.received.length).toBe(9);
  });

  it("fails with the typed 429 message when the storm outlasts the retries", async () => {
    const api = await serve(({ res }) =>
      json(res, 429, { detail: "Request was throttled." }, { "retry-after": "0" }),
    );
    const { client } = await connect(api.baseUrl);
    const result = await client.callTool({ name: "get_dataset", arguments: { uid: UID } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("429 Too Many Requests: Request was throttled.");
    expect(textOf(result)).toContain('"status":429');
    expect(api.received.length).toBe(3); // the first attempt and core's two retries
  });

  it("sends a progress notification per poll while an export runs, then the finished export", async () => {
    const statuses = ["pending", "exporting", "exported"];
    const api = await serve(({ res, n }) =>
      json(res, 200, {
        uid: UID,
        name: "v3",
        status: statuses[Math.min(n, 2)],
        exported_task_count: n * 5,
        total_task_count: 10,
        download_url: n >= 2 ? "https://exports.s3.amazonaws.com/v3.zip" : null,
      }),
    );
    const { client } = await connect(api.baseUrl);
    const progress: { progress: number; message?: string }[] = [];
    const result = await client.callTool({ name: "wait_for_export", arguments: { uid: UID } }, undefined, {
      onprogress: (p) => progress.push(p),
    });
    expect(result.structuredContent).toMatchObject({ status: "exported", download_url: expect.any(String) });
    expect(progress).toEqual([
      expect.objectContaining({ progress: 1, message: "export pending (0/10 tasks)" }),
      expect.objectContaining({ progress: 2, message: "export exporting (5/10 tasks)" }),
    ]);
  });

  it("offers download_export only with --allow-files, keeps it inside the files directory and the storage allow-list", async () => {
    const api = await serve(({ req, res }) =>
      json(res, 200, {
        uid: UID,
        name: "v3",
        status: "exported",
        download_url: `http://${req.headers.host}/storage/v3.zip`,
      }),
    );
    const plain = await connect(api.baseUrl);
    const refused = await plain.client.callTool({ name: "download_export", arguments: { uid: UID } });
    expect(textOf(refused)).toContain("download_export writes files and is not enabled");

    const dir = await mkdtemp(join(tmpdir(), "avala-mcp-files-"));
    try {
      const files = await connect(api.baseUrl, ["--allow-files", "--files-dir", dir]);
      expect((await files.client.listTools()).tools.map((t) => t.name)).toContain("download_export");
      const outside = await files.client.callTool({
        name: "download_export",
        arguments: { uid: UID, destination: "../elsewhere.zip" },
      });
      expect(outside.isError).toBe(true);
      expect(textOf(outside)).toContain("/destination must stay inside the files directory");
      expect(api.received).toEqual([]);

      // a download URL off the storage allow-list (here: plain http on this server) is refused, nothing written
      const offList = await files.client.callTool({ name: "download_export", arguments: { uid: UID } });
      expect(offList.isError).toBe(true);
      expect(textOf(offList)).toMatch(/^StorageUrlNotAllowedError: /);
      expect(api.received.map((r) => r.url)).toEqual([`/api/v1/exports/${UID}/`]);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
