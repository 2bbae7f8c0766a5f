// Why its own server: uploads and exports need state across calls (a dataset created by one request and listed by
// the next, an export that moves from pending to exported, presigned forms pointing at the storage stand-in), which
// Prism's stateless examples cannot hold. It still runs behind Prism in proxy mode, so every request and response
// is validated against the spec as the shared mock would.
import { randomUUID } from "node:crypto";
/**
 * A `node:http` fake of the Avala API endpoints that uploads and exports use, answering spec-conformant JSON,
 * meant to run behind Prism in proxy mode ({@link startValidatedFakeApi}) so every request and response is
 * checked against `spec/avala.openapi.yaml` (a violation becomes an error answer, failing the test).
 *
 * Endpoints:
 * - `POST /datasets/manual-upload/file-upload-url/`: a presigned S3-style form pointing at `storageUrl`
 *   (`key` = `<owner>/<dataset-slug>/<file_path_in_dataset>`, `Content-Type` unless `contentTypeInForm` is false).
 * - `POST /datasets/manual-upload/`: 201 with a Dataset built from the body.
 * - `POST /exports/`: 201 with an export in status `requested` (uid from `nextExportUid`).
 * - `GET /exports/{uid}/`: the next step of the script given to `scriptExport(uid, steps)` (the last step
 *   repeats); 404 for unknown uids.
 *
 * Everything received is recorded in `requests` (method, path, headers, parsed body).
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Dataset, Export } from "@avala/types";
import { type AvalaMock, startAvalaMock } from "../../../testing/dist/index.mjs";

/** A request the fake received. */
export interface FakeApiRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** Body of a presigned-form request. */
export interface PresignRequest {
  dataset_name: string;
  file_path_in_dataset: string;
  content_length?: number;
}

/** A running fake; its settings may be changed between tests. */
export interface FakeApi {
  /** Origin of the fake itself (use the Prism URL as the client's baseUrl instead). */
  readonly url: string;
  readonly requests: FakeApiRequest[];
  /** Where presigned forms point; default `<storageUrl>`. */
  storageUrl: string;
  /** Whether forms carry a `Content-Type` field. Default true. */
  contentTypeInForm: boolean;
  /** Owner name used in storage keys and created datasets. Default `acme-robotics`. */
  owner: string;
  /** Answer a presigned-form request with this error status instead (e.g. 413), or undefined to serve it. */
  presignError: ((body: PresignRequest) => number | undefined) | undefined;
  /** Uid given to the next export created with `POST /exports/` (default: a random one). */
  nextExportUid: string | undefined;
  /** Scripts `GET /exports/{uid}/`: each poll returns the next step merged over a default export. */
  scriptExport(uid: string, steps: Array<Partial<Export>>): void;
  /** Number of times `GET /exports/{uid}/` was answered for `uid`. */
  polls(uid: string): number;
  /** Forgets requests and restores the default settings (scripts stay). */
  reset(): void;
  close(): Promise<void>;
}

/** The storage key the fake puts in a form (what a test should find in the stand-in's `fields.key`). */
export function storageKey(owner: string, datasetName: string, path: string): string {
  return `${owner}/${slugify(datasetName)}/${path}`;
}

function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

const TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  json: "application/json",
};

