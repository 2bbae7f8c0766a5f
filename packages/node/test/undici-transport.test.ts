import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createClient, createLimiter } from "../src/index.js";

const DATASET = { uid: "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17", name: "Highway LiDAR 2026", item_count: 1200 };
const ENCODERS: Record<string, (body: Buffer) => Buffer> = {
  gzip: gzipSync,
  deflate: deflateSync,
  br: brotliCompressSync,
};

const servers: Array<{ close(): void; closeAllConnections(): void }> = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A server answering every request with the dataset, compressed with `encoding`; records request headers. */
async function compressingServer(encoding: string) {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    received.push(req.headers);
    const body = ENCODERS[encoding]!(Buffer.from(JSON.stringify(DATASET)));
    res.writeHead(200, {
      "content-type": "application/json",
      "content-encoding": encoding,
      "content-length": body.length,
    });
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/api/v1`, received };
}

describe("the undici transport of createClient", () => {
  it.each(Object.keys(ENCODERS))("asks for compressed bodies and decodes %s", async (encoding) => {
    const api = await compressingServer(encoding);
    const avala = createClient({ apiKey: "avk_test_0123456789", baseUrl: api.baseUrl, limiter: false });
    const dataset = await avala.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } });
    expect(dataset).toEqual(DATASET);
    expect(api.received[0]!["accept-encoding"]).toBe("gzip, deflate, br");
  });

  it("hands middleware a Response that describes the decoded body", async () => {
    const api = await compressingServer("gzip");
    const seen: Array<{ encoding: string | null; length: string | null; body: unknown }> = [];
    const avala = createClient({
      apiKey: "avk_test_0123456789",
      baseUrl: api.baseUrl,
      limiter: false,
      middleware: [
        {
          async onResponse({ response }) {
            seen.push({
              encoding: response.headers.get("content-encoding"),
              length: response.headers.get("content-length"),
              body: await response.clone().json(),
            });
          },
        },
      ],
    });
    await avala.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } });
    expect(seen).toEqual([
      { encoding: null, length: String(Buffer.byteLength(JSON.stringify(DATASET))), body: DATASET },
    ]);
  });

  it("is on by default with the spec's limiter, which options configure and false turns off", () => {
    expect(createClient({ apiKey: "avk_test_0123456789" }).limiter).not.toBeNull();
    expect(createClient({ apiKey: "avk_test_0123456789", limiter: false }).limiter).toBeNull();
    const shared = createClient({ apiKey: "avk_test_0123456789", limiter: createLimiter({ maxQueue: 10 }) })
      .limiter!;
    expect(createClient({ apiKey: "avk_test_0123456789", limiter: shared }).limiter).toBe(shared);
  });
});
