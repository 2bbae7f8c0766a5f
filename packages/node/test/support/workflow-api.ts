/**
 * A `node:http` fake of the Avala API endpoints of the workflows (dataset wait, fleet-recording uploads, chunked
 * bulk edits, account status), answering spec-conformant JSON. Run it behind Prism in proxy mode
 * ({@link startValidatedWorkflowApi}) so every request and response is checked against `spec/avala.openapi.yaml`.
 *
 * - `GET /datasets/{uid}/`: the next step of `scriptDataset(uid, steps)` (the last repeats); 404 for others.
 * - Fleet uploads (`/fleet/recordings/{uid}/upload/init|urls|confirm|finalize|status/`), as the server does them:
 *   init opens a session from the manifest; urls presigns PUTs on the storage stand-in for the session's files;
 *   confirm checks each ETag against what storage really holds (400 otherwise) and counts confirmations;
 *   finalize refuses while files are unconfirmed (409); status lists `pending_paths`. `GET /fleet/recordings/{uid}/`
 *   answers `uploading` until finalized, then walks `recordingSteps` (default processing → ready).
 * - `POST /datasets/{owner}/{slug}/bulk-edition/`: records each chunk (`bulkChunks`); `bulkEditHook` may answer an
 *   error status or drop the request unanswered (`"drop"`, e.g. while a test kills the client).
 * - Account status: `GET /organizations/`, `/datasets/`, `/users/me/projects/`, `/exports/`, `/fleet/devices/`
 *   answer the spec's examples, or the status `faults` gives for that path (e.g. 403 for fleet on a small plan).
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Dataset } from "@avala/types";
import { type AvalaMock, startAvalaMock } from "../../../testing/dist/index.mjs";
import { specExamples } from "../../../testing/src/generated/spec-examples.js";
import type { FakeApiRequest } from "./fake-api.js";
import type { PutStorage } from "./put-storage.js";

/** The example response of an operation of the spec. */
export function exampleOf(operationId: string): Record<string, unknown> {
  const found = specExamples.find((e) => e.operationId === operationId);
  if (!found) throw new Error(`no example for ${operationId}`);
  return structuredClone(found.example) as Record<string, unknown>;
}

/** An upload session of the fake. */
export interface FakeSession {
  uid: string;
  files: Map<string, number>;
  /** Confirmed path → ETag. */
  confirmed: Map<string, string>;
  /** How many times each path was confirmed (a path confirmed twice is a client bug). */
  confirmations: Map<string, number>;
  status: "active" | "completed";
  storageConfigUid?: string;
}

/** A bulk-edit request the fake answered 200. */
export interface BulkChunk {
  owner: string;
  slug: string;
  edits: Array<{ object_uuid: string } & Record<string, unknown>>;
}

/** A running fake (see the module comment); its settings may be changed between tests. */
export interface WorkflowApi {
  readonly url: string;
  readonly requests: FakeApiRequest[];
  /** Storage that upload URLs point at. */
  storage: PutStorage | undefined;
  /** Content-Type the presigned URLs sign (and list in `headers`). */
  uploadContentType: string;
  /** Sessions by recording uid (the current one). */
  readonly sessions: Map<string, FakeSession>;
  /** Statuses `GET /fleet/recordings/{uid}/` walks after finalize (last repeats). */
  recordingSteps: string[];
  /** Bulk-edit chunks answered 200, in order. */
  readonly bulkChunks: BulkChunk[];
  /** Called with each bulk-edit chunk before it is applied: a status to refuse it, "drop" to never answer. */
  bulkEditHook: ((edits: BulkChunk["edits"], index: number) => number | "drop" | undefined) | undefined;
  /** Path → status to answer instead (account-status endpoints). */
  readonly faults: Map<string, number>;
  scriptDataset(uid: string, steps: Array<Partial<Dataset>>): void;
  datasetPolls(uid: string): number;
  reset(): void;
  close(): Promise<void>;
}

