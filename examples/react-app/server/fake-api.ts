import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the fake API received (through Prism, from the proxy). */
export interface FakeApiRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** A small spec-conformant stand-in for the Avala API, for what Prism's static examples cannot show. */
export interface FakeApi {
  /** `http://127.0.0.1:<port>`; the spec's paths are served from its root, like the mock's. */
  readonly url: string;
  /** Every request received. */
  readonly received: FakeApiRequest[];
  /**
   * Sets the API root that `next`/`previous` links point at: the URL its clients call (Prism's, in front of it),
   * as Avala's own links point at api.avala.ai.
   */
  setPublicUrl(url: string): void;
  close(): Promise<void>;
}

export const OWNER = "acme-robotics";
export const DATASET_COUNT = 25;
export const ITEMS_PER_DATASET = 14;
/** Polls of `GET /exports/{uid}/` after which an export is `processing`, then `exported`. */
const EXPORT_STEPS = ["requested", "processing", "processing", "exported"] as const;
const CREATED_AT = "2026-11-20T16:30:05Z";

function uuid(kind: number, n: number): string {
  return `00000000-0000-4000-8${String(kind).padStart(3, "0")}-${String(n).padStart(12, "0")}`;
}

function dataset(n: number) {
  return {
    uid: uuid(1, n),
    name: `Dataset ${String(n).padStart(2, "0")}`,
    slug: `dataset-${String(n).padStart(2, "0")}`,
    owner_name: OWNER,
    data_type: n % 2 === 0 ? "image" : "lidar",
    is_sequence: false,
    visibility: "private",
    status: "created",
    item_count: ITEMS_PER_DATASET,
    created_at: CREATED_AT,
    updated_at: CREATED_AT,
  };
}

const datasets = Array.from({ length: DATASET_COUNT }, (_, i) => dataset(i + 1));

function item(datasetNumber: number, n: number) {
  const d = datasets[datasetNumber - 1];
  return {
    uid: uuid(2, datasetNumber * 1000 + n),
    key: `frames/${String(n).padStart(4, "0")}.jpg`,
    dataset: d?.uid ?? null,
    dataset_owner_name: OWNER,
    dataset_slug: d?.slug ?? null,
    created_at: CREATED_AT,
    updated_at: CREATED_AT,
  };
}

interface ExportJob {
  record: Record<string, unknown>;
  polls: number;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function parseLimit(value: string | null): number {
  const n = value === null ? 10 : Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : 10;
}

/**
 * Starts the fake API: `GET /datasets/` and `GET /datasets/{owner}/{slug}/items/` in cursor pages whose `next`
 * links point back at the API, `GET /datasets/{uid}/`, `POST /exports/`, `GET /exports/`, and
 * `GET /exports/{uid}/`, whose status advances on each poll (requested → processing → exported).
 */
export async function startFakeApi(): Promise<FakeApi> {
  const received: FakeApiRequest[] = [];
  const exports = new Map<string, ExportJob>();
  let publicUrl = "";

  function page<T>(all: T[], url: URL) {
    const limit = parseLimit(url.searchParams.get("limit"));
    const offset = Number(url.searchParams.get("cursor")?.replace(/^o/, "") ?? "0") || 0;
    const link = (at: number) => {
      const next = new URL(`${publicUrl}${url.pathname}`);
      next.searchParams.set("cursor", `o${at}`);
      next.searchParams.set("limit", String(limit));
      return next.href;
    };
    return {
      next: offset + limit < all.length ? link(offset + limit) : null,
      previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
      results: all.slice(offset, offset + limit),
    };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
      const url = new URL(req.url ?? "/", "http://fake");
      const parts = url.pathname.split("/").filter(Boolean);
      const method = req.method ?? "GET";

      if (method === "GET" && url.pathname === "/datasets/") return send(res, 200, page(datasets, url));
      if (method === "GET" && parts[0] === "datasets" && parts.length === 2) {
        const found = datasets.find((d) => d.uid === parts[1]);
        return found ? send(res, 200, found) : send(res, 404, { detail: "Not found." });
      }
      if (method === "GET" && parts[0] === "datasets" && parts.length === 4 && parts[3] === "items") {
        const index = datasets.findIndex((d) => d.owner_name === parts[1] && d.slug === parts[2]);
        if (index < 0) return send(res, 404, { detail: "Not found." });
        const items = Array.from({ length: ITEMS_PER_DATASET }, (_, i) => item(index + 1, i + 1));
        return send(res, 200, page(items, url));
      }
      if (method === "POST" && url.pathname === "/exports/") {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
        const uid = uuid(3, exports.size + 1);
        const record = {
          uid,
          name: typeof body.name === "string" ? body.name : "export",
          format: typeof body.format === "string" ? body.format : "avala-json-external",
          status: EXPORT_STEPS[0],
          total_task_count: null,
          exported_task_count: null,
          download_url: null,
          datasets: Array.isArray(body.datasets) ? body.datasets : [],
          projects: [],
          slices: [],
          organization: null,
          created_at: CREATED_AT,
          updated_at: CREATED_AT,
        };
        exports.set(uid, { record, polls: 0 });
        return send(res, 201, record);
      }
      if (method === "GET" && url.pathname === "/exports/") {
        return send(
          res,
          200,
          page(
            [...exports.values()].map((job) => job.record),
            url,
          ),
        );
      }
      if (method === "GET" && parts[0] === "exports" && parts.length === 2) {
        const job = exports.get(parts[1] ?? "");
        if (!job) return send(res, 404, { detail: "Not found." });
        job.polls++;
        const status = EXPORT_STEPS[Math.min(job.polls, EXPORT_STEPS.length - 1)] ?? "exported";
        const done = status === "exported";
        job.record = {
          ...job.record,
          status,
          total_task_count: 40,
          exported_task_count: done ? 40 : Math.min(39, job.polls * 13),
          download_url: done ? `https://storage.example.com/exports/${job.record.uid}.zip` : null,
        };
        return send(res, 200, job.record);
      }
      send(res, 404, { detail: "Not found." });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  publicUrl = url;
  return {
    url,
    received,
    setPublicUrl(value) {
      publicUrl = value.replace(/\/+$/, "");
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
