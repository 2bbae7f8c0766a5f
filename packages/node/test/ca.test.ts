import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { APIConnectionError } from "@avala/core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { trustedCertificates } from "../src/dispatcher.js";
import { createClient } from "../src/index.js";

// A throw-away self-signed certificate for 127.0.0.1, made with the system's openssl.
let dir: string;
let cert: string;
let server: ReturnType<typeof createServer>;
let baseUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "avala-ca-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  cert = readFileSync(join(dir, "cert.pem"), "utf8");
  server = createServer({ key: readFileSync(join(dir, "key.pem")), cert }, (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ next: null, previous: null, results: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("custom CA", () => {
  it("trusts a server whose certificate is signed by the CA given in `ca`", async () => {
    const avala = createClient({ apiKey: "avk_ca_test", baseUrl, ca: cert });
    expect((await avala.GET("/datasets/")).results).toEqual([]);
  });

  it("refuses the same server without it", async () => {
    const avala = createClient({ apiKey: "avk_ca_test", baseUrl, maxRetries: 0 });
    await expect(avala.GET("/datasets/")).rejects.toBeInstanceOf(APIConnectionError);
  });

  it("adds the given CA to Node's root certificates instead of replacing them", async () => {
    expect(trustedCertificates(cert)).toEqual([...tls.rootCertificates, cert]);
    expect(trustedCertificates([cert, cert])).toHaveLength(tls.rootCertificates.length + 2);
    // What the TLS connection of a request is really given: every public root, then the extra CA.
    const connect = vi.spyOn(tls, "connect");
    const avala = createClient({ apiKey: "avk_ca_test", baseUrl, ca: cert });
    await avala.GET("/datasets/");
    const options = connect.mock.calls.map((call) => call[0] as tls.ConnectionOptions).find((o) => o?.ca);
    expect(options?.ca).toEqual([...tls.rootCertificates, cert]);
  });
});
