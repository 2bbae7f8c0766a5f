import type { IncomingMessage, ServerResponse } from "node:http";
import {
  createWebhookHandler,
  type WebhookHandlerOptions,
  WebhookVerificationError,
} from "@avala/core/webhooks";
import type { NodeListener } from "../proxy/node-adapter.js";

/** What Express and body parsers leave on the request. */
type MaybeParsedRequest = IncomingMessage & { body?: unknown; _body?: boolean; originalUrl?: string };

const CONSUMED =
  "The request body was already read by a body parser (express.json() or similar), so the exact bytes Avala " +
  "signed are gone and the delivery cannot be verified. Mount the webhook route before express.json(), or give " +
  'it express.raw({ type: "application/json" }): app.post("/webhooks/avala", express.raw({ type: ' +
  '"application/json" }), handler).';

function readStream(req: IncomingMessage, max: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    req.on("data", (chunk: Uint8Array) => {
      size += chunk.byteLength;
      if (size > max) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      const body = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
      }
      resolve(body);
    });
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(body);
}

/**
 * {@link createWebhookHandler} for Node's `http` server and Express: `http.createServer(listener)` or
 * `app.post("/webhooks/avala", listener)`. It reads the raw body itself, or takes the Buffer/string that
 * `express.raw()` / `express.text()` left in `req.body`. When `express.json()` (or another parser) already consumed
 * the body, the signature cannot be checked: it answers 500 and reports a `WebhookVerificationError` (`parsed_body`)
 * to `onError` explaining how to mount the route (a 5xx, so Avala retries once the server is fixed).
 */
export function createNodeWebhookHandler(options: WebhookHandlerOptions): NodeListener {
  const handler = createWebhookHandler(options);
  const maxBody = options.maxBodyBytes ?? 5 * 1024 * 1024;
  return (req: MaybeParsedRequest, res) => {
    const run = async () => {
      let body: Uint8Array | string | undefined;
      if (typeof req.body === "string" || req.body instanceof Uint8Array) body = req.body;
      else if (req._body === true || req.readableEnded) {
        const error = new WebhookVerificationError("parsed_body", CONSUMED);
        options.onError?.(error);
        send(res, 500, JSON.stringify({ error: error.code, message: error.message }));
        return;
      } else {
        body = await readStream(req, maxBody);
        if (body === undefined) {
          send(
            res,
            413,
            JSON.stringify({ error: "body_too_large", message: `Larger than ${maxBody} bytes.` }),
          );
          return;
        }
      }
      const headers = new Headers();
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i] ?? "";
        if (!name.startsWith(":")) headers.append(name, req.rawHeaders[i + 1] ?? "");
      }
      const method = (req.method ?? "POST").toUpperCase();
      const request = new Request(
        `http://${req.headers.host ?? "localhost"}${req.originalUrl ?? req.url ?? "/"}`,
        {
          method,
          headers,
          body: method === "GET" || method === "HEAD" ? null : (body as BodyInit),
        },
      );
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(await response.text());
    };
    run().catch(() => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: "internal_error" }));
      else res.destroy();
    });
  };
}
