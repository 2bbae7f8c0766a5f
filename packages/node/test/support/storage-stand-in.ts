/**
 * A stand-in for an object-storage host (S3-style presigned POST uploads and GET downloads), as a real
 * `node:http` server on 127.0.0.1, for tests of uploads, downloads and the CLI.
 *
 * - Uploads: any `POST` is parsed as `multipart/form-data` (busboy); the file part is streamed into a SHA-256
 *   and a byte counter (never buffered, so 200 MB uploads are fine), fields and headers are recorded, and the
 *   answer is 204 like S3. A POST without Content-Length gets 411 (S3 refuses chunked forms).
 * - Faults: `failNext(n, "503" | "reset")` fails the next n uploads; `failWhen(fields => mode)` fails chosen
 *   files on every attempt.
 * - Downloads: `serve(path, body, { contentLength, cutAfter })` answers GETs, optionally announcing a wrong
 *   Content-Length or cutting the connection part-way; `redirect(path, location)` answers a 302.
 * - Every request is recorded (`requests`, with headers) and concurrent uploads are counted
 *   (`maxConcurrentUploads`).
 *
 * @example
 * const storage = await startStorageStandIn();
 * // point presigned forms at `${storage.url}/bucket/`, allow it with storageHosts: ["127.0.0.1"]
 * await storage.close();
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import busboy from "busboy";

/** How the stand-in fails an upload: a 503 answer (after reading the body) or a reset connection. */
export type FailureMode = "503" | "reset";

/** An upload the stand-in parsed to the end (whatever it answered). */
export interface ReceivedUpload {
  /** Request path, e.g. `/bucket/`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Form fields (all parts but the file). */
  fields: Record<string, string>;
  /** Part names in the order they arrived (`file` included). */
  partOrder: string[];
  /** Name of the file part's field (should be `file`). */
  fileField: string | undefined;
  fileName: string | undefined;
  fileContentType: string | undefined;
  /** Bytes of the file part. */
  bytes: number;
  /** SHA-256 of the file part, hex. */
  sha256: string;
  /** Status the stand-in answered. */
  status: number;
}

