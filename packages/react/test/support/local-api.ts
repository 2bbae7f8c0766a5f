// Why its own server, not @avala/testing's mock and fault layer: the component tests run in happy-dom, where
// @avala/testing's Node entry (and its `scenario()` headers) cannot load, and they need what the mock does not give:
// CORS preflights answered and left out of an exact count of requests, pages that link to themselves, bodies
// chosen per request. Tests that need only spec answers use the shared mock (`inject("avalaMockUrl")`).
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the local server received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Answers one request; `n` counts the non-preflight requests received so far (0-based). */
export type LocalHandler = (ctx: {
  req: IncomingMessage;
  res: ServerResponse;
  n: number;
  body: string;
  origin: string;
}) => void;

/** A local `node:http` API for behaviour the Prism mock cannot produce (pages that link to themselves, 503s). */
export interface LocalApi {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** API root on this server: `http://127.0.0.1:<port>/api/v1`. */
  baseUrl: string;
  /** Every request except CORS preflights. */
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/** Sends a JSON answer. */
export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/**
 * Starts a local API server on 127.0.0.1. It answers CORS preflights itself (happy-dom's fetch applies CORS as
 * a browser does) and records every other request.
 */
export async function startLocalApi(handler: LocalHandler): Promise<LocalApi> {
  const received: ReceivedRequest[] = [];
  let origin = "";
  const server = createServer((req, res) => {
    res.setHeader("access-control-allow-origin", "*");
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
      });
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const n = received.length;
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler({ req, res, n, body, origin });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: `${origin}/api/v1`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
