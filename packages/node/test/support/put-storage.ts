/**
 * A stand-in for an object-storage host that takes presigned PUT uploads (S3-style), as a real HTTPS server on
 * 127.0.0.1 with a throw-away self-signed certificate (made with the system's openssl). It enforces what a
 * presigned PUT URL signs, so a client that gets any of it wrong is refused as S3 would refuse it:
 *
 * - the signature (`X-Amz-Signature`, an HMAC over method, path, Content-Length, Content-Type, date and expiry),
 *   and the expiry (`X-Amz-Date` + `X-Amz-Expires`, against the stand-in's clock `now`);
 * - `Content-Length` present (411 without it: no chunked uploads) and equal to the signed length;
 * - `Content-Type` equal to the signed one; no `X-Avala-Api-Key` (the API key must never reach storage);
 * - the body: exactly Content-Length bytes, streamed into MD5/SHA-256 and a counter (never buffered, so a 2 GB
 *   upload costs the stand-in no memory); the answer is 200 with `ETag: "<md5>"` as S3 gives for a single PUT.
 *
 * Faults: `failNext(n, "503" | "reset")` fails the next n PUTs (a 503 after reading the body, or a connection reset
 * part-way). `whenReceived(key, bytes, fn)` runs `fn` once an upload of `key` has received that many bytes (for
 * tests that kill a client mid-transfer, driven by the bytes, not by time).
 *
 * Trust it with `ca: storage.cert` on the client (or NODE_EXTRA_CA_CERTS=storage.certFile for a child process) and
 * allow its host with `storageHosts: [...DEFAULT_STORAGE_HOSTS, storage.hostname]`.
 */
import { execFileSync } from "node:child_process";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What a presigned URL signs. */
export interface PresignInput {
  /** Object key, e.g. `fleet/rec-1/drive.mcap`. */
  key: string;
  contentLength: number;
  contentType: string;
  /** Validity in seconds. Default 3600. */
  expiresIn?: number;
}

/** A PUT stored (answered 200). */
export interface StoredObject {
  key: string;
  bytes: number;
  sha256: string;
  etag: string;
  headers: IncomingHttpHeaders;
}

/** A PUT the stand-in refused or lost, with why. */
export interface RefusedPut {
  key: string;
  status: number | "reset" | "aborted";
  code: string;
  bytes: number;
}

/** A running stand-in; see the module comment. */
export interface PutStorage {
  /** Origin, e.g. `https://127.0.0.1:41234`. */
  readonly origin: string;
  /** Host to allow-list: `127.0.0.1`. */
  readonly hostname: string;
  /** PEM of the self-signed certificate (pass as the client's `ca`). */
  readonly cert: string;
  /** Path of the certificate file (for NODE_EXTRA_CA_CERTS of a child process). */
  readonly certFile: string;
  /** Every stored PUT, in order of completion (a key stored twice appears twice). */
  readonly stored: StoredObject[];
  /** PUTs refused or cut off. */
  readonly refused: RefusedPut[];
  /** Most PUTs in progress at once so far. */
  readonly maxConcurrent: number;
  /** Clock of the expiry check, in ms since the epoch (URLs are signed on the real clock). Default: the real clock. */
  now: () => number;
  /** A presigned PUT URL for `input`. */
  presign(input: PresignInput): string;
  /** ETag (without quotes) of the last stored version of `key`, if any. */
  etagOf(key: string): string | undefined;
  /** Fails the next `count` PUTs. */
  failNext(count: number, mode: "503" | "reset"): void;
  /** Runs `fn` once an upload of `key` has received at least `bytes` bytes. */
  whenReceived(key: string, bytes: number, fn: () => void): void;
  /** How many times `key` was stored. */
  timesStored(key: string): number;
  /** Forgets stored objects, refusals, faults, watches and counters. */
  reset(): void;
  close(): Promise<void>;
}

let certificate: { dir: string; key: Buffer; cert: string; certFile: string } | undefined;

/** One certificate per test process: openssl is slow enough that every test making its own would show. */
function selfSigned() {
  if (certificate) return certificate;
  const dir = mkdtempSync(join(tmpdir(), "avala-put-storage-"));
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"],
      ...["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
      ...["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")],
    ],
    { stdio: "ignore" },
  );
  certificate = {
    dir,
    key: readFileSync(join(dir, "key.pem")),
    cert: readFileSync(join(dir, "cert.pem"), "utf8"),
    certFile: join(dir, "cert.pem"),
  };
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return certificate;
}

const BUCKET = "/bucket/";