/** Any request the stand-in saw. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** Options of {@link StorageStandIn.serve}. */
export interface ServeOptions {
  /** Content-Length to announce: default the body's length; null sends none (chunked). */
  contentLength?: number | null;
  /** Send only this many bytes, then destroy the connection. */
  cutAfter?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** A running stand-in; see the module comment. */
export interface StorageStandIn {
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Host name to put in `storageHosts` (`127.0.0.1`). */
  readonly hostname: string;
  readonly requests: RecordedRequest[];
  /** Uploads answered with 2xx (the files now "stored"). */
  readonly stored: ReceivedUpload[];
  /** Every upload parsed to the end, failed ones included. */
  readonly uploads: ReceivedUpload[];
  /** Most uploads in progress at the same time so far. */
  readonly maxConcurrentUploads: number;
  /** Wait this long after reading an upload before answering (to make transfers overlap). Default 0. */
  uploadDelayMs: number;
  /** Fails the next `count` uploads with `mode`. */
  failNext(count: number, mode: FailureMode): void;
  /** Fails every upload whose fields make `decide` return a mode (e.g. by `fields.key`). */
  failWhen(decide: ((fields: Record<string, string>) => FailureMode | undefined) | undefined): void;
  /** Serves `body` at `path` for GET. */
  serve(path: string, body: Uint8Array, options?: ServeOptions): void;
  /** Answers GET `path` with a 302 to `location`. */
  redirect(path: string, location: string): void;
  /** Forgets recorded requests, uploads, counters and pending faults (served files stay). */
  reset(): void;
  close(): Promise<void>;
}

/** Starts a storage stand-in on 127.0.0.1 and a free port. */
export async function startStorageStandIn(): Promise<StorageStandIn> {
  const requests: RecordedRequest[] = [];
  const uploads: ReceivedUpload[] = [];
  const stored: ReceivedUpload[] = [];
  const downloads = new Map<string, { body: Uint8Array; options: ServeOptions }>();
  const redirects = new Map<string, string>();
  let failures: FailureMode[] = [];
  let decide: ((fields: Record<string, string>) => FailureMode | undefined) | undefined;
  let active = 0;
  let maxActive = 0;

  const handleUpload = (req: IncomingMessage, res: ServerResponse) => {
    active++;
    maxActive = Math.max(maxActive, active);
    res.once("close", () => active--);
    const forced = failures.shift();
    if (forced === "reset") {
      // Let some of the body arrive first, as a real mid-transfer reset would.
      req.once("data", () => req.socket.destroy());
      req.once("end", () => req.socket.destroy());
      return;
    }
    if (req.headers["content-length"] === undefined) {
      req.resume();
      req.once("end", () => res.writeHead(411).end());
      return;
    }
    const upload: ReceivedUpload = {
      path: req.url ?? "",
      headers: req.headers,
      fields: {},
      partOrder: [],
      fileField: undefined,
      fileName: undefined,
      fileContentType: undefined,
      bytes: 0,
      sha256: "",
      status: 0,
    };
    const hash = createHash("sha256");
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: Number.POSITIVE_INFINITY } });
    } catch {
      req.resume();
      req.once("end", () => res.writeHead(400).end());
      return;
    }
    parser.on("field", (name, value) => {
      upload.partOrder.push(name);
      upload.fields[name] = value;
    });
    parser.on("file", (name, stream, info) => {
      upload.partOrder.push(name);
      upload.fileField = name;
      upload.fileName = info.filename;
      upload.fileContentType = info.mimeType;
      stream.on("data", (chunk: Buffer) => {
        upload.bytes += chunk.length;
        hash.update(chunk);
      });
    });
    parser.on("error", () => {
      req.unpipe(parser);
      req.resume();
      res.writeHead(400).end();
    });
    parser.on("close", () => {
      upload.sha256 = hash.digest("hex");
      const mode = forced ?? decide?.(upload.fields);
      if (mode === "reset") {
        req.socket.destroy();
        upload.status = -1;
        uploads.push(upload);
        return;
      }
      upload.status = mode === "503" ? 503 : 204;
      setTimeout(() => {
        uploads.push(upload);
        if (upload.status === 204) stored.push(upload);
        if (mode === "503") {
          res.writeHead(503, { "Content-Type": "application/xml" });
          res.end("<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>");
        } else res.writeHead(204).end();
      }, standIn.uploadDelayMs);
    });
    req.pipe(parser);
  };

  const handleDownload = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const location = redirects.get(path);
    if (location) return void res.writeHead(302, { Location: location }).end();
    const entry = downloads.get(path);
    if (!entry) return void res.writeHead(404, { "Content-Type": "text/plain" }).end("no such key");
    const { body, options } = entry;
    const length = options.contentLength === undefined ? body.length : options.contentLength;
    res.writeHead(200, {
      "Content-Type": "application/zip",
      ...(length === null ? {} : { "Content-Length": String(length) }),
      ...options.headers,
    });
    const sent = options.cutAfter ?? body.length;
    // Write the part in slices so a cut really happens mid-body, after the client has read some of it.
    const slice = 64 * 1024;
    let offset = 0;
    const pump = () => {
      while (offset < sent) {
        const end = Math.min(offset + slice, sent);
        const more = res.write(body.subarray(offset, end));
        offset = end;
        if (!more) return void res.once("drain", pump);
      }
      // A cut, or fewer bytes than announced: close the socket so the client sees the body end short.
      if (sent < body.length || (length !== null && length !== sent)) {
        setTimeout(() => req.socket.destroy(), 20);
      } else res.end();
    };
    pump();
  };

  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    if (req.method === "POST") handleUpload(req, res);
    else if (req.method === "GET") handleDownload(req, res);
    else res.writeHead(405).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const standIn: StorageStandIn = {
    url: `http://127.0.0.1:${port}`,
    hostname: "127.0.0.1",
    requests,
    uploads,
    stored,
    get maxConcurrentUploads() {
      return maxActive;
    },
    uploadDelayMs: 0,
    failNext(count, mode) {
      for (let i = 0; i < count; i++) failures.push(mode);
    },
    failWhen(fn) {
      decide = fn;
    },
    serve(path, body, options = {}) {
      downloads.set(path, { body, options });
    },
    redirect(path, location) {
      redirects.set(path, location);
    },
    reset() {
      requests.length = 0;
      uploads.length = 0;
      stored.length = 0;
      failures = [];
      decide = undefined;
      maxActive = active;
      standIn.uploadDelayMs = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return standIn;
}
