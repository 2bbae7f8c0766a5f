import { execFile } from "node:child_process";
import { once } from "node:events";
import type { ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { createGzip, gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigurationError, createClient, ResponseTooLargeError } from "../src/index.js";
import { type FaultServer, json, useFaultServers } from "./support/fault-server.js";
import { TRANSPORT_MODULE } from "./support/transport-under-test.js";

const KEY = "avk_test_0123456789abcdef";
const MiB = 1024 * 1024;
const DEFAULT_LIMIT = 32 * MiB;
const serve = useFaultServers();

/** `{"results":[` + `spaces` spaces + `]}`: valid JSON, so a client without a limit would return it whole. */
function spacesPage(spaces: number, write: (chunk: Buffer | string) => Promise<void> | void) {
  const chunk = Buffer.alloc(MiB, 0x20);
  return (async () => {
    await write('{"results":[');
    for (let left = spaces; left > 0; left -= MiB) await write(left >= MiB ? chunk : chunk.subarray(0, left));
    await write("]}");
  })();
}

/** gzip of a JSON page of `decoded` bytes, built chunk by chunk (the test never holds the inflated body). */
async function gzipBomb(decoded: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on("data", (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => gzip.on("end", resolve));
  await spacesPage(decoded - 14, (c) => {
    if (!gzip.write(c)) return new Promise<void>((resolve) => gzip.once("drain", () => resolve()));
  });
  gzip.end();
  await ended;
  return Buffer.concat(out);
}

/** Writes a JSON page of `size` bytes to `res`, honouring backpressure, until the client goes away; resolves bytes sent. */
async function stream(res: ServerResponse, size: number): Promise<number> {
  let sent = 0;
  const closed = new Promise((resolve) => res.once("close", resolve));
  await spacesPage(size - 14, async (chunk) => {
    if (res.destroyed) throw new Error("client gone");
    sent += chunk.length;
    if (!res.write(chunk)) await Promise.race([once(res, "drain"), closed]);
  }).catch(() => {});
  res.end();
  return sent;
}

/** Runs the hostile call in a child process (see support/measure-body-cap.mts) on the transport under test. */
async function measure(server: FaultServer) {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  const script = fileURLToPath(new URL("./support/measure-body-cap.mts", import.meta.url));
  const input = JSON.stringify({ baseUrl: server.baseUrl, transportModule: TRANSPORT_MODULE });
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", tsx, script, input], {
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as { name: string; message: string; growth: number };
}

const mb = (n: number) => `${(n / MiB).toFixed(1)} MB`;

describe("maxResponseBytes, measured in a child process", () => {
  let bomb: Buffer;
  beforeAll(async () => {
    bomb = await gzipBomb(400 * MiB);
  }, 60_000);

  it("stops a gzip bomb (under 0.5 MB on the wire, 400 MB inflated) at the default 32 MiB, memory bounded", async () => {
    expect(bomb.length).toBeLessThan(MiB / 2);
    const server = await serve(({ req, res }) => {
      if (req.url === "/api/v1/datasets/") return json(res, 200, { next: null, previous: null, results: [] });
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": bomb.length,
      });
      res.end(bomb);
    });
    const result = await measure(server);
    console.log(`gzip bomb: ${result.name}, peak RSS growth ${mb(result.growth)}`);
    expect(result.name).toBe("ResponseTooLargeError");
    expect(result.message).toBe(
      `GET /api/v1/projects/: body larger than maxResponseBytes (${DEFAULT_LIMIT}); reading stopped. ` +
        "Raise it on the client or the call if that is expected.",
    );
    expect(result.growth).toBeLessThan(100 * MiB);
    expect(server.received).toHaveLength(2); // the warm-up and one attempt: not retried
  });

  it("stops a 300 MB plain body at the default 32 MiB, memory bounded, and reads no further", async () => {
    const size = 300 * MiB;
    let sent: Promise<number> | undefined;
    const server = await serve(({ req, res }) => {
      if (req.url === "/api/v1/datasets/") return json(res, 200, { next: null, previous: null, results: [] });
      res.writeHead(200, { "content-type": "application/json", "content-length": size });
      sent = stream(res, size);
    });
    const result = await measure(server);
    const bytesSent = await sent!;
    console.log(`300 MB body: ${result.name}, peak RSS growth ${mb(result.growth)}, ${mb(bytesSent)} sent`);
    expect(result.name).toBe("ResponseTooLargeError");
    expect(result.message).toContain(`maxResponseBytes (${DEFAULT_LIMIT})`);
    expect(result.growth).toBeLessThan(100 * MiB);
    // The connection was dropped at the limit: the server could not send the rest (socket buffers aside).
    expect(bytesSent).toBeLessThan(size / 2);
    expect(server.received).toHaveLength(2);
  });
});