const ERRORS: Record<number, string> = {
  400: "Invalid request.",
  403: "You do not have permission to perform this action.",
  404: "Not found.",
  409: "Conflict.",
  500: "A server error occurred.",
  503: "Service temporarily unavailable.",
};

/** Starts the fake on 127.0.0.1 and a free port (set `storage` before uploads). */
export async function startWorkflowApi(): Promise<WorkflowApi> {
  const requests: FakeApiRequest[] = [];
  const datasets = new Map<string, { steps: Array<Partial<Dataset>>; polls: number }>();
  const sessions = new Map<string, FakeSession>();
  const finalized = new Map<string, number>();
  const bulkChunks: BulkChunk[] = [];
  const faults = new Map<string, number>();
  let bulkRequests = 0;
  const open = new Set<import("node:http").ServerResponse>();

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push({ method: req.method ?? "", path, headers: req.headers, body });
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(value));
    const fail = (status: number, detail = ERRORS[status] ?? "Error.") => json(status, { detail });
    const fault = faults.get(path);
    if (fault) return fail(fault);
    const get = req.method === "GET";
    const post = req.method === "POST";

    let m = /^\/datasets\/([^/]+)\/$/.exec(path);
    if (get && m && datasets.has(m[1]!)) {
      const script = datasets.get(m[1]!)!;
      const step = script.steps[Math.min(script.polls, script.steps.length - 1)] ?? {};
      script.polls++;
      return json(200, { ...exampleOf("getDataset"), uid: m[1], ...step });
    }

    m = /^\/fleet\/recordings\/([^/]+)\/upload\/(init|urls|confirm|finalize|status)\/$/.exec(path);
    if (m) {
      const [, uid, step] = m as unknown as [string, string, string];
      const session = sessions.get(uid);
      const b = (body ?? {}) as Record<string, unknown>;
      if (step === "init" && post) {
        const files = b.files as Array<{ path: string; size_bytes: number }>;
        const created: FakeSession = {
          uid: randomUUID(),
          files: new Map(files.map((f) => [f.path, f.size_bytes])),
          confirmed: new Map(),
          confirmations: new Map(),
          status: "active",
          ...(typeof b.storage_config_uid === "string" ? { storageConfigUid: b.storage_config_uid } : {}),
        };
        sessions.set(uid, created);
        finalized.delete(uid);
        return json(201, sessionBody(created, uid));
      }
      if (!session) return fail(404, "No upload session for this recording.");
      if (step === "status" && get) {
        return json(200, {
          session_uid: session.uid,
          status: session.status,
          total_files: session.files.size,
          confirmed_files: session.confirmed.size,
          total_bytes: sum(session.files.values()),
          confirmed_bytes: sum([...session.confirmed.keys()].map((p) => session.files.get(p) ?? 0)),
          pending_paths: [...session.files.keys()].filter((p) => !session.confirmed.has(p)),
        });
      }
      if (b.session_uid !== session.uid) return fail(400, "Unknown session_uid.");
      if (step === "urls" && post) {
        const storage = api.storage;
        if (!storage) return fail(500);
        const paths = b.file_paths as string[];
        if (paths.some((p) => !session.files.has(p))) return fail(400, "Path not in the manifest.");
        return json(200, {
          urls: paths.map((p) => {
            const key = `acme-robotics/fleet/recordings/${uid}/${p}`;
            return {
              path: p,
              s3_key: key,
              put_url: storage.presign({
                key,
                contentLength: session.files.get(p)!,
                contentType: api.uploadContentType,
                expiresIn: Number(b.ttl_seconds ?? 3600),
              }),
              headers: { "Content-Type": api.uploadContentType },
            };
          }),
        });
      }
      if (step === "confirm" && post) {
        const files = b.files as Array<{ path: string; etag: string; size_bytes: number }>;
        for (const f of files) {
          const key = `acme-robotics/fleet/recordings/${uid}/${f.path}`;
          if (api.storage?.etagOf(key) !== f.etag || session.files.get(f.path) !== f.size_bytes) {
            return fail(400, `File ${f.path} is not in storage with that ETag and size.`);
          }
        }
        for (const f of files) {
          session.confirmed.set(f.path, f.etag);
          session.confirmations.set(f.path, (session.confirmations.get(f.path) ?? 0) + 1);
        }
        return json(200, {
          confirmed: files.length,
          total_confirmed: session.confirmed.size,
          total_files: session.files.size,
        });
      }
      if (step === "finalize" && post) {
        if (session.confirmed.size < session.files.size) return fail(409, "Files are not all confirmed.");
        session.status = "completed";
        finalized.set(uid, 0);
        return json(200, { status: "finalized" });
      }
    }
    m = /^\/fleet\/recordings\/([^/]+)\/$/.exec(path);
    if (get && m) {
      const polls = finalized.get(m[1]!);
      const status =
        polls === undefined
          ? "uploading"
          : (api.recordingSteps[Math.min(polls, api.recordingSteps.length - 1)] ?? "ready");
      if (polls !== undefined) finalized.set(m[1]!, polls + 1);
      return json(200, { ...exampleOf("getFleetRecording"), uid: m[1], status });
    }

    m = /^\/datasets\/([^/]+)\/([^/]+)\/bulk-edition\/$/.exec(path);
    if (post && m) {
      const edits = body as BulkChunk["edits"];
      const verdict = api.bulkEditHook?.(edits, bulkRequests++);
      if (verdict === "drop") {
        open.add(res);
        return;
      }
      if (verdict) return fail(verdict);
      bulkChunks.push({ owner: m[1]!, slug: m[2]!, edits });
      return json(200, { updated: edits.length });
    }

    const examples: Record<string, string> = {
      "/organizations/": "listOrganizations",
      "/datasets/": "listDatasets",
      "/users/me/projects/": "listMyProjects",
      "/exports/": "listExports",
      "/fleet/devices/": "listFleetDevices",
    };
    if (get && examples[path]) return json(200, exampleOf(examples[path]!));
    fail(404);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const api: WorkflowApi = {
    url: `http://127.0.0.1:${port}`,
    requests,
    storage: undefined,
    uploadContentType: "application/octet-stream",
    sessions,
    recordingSteps: ["processing", "ready"],
    bulkChunks,
    bulkEditHook: undefined,
    faults,
    scriptDataset(uid, steps) {
      datasets.set(uid, { steps, polls: 0 });
    },
    datasetPolls(uid) {
      return datasets.get(uid)?.polls ?? 0;
    },
    reset() {
      requests.length = 0;
      sessions.clear();
      finalized.clear();
      bulkChunks.length = 0;
      bulkRequests = 0;
      faults.clear();
      api.bulkEditHook = undefined;
      api.recordingSteps = ["processing", "ready"];
      api.uploadContentType = "application/octet-stream";
      for (const res of open) res.destroy();
      open.clear();
    },
    close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function sessionBody(session: FakeSession, uid: string) {
  return {
    uid: session.uid,
    total_files: session.files.size,
    total_bytes: sum(session.files.values()),
    confirmed_files: session.confirmed.size,
    confirmed_bytes: 0,
    s3_prefix: `acme-robotics/fleet/recordings/${uid}/`,
    status: session.status,
  };
}

/** The fake behind a validating Prism proxy: use `baseUrl` (Prism's URL) as the client's base URL. */
export interface ValidatedWorkflowApi {
  readonly api: WorkflowApi;
  readonly prism: AvalaMock;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Starts the fake and Prism in proxy mode in front of it, so any request or response off the spec fails. */
export async function startValidatedWorkflowApi(): Promise<ValidatedWorkflowApi> {
  const api = await startWorkflowApi();
  const prism = await startAvalaMock({ proxyTo: api.url });
  return {
    api,
    prism,
    baseUrl: prism.url,
    async close() {
      await prism.stop();
      await api.close();
    },
  };
}
