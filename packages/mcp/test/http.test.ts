import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import type {} from "@avala/testing/vitest-global-setup";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, inject, it } from "vitest";
import { BIN, TEST_API_KEY } from "./support/mcp-client.js";

let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill();
    await once(child, "exit");
  }
  child = undefined;
});

/** Starts `avala-mcp --http` on a free port and resolves with its endpoint URL once it listens. */
async function startHttp(args: string[] = []): Promise<string> {
  child = spawn(process.execPath, [BIN, "--http", "--port", "0", ...args], {
    env: { PATH: process.env.PATH, AVALA_API_KEY: TEST_API_KEY, AVALA_BASE_URL: inject("avalaMockUrl") },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  for await (const chunk of child.stderr!) {
    stderr += String(chunk);
    const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
    if (url) return url;
  }
  throw new Error(`avala-mcp --http exited: ${stderr}`);
}

/** A raw POST of `initialize` with the given Host and Origin headers. */
function post(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const body = JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "0" } },
  });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...headers,
        },
      },
      (res) => {
        let text = "";
        res.on("data", (c) => {
          text += String(c);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("Streamable HTTP (--http)", () => {
  it("binds to 127.0.0.1 and serves tools/list and tools/call to the SDK client", async () => {
    const url = await startHttp();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = new Client({ name: "http-test", version: "0.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain("list_datasets");
      expect(tools.map((t) => t.name)).not.toContain("create_dataset");
      const result = await client.callTool({ name: "list_datasets", arguments: { max_items: 1 } });
      expect((result.structuredContent as { items: unknown[] }).items).toHaveLength(1);
      expect(JSON.stringify(result)).not.toContain(TEST_API_KEY);
    } finally {
      await client.close();
    }
  });

  it("refuses a foreign Origin and a foreign Host (DNS rebinding), accepts its own and allowed origins", async () => {
    const url = await startHttp(["--allowed-origins", "https://app.example.com"]);
    const port = new URL(url).port;
    const evilOrigin = await post(url, { origin: "http://evil.example" });
    expect(evilOrigin.status).toBe(403);
    expect(evilOrigin.body).toContain("Origin http://evil.example is not allowed");
    const rebound = await post(url, { host: `evil.example:${port}`, origin: `http://evil.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain("Invalid Host header: evil.example");
    expect((await post(url, { origin: `http://localhost:${port}` })).status).toBe(200);
    expect((await post(url, { origin: "https://app.example.com" })).status).toBe(200);
    expect((await post(url, {})).status).toBe(200); // no Origin: not a browser
  });
});
