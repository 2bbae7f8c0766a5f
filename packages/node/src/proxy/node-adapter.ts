import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { jsonError } from "./json-error.js";
import type { FetchHandler } from "./proxy-handler.js";

/** A `node:http` request listener; also a valid Express/Connect middleware. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Express adds the request path before its mount point was stripped from `req.url`. */
type MaybeExpressRequest = IncomingMessage & { originalUrl?: string };

function toRequest(req: MaybeExpressRequest, signal: AbortSignal): Request | undefined {
  // Express strips the mount path from req.url; the handler matches `basePath` against the full path, so the
  // same basePath works under node:http, Express and Next.js alike.
  const path = req.originalUrl ?? req.url ?? "/";
  if (!path.startsWith("/")) return undefined; // absolute-form or `*` targets are not for this handler
  let url: URL;
  try {
    // Concatenated, not resolved: `//host/...` must stay a path, not become another authority.
    url = new URL(`http://${req.headers.host ?? "localhost"}${path}`);
  } catch {
    url = new URL(`http://localhost${path}`);
  }
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] ?? "";
    if (name.startsWith(":")) continue; // HTTP/2 pseudo-headers
    headers.append(name, req.rawHeaders[i + 1] ?? "");
  }
  const method = (req.method ?? "GET").toUpperCase();
  const hasBody = method !== "GET" && method !== "HEAD";
  const init: RequestInit & { duplex?: "half" } = { method, headers, signal };
  if (hasBody) {
    // Streamed, not buffered: an upload passes through with constant memory.
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = "half";
  }
  return new Request(url, init);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (response.body === null) {
    res.end();
    return;
  }
  // pipeline destroys `res` if the body fails mid-way (the browser sees a cut connection, not a short body
  // that looks complete) and cancels the body if the browser goes away.
  await pipeline(Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>), res).catch(
    () => {},
  );
}

/**
 * Adapts a Fetch-API handler (e.g. from {@link createProxyHandler}) to a `node:http` listener, usable as
 * `http.createServer(listener)` or Express middleware (`app.use("/api/avala", toNodeListener(handler))`, mounted
 * before any body parser, with `basePath: "/api/avala"`: the handler sees `req.originalUrl`). Request and
 * response bodies are streamed; a client that disconnects aborts the handler's `request.signal`, which aborts
 * the upstream request. Next.js route handlers take the Fetch handler directly and need no adapter.
 */
export function toNodeListener(handler: FetchHandler): NodeListener {
  return (req, res) => {
    const controller = new AbortController();
    // "close" also fires after a complete response; only an unfinished one means the client went away.
    res.once("close", () => {
      if (!res.writableFinished) controller.abort(new Error("The client closed the connection."));
    });
    const request = toRequest(req, controller.signal);
    const answer = request
      ? handler(request)
      : Promise.resolve(jsonError(400, "not_found", "Only origin-form request targets are served."));
    answer
      .catch(() => jsonError(500, "proxy_error", "The proxy failed to handle the request."))
      .then(async (response) => {
        if (controller.signal.aborted || res.headersSent) {
          await response.body?.cancel().catch(() => {});
          return;
        }
        await send(res, response);
      })
      .catch(() => res.destroy());
  };
}
