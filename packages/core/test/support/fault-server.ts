// Why its own server, not @avala/testing's mock and fault layer: core's suites drive the transport itself — bodies
// cut mid-stream, hostile headers and status lines, redirects to other origins, byte-exact request recording with
// arrival times — which a spec-conformant mock (Prism) must refuse to produce, and they run again on @avala/node's
// undici transport (vitest.core-suites.config.mts) against exactly these misbehaviours. Spec conformance of
// ordinary answers is tested against the shared mock in contract.test.ts.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

/** A request as the server received it. */
export interface Received {
  method: string;
  /** Path and query exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** Answers the n-th request (0-based); may reply, delay, or destroy the socket. */
export type FaultHandler = (ctx: {
  req: IncomingMessage;
  res: ServerResponse;
  n: number;
  body: string;
}) => unknown;

/** A real local HTTP server that records what it received and misbehaves on demand. */
export interface FaultServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** API root on this server, `http://127.0.0.1:<port>/api/v1`. */
  baseUrl: string;
  received: Received[];
  close(): Promise<void>;
}

export async function startFaultServer(handler: FaultHandler): Promise<FaultServer> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const n = received.length;
      received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
        at: Date.now(),
      });
      Promise.resolve(handler({ req, res, n, body })).catch((error) => {
        res.destroy(error as Error);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
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

/** Sends a JSON body. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A cursor page as the API sends it. */
export function page(
  origin: string,
  results: unknown[],
  next: string | null,
  previous: string | null = null,
) {
  const abs = (link: string | null) => (link === null || /^https?:/.test(link) ? link : `${origin}${link}`);
  return { next: abs(next), previous: abs(previous), results };
}

/** Starts fault servers for one test file and closes them after each test. */
export function useFaultServers(): (handler: FaultHandler) => Promise<FaultServer> {
  let open: FaultServer[] = [];
  afterEach(async () => {
    await Promise.all(open.map((s) => s.close()));
    open = [];
  });
  return async (handler) => {
    const server = await startFaultServer(handler);
    open.push(server);
    return server;
  };
}