/** Starts the stand-in on 127.0.0.1 and a free port. */
export async function startPutStorage(): Promise<PutStorage> {
  const { key: tlsKey, cert, certFile } = selfSigned();
  const secret = randomBytes(32);
  const stored: StoredObject[] = [];
  const refused: RefusedPut[] = [];
  let faults: Array<"503" | "reset"> = [];
  let watches: Array<{ key: string; bytes: number; fn: () => void }> = [];
  let active = 0;
  let maxActive = 0;

  const sign = (key: string, length: string, type: string, date: string, expires: string) =>
    createHmac("sha256", secret)
      .update(["PUT", `${BUCKET}${key}`, length, type, date, expires].join("\n"))
      .digest("hex");

  const server = createServer({ key: tlsKey, cert }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://x");
    const key = decodeURIComponent(url.pathname.slice(BUCKET.length));
    const error = (status: number, code: string, received = 0) => {
      refused.push({ key, status, code, bytes: received });
      req.resume();
      res.writeHead(status, { "Content-Type": "application/xml", Connection: "close" });
      res.end(`<Error><Code>${code}</Code><Message>${code} (stand-in)</Message></Error>`);
    };
    if (req.method !== "PUT" || !url.pathname.startsWith(BUCKET)) return error(405, "MethodNotAllowed");
    const q = url.searchParams;
    const date = q.get("X-Amz-Date") ?? "";
    const expires = q.get("X-Amz-Expires") ?? "";
    const signature = q.get("X-Amz-Signature") ?? "";
    const signedLength = q.get("x-length") ?? "";
    const signedType = q.get("x-type") ?? "";
    const expected = Buffer.from(sign(key, signedLength, signedType, date, expires), "hex");
    const given = Buffer.from(signature, "hex");
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return error(403, "SignatureDoesNotMatch");
    if (standIn.now() > (Number(date) + Number(expires)) * 1000) return error(403, "AccessDenied");
    if (req.headers["x-avala-api-key"] !== undefined) return error(400, "ApiKeyLeakedToStorage");
    const length = req.headers["content-length"];
    if (length === undefined) return error(411, "MissingContentLength");
    // S3 answers SignatureDoesNotMatch for both; the stand-in names which header was off.
    if (length !== signedLength) {
      return error(403, "SignatureDoesNotMatch.ContentLength");
    }
    if ((req.headers["content-type"] ?? "") !== signedType)
      return error(403, "SignatureDoesNotMatch.ContentType");

    active++;
    maxActive = Math.max(maxActive, active);
    res.once("close", () => active--);
    const fault = faults.shift();
    const md5 = createHash("md5");
    const sha = createHash("sha256");
    let received = 0;
    req.on("data", (chunk: Buffer) => {
      received += chunk.length;
      md5.update(chunk);
      sha.update(chunk);
      if (fault === "reset" && received >= Math.min(64 * 1024, Number(length) / 2)) {
        refused.push({ key, status: "reset", code: "reset", bytes: received });
        req.socket.destroy();
        return;
      }
      const due = watches.filter((w) => w.key === key && received >= w.bytes);
      if (due.length) {
        watches = watches.filter((w) => !due.includes(w));
        for (const w of due) w.fn();
      }
    });
    req.on("aborted", () => refused.push({ key, status: "aborted", code: "aborted", bytes: received }));
    req.on("end", () => {
      if (received !== Number(length)) return error(400, "IncompleteBody", received);
      if (fault === "503") return error(503, "SlowDown", received);
      const etag = md5.digest("hex");
      stored.push({ key, bytes: received, sha256: sha.digest("hex"), etag, headers: req.headers });
      res.writeHead(200, { ETag: `"${etag}"` }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `https://127.0.0.1:${port}`;

  const standIn: PutStorage = {
    origin,
    hostname: "127.0.0.1",
    cert,
    certFile,
    stored,
    refused,
    get maxConcurrent() {
      return maxActive;
    },
    now: () => Date.now(),
    presign({ key, contentLength, contentType, expiresIn = 3600 }) {
      const date = String(Math.floor(Date.now() / 1000));
      const length = String(contentLength);
      const q = new URLSearchParams({
        "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
        "X-Amz-Date": date,
        "X-Amz-Expires": String(expiresIn),
        "X-Amz-SignedHeaders": "content-length;content-type;host",
        "x-length": length,
        "x-type": contentType,
        "X-Amz-Signature": sign(key, length, contentType, date, String(expiresIn)),
      });
      return `${origin}${BUCKET}${key.split("/").map(encodeURIComponent).join("/")}?${q}`;
    },
    etagOf(key) {
      return stored.findLast((o) => o.key === key)?.etag;
    },
    failNext(count, mode) {
      for (let i = 0; i < count; i++) faults.push(mode);
    },
    whenReceived(key, bytes, fn) {
      watches.push({ key, bytes, fn });
    },
    timesStored(key) {
      return stored.filter((o) => o.key === key).length;
    },
    reset() {
      stored.length = 0;
      refused.length = 0;
      faults = [];
      watches = [];
      maxActive = active;
      standIn.now = () => Date.now();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return standIn;
}