/** Starts the fake on 127.0.0.1; `storageUrl` is where presigned forms point (e.g. `${standIn.url}/bucket/`). */
export async function startFakeApi(options: { storageUrl: string }): Promise<FakeApi> {
  const requests: FakeApiRequest[] = [];
  const scripts = new Map<string, { steps: Array<Partial<Export>>; polls: number }>();
  const defaults = { storageUrl: options.storageUrl, contentTypeInForm: true, owner: "acme-robotics" };

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
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(value));
    };

    if (req.method === "POST" && path === "/datasets/manual-upload/file-upload-url/") {
      const request = body as PresignRequest;
      const error = api.presignError?.(request);
      if (error) return json(error, { detail: error === 413 ? "Upload quota exceeded." : "Refused." });
      const extension = request.file_path_in_dataset.split(".").pop()?.toLowerCase() ?? "";
      return json(200, {
        method: "POST",
        url: api.storageUrl,
        fields: {
          key: storageKey(api.owner, request.dataset_name, request.file_path_in_dataset),
          ...(api.contentTypeInForm
            ? { "Content-Type": TYPES[extension] ?? "application/octet-stream" }
            : {}),
          "x-amz-algorithm": "AWS4-HMAC-SHA256",
          "x-amz-credential": "EXAMPLEKEYID/20261104/us-west-2/s3/aws4_request",
          "x-amz-date": "20261104T141000Z",
          policy: Buffer.from(JSON.stringify({ key: request.file_path_in_dataset })).toString("base64"),
          "x-amz-signature": "0f3a9c2b7e4d1a6c8b5e2f9d0c7a4b1e",
        },
      });
    }
    if (req.method === "POST" && path === "/datasets/manual-upload/") {
      const request = body as { name: string; slug: string; data_type: string; visibility?: string };
      const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
      const dataset: Dataset = {
        uid: "a41e6b7c-2d3f-4a5b-8c9d-0e1f2a3b4c5d",
        name: request.name,
        slug: request.slug,
        owner_name: api.owner,
        data_type: request.data_type as Dataset["data_type"],
        is_sequence: false,
        visibility: (request.visibility ?? "private") as Dataset["visibility"],
        status: "creating",
        item_count: 0,
        project_count: 0,
        size_bytes: 0,
        annotations_count: 0,
        predefined_labels: [],
        created_at: now,
        updated_at: now,
      } as Dataset;
      return json(201, dataset);
    }
    if (req.method === "POST" && path === "/exports/") {
      // Creates the export whose polls were scripted last (or a fresh uid), as the API does: status requested.
      const uid = api.nextExportUid ?? randomUUID();
      const request = body as Partial<Export>;
      return json(201, {
        ...defaultExport(uid),
        name: request.name ?? "export",
        datasets: request.datasets ?? [],
      });
    }
    const exportMatch = /^\/exports\/([^/]+)\/$/.exec(path);
    if (req.method === "GET" && exportMatch) {
      const uid = exportMatch[1]!;
      const script = scripts.get(uid);
      if (!script) return json(404, { detail: "Not found." });
      const step = script.steps[Math.min(script.polls, script.steps.length - 1)] ?? {};
      script.polls++;
      return json(200, { ...defaultExport(uid), ...step });
    }
    json(404, { detail: "Not found." });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const api: FakeApi = {
    url: `http://127.0.0.1:${port}`,
    requests,
    ...defaults,
    presignError: undefined,
    nextExportUid: undefined,
    scriptExport(uid, steps) {
      scripts.set(uid, { steps, polls: 0 });
    },
    polls(uid) {
      return scripts.get(uid)?.polls ?? 0;
    },
    reset() {
      requests.length = 0;
      Object.assign(api, defaults, { presignError: undefined });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

/** An export in progress, conformant to the spec's `Export`; script steps override its fields. */
export function defaultExport(uid: string): Export {
  return {
    uid,
    name: "Highway LiDAR – cuboids v3",
    format: "avala-json-external",
    status: "requested",
    total_task_count: null,
    exported_task_count: null,
    download_url: null,
    datasets: ["3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17"],
    projects: [],
    slices: [],
    organization: null,
    created_at: "2026-11-20T16:30:05Z",
    updated_at: "2026-11-20T16:30:05Z",
  };
}

/** The fake behind a validating Prism proxy: use `baseUrl` (Prism's URL) as the client's base URL. */
export interface ValidatedFakeApi {
  readonly api: FakeApi;
  readonly prism: AvalaMock;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the fake and Prism in proxy mode in front of it with `errors: true`, so a request or response that
 * does not match the spec is answered with an error instead of passing silently.
 */
export async function startValidatedFakeApi(options: { storageUrl: string }): Promise<ValidatedFakeApi> {
  const api = await startFakeApi(options);
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
