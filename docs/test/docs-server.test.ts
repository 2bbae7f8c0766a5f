import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DocsServer, startDocsServer } from "../server/docs-server.ts";
import { SITE_DIR } from "../src/site.ts";

const SERVER_KEY = "avk_docs_server_side_only_4b1e";

/** A real local HTTP server standing in for the Avala API: answers like it and records what it received. */
async function startUpstream(): Promise<{
  url: string;
  seen: { path: string; headers: IncomingHttpHeaders }[];
  server: Server;
}> {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ path: req.url ?? "", headers: req.headers });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ uid: "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17", name: "From the upstream" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`, seen, server };
}

describe("pointed at the real API, the docs server goes through @avala/node's proxy handler", () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let docs: DocsServer;

  beforeAll(async () => {
    upstream = await startUpstream();
    docs = await startDocsServer({
      siteDir: SITE_DIR,
      target: "api",
      apiKey: SERVER_KEY,
      baseUrl: upstream.url,
    });
  });
  afterAll(async () => {
    await docs?.stop();
    await new Promise((resolve) => upstream?.server.close(resolve));
  });

  it("adds the server's key upstream and never passes on one the browser sends", async () => {
    const response = await fetch(`${docs.url}api/datasets/3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17/`, {
      headers: { "X-Avala-Api-Key": "avk_typed_into_the_page" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: "From the upstream" });
    expect(upstream.seen).toHaveLength(1);
    expect(upstream.seen[0]!.path).toBe("/api/v1/datasets/3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17/");
    expect(upstream.seen[0]!.headers["x-avala-api-key"]).toBe(SERVER_KEY);
    expect(JSON.stringify([...response.headers])).not.toContain(SERVER_KEY);
  });

  it("tells the page to send requests to itself, and what answers them", async () => {
    const info = await (await fetch(`${docs.url}docs-server.json`)).json();
    expect(info).toEqual({
      apiUrl: "api",
      description: "The Avala API through this docs server (it adds the key)",
    });
    expect(JSON.stringify(info)).not.toContain(SERVER_KEY);
  });

  it("forwards nothing that is not an operation of the spec", async () => {
    const before = upstream.seen.length;
    const response = await fetch(`${docs.url}api/not-an-operation/`);
    expect(response.status).toBe(404);
    expect(upstream.seen).toHaveLength(before);
  });

  it("serves the site itself", async () => {
    const response = await fetch(docs.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("scalar/standalone.esm.js");
  });
});

describe("starting the docs server", () => {
  it("refuses the real API without a key, naming the variable", async () => {
    await expect(startDocsServer({ siteDir: SITE_DIR, target: "api" })).rejects.toThrow(/AVALA_API_KEY/);
  });
});
