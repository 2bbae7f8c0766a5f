// Why its own servers: benchmarks time the client, so the server must cost as little and as evenly as possible
// (precomputed bodies of fixed sizes, in a child process on the other core) and enforce the API's windows exactly
// as a stopwatch sees them; Prism's validation and example lookup would dominate and blur every figure.
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ChildIo, startChild } from "./child.js";
import { type LimitStats, limitEnforcingListener, type WindowLimit } from "./limit-server.js";
import { datasetItem, jsonBody } from "./payloads.js";

/** A local HTTP server. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `listener` on a free loopback port with keep-alive (connections stay open for the whole run). */
export async function listen(listener: RequestListener): Promise<LocalServer> {
  const server = createServer({ keepAliveTimeout: 120_000 }, listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendJson(res: ServerResponse, body: string): void {
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Answers `/<bytes>/…` with a JSON list page of that many bytes (bodies built once per size), so one server
 * serves every body size: a client picks the size with its base URL.
 */
export function sizedBodyListener(): RequestListener {
  const bodies = new Map<number, string>();
  return (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const bytes = Number(req.url?.split("/")[1]);
    if (!(bytes > 0)) return sendJson(res, "{}");
    if (!bodies.has(bytes)) bodies.set(bytes, jsonBody(bytes));
    sendJson(res, bodies.get(bytes)!);
  };
}

/** Shape of the paginated list served by {@link cursorPagesListener}. */
export interface PagesOptions {
  pages: number;
  perPage: number;
  /** Time the server takes per page before answering, like the API querying its database. Default 0. */
  delayMs?: number;
}

/**
 * Serves `GET /api/v1/datasets/?cursor=<n>` as `pages` pages of `perPage` datasets, with absolute `next` links
 * like the API's. The items string is built once: the server's cost per page stays small and equal for every
 * client, so differences are the client's.
 */
export function cursorPagesListener({ pages, perPage, delayMs = 0 }: PagesOptions): RequestListener {
  const items = JSON.stringify(Array.from({ length: perPage }, (_, i) => datasetItem(i))).slice(1, -1);
  return (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    const cursor = Number(url.searchParams.get("cursor") ?? 0);
    const link = (n: number) => JSON.stringify(`${url.origin}${url.pathname}?cursor=${n}`);
    const next = cursor + 1 < pages ? link(cursor + 1) : "null";
    const previous = cursor > 0 ? link(cursor - 1) : "null";
    const body = `{"next":${next},"previous":${previous},"results":[${items}]}`;
    if (delayMs > 0) setTimeout(() => sendJson(res, body), delayMs);
    else sendJson(res, body);
  };
}

/** What {@link serveTask} can serve. */
export type ServeInput =
  | { kind: "sized" }
  | ({ kind: "pages" } & PagesOptions)
  | { kind: "limits"; limits: WindowLimit[]; latencyMs?: [number, number] };

/** A server running in a child process; `close` resolves with what it recorded (the limit server's stats). */
export interface ChildServer<Stats> {
  readonly url: string;
  close(): Promise<Stats>;
}

/** Child-process task: serves until the parent says go, then stops and returns what the server recorded. */
export async function serveTask(input: ServeInput, io: ChildIo): Promise<LimitStats | null> {
  let stats: LimitStats | null = null;
  let listener: RequestListener;
  if (input.kind === "sized") listener = sizedBodyListener();
  else if (input.kind === "pages") listener = cursorPagesListener(input);
  else ({ listener, stats } = limitEnforcingListener(input.limits, input.latencyMs));
  const server = await listen(listener);
  await io.ready(server.url);
  await server.close();
  return stats;
}

/**
 * Starts a server in its own process: its CPU time runs on the other core instead of the client's event loop,
 * its memory stays out of the client's RSS, and its timing is not disturbed by the garbage collection of a
 * parent whose heap earlier benchmarks have grown (a pause there bunches arrivals at a limit-enforcing server).
 */
export async function serveInChild<Stats = null>(input: ServeInput): Promise<ChildServer<Stats>> {
  const child = startChild<Stats>(import.meta.url, "serveTask", input);
  const url = (await child.ready) as string;
  return {
    url,
    close: async () => {
      child.go();
      try {
        return await child.result;
      } finally {
        child.kill();
      }
    },
  };
}