describe("maxResponseBytes", () => {
  const BODY = { next: null, previous: null, results: [{ name: "x".repeat(1000) }] };
  const LENGTH = Buffer.byteLength(JSON.stringify(BODY));
  const plainServer = () => serve(({ res }) => json(res, 200, BODY));
  const list = (server: FaultServer, options: object = {}, call: object = {}) =>
    createClient({ apiKey: KEY, baseUrl: server.baseUrl, limiter: false, ...options }).GET(
      "/datasets/",
      call,
    );

  it("reads a body of exactly the limit and refuses one byte more, naming the limit and the call", async () => {
    const server = await plainServer();
    await expect(list(server, { maxResponseBytes: LENGTH })).resolves.toEqual(BODY);
    const error = await list(server, { maxResponseBytes: LENGTH - 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.maxResponseBytes).toBe(LENGTH - 1);
    expect(error.method).toBe("GET");
    expect(error.path).toBe("/api/v1/datasets/");
    expect(error.message).toContain(
      `GET /api/v1/datasets/: body larger than maxResponseBytes (${LENGTH - 1}); reading stopped.`,
    );
  });

  it("is not retried, even for a GET with retries left", async () => {
    const server = await plainServer();
    const error = await list(server, { maxResponseBytes: 100, maxRetries: 2 }).catch((e) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(server.received).toHaveLength(1);
  });

  it("counts decoded bytes: a small gzip body that inflates past the limit is refused", async () => {
    const inflated = gzipSync(JSON.stringify(BODY));
    expect(inflated.length).toBeLessThan(200);
    const server = await serve(({ res }) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(inflated);
    });
    await expect(list(server, { maxResponseBytes: 500 })).rejects.toBeInstanceOf(ResponseTooLargeError);
    await expect(list(server, { maxResponseBytes: LENGTH })).resolves.toEqual(BODY);
  });

  it("applies to error responses and the raw client alike", async () => {
    const server = await serve(({ res }) => json(res, 500, { detail: "x".repeat(1000) }));
    const options = {
      apiKey: KEY,
      baseUrl: server.baseUrl,
      limiter: false as const,
      maxRetries: 0,
      maxResponseBytes: 100,
    };
    await expect(createClient(options).GET("/datasets/")).rejects.toBeInstanceOf(ResponseTooLargeError);
    await expect(createClient(options).raw.GET("/datasets/")).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it("takes a call's own maxResponseBytes over the client's; 0 turns the limit off", async () => {
    const server = await plainServer();
    await expect(list(server, { maxResponseBytes: 100 }, { maxResponseBytes: LENGTH })).resolves.toEqual(
      BODY,
    );
    await expect(list(server, { maxResponseBytes: 100 }, { maxResponseBytes: 0 })).resolves.toEqual(BODY);
    await expect(list(server, { maxResponseBytes: 0 })).resolves.toEqual(BODY);
    await expect(list(server, {}, { maxResponseBytes: 100 })).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it("refuses a limit that is not a non-negative integer, on the client and on a call", async () => {
    for (const bad of [-1, 1.5, Number.POSITIVE_INFINITY, "1MB"]) {
      expect(() => createClient({ apiKey: KEY, maxResponseBytes: bad as number })).toThrow(
        expect.objectContaining({ option: "maxResponseBytes" }),
      );
    }
    const server = await plainServer();
    const error = await list(server, {}, { maxResponseBytes: "1MB" }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe("maxResponseBytes must be a finite, non-negative integer; got 1MB.");
    expect(server.received).toHaveLength(0);
  });
});
