/**
 * A small HTTP proxy in front of Prism that does what Prism cannot: a status for only the first N requests
 * (429 then 200), a chosen `Retry-After`, slow answers, dropped connections, and request-validation answers
 * that say what was wrong.
 *
 * Hand-written on node:http because the job is a few lines of piping plus per-request decisions, and the
 * proxy libraries do not fit it: http-proxy (and http-proxy-middleware on top of it) has had no release since
 * 2020 and would still need all of the fault logic written around it; undici's ProxyAgent is a client-side
 * forward proxy, not a server.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FAULT_HEADER, type FaultSpec, parseFault, preferValue } from "./scenario.js";

/** Options of {@link startFaultLayer}. */
export interface FaultLayerOptions {
  /** Prism's URL, where requests are forwarded. */
  target: string;
  host: string;
  port?: number | undefined;
  /** Rewrite Prism's answer to an invalid request into a 400 that lists Prism's violation messages. */
  explainViolations: boolean;
}

/** The running fault layer. */
export interface FaultLayer {
  url: string;
  stop(): Promise<void>;
}

/** One violation as Prism reports it in its `sl-violations` response header. */
interface PrismViolation {
  location?: string[];
  severity?: string;
  message?: string;
}

export async function startFaultLayer(options: FaultLayerOptions): Promise<FaultLayer> {
  const target = new URL(options.target);
  // Requests seen per scenario id, for `times`.
  const counts = new Map<string, number>();

  const server: Server = createServer((req, res) => {
    let fault: FaultSpec | undefined;
    const raw = req.headers[FAULT_HEADER];
    try {
      fault = typeof raw === "string" ? parseFault(raw) : undefined;
    } catch (error) {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ detail: (error as Error).message }));
      return;
    }
    if (fault?.id !== undefined && fault.times !== undefined) {
      const seen = counts.get(fault.id) ?? 0;
      counts.set(fault.id, seen + 1);
      if (seen >= fault.times) fault = undefined;
    }

    if (fault?.drop) {
      req.socket.destroy();
      return;
    }

    const headers: IncomingHttpHeaders = { ...req.headers, host: target.host };
    delete headers[FAULT_HEADER];
    if (fault?.status !== undefined || fault?.example !== undefined) {
      headers.prefer = preferValue(fault.status, fault.example);
    }
    const forced = headers.prefer !== undefined;

    const forward = () => {
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (answer) => {
          const out = { ...answer.headers };
          if (fault?.retryAfter !== undefined) out["retry-after"] = String(fault.retryAfter);
          const violations = requestViolations(answer.headers["sl-violations"]);
          if (options.explainViolations && !forced && answer.statusCode === 400 && violations.length > 0) {
            answer.resume();
            const body = JSON.stringify({ detail: violationFields(violations) });
            delete out["content-length"];
            res.writeHead(400, { ...out, "content-type": "application/json" });
            res.end(body);
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, out);
          answer.pipe(res);
        },
      );
      upstream.on("error", (error) => {
        if (!res.headersSent) {
          res.writeHead(502, { "content-type": "application/json" });
          res.end(JSON.stringify({ detail: `The Avala mock (Prism) did not answer: ${error.message}` }));
        } else res.destroy(error);
      });
      // A client that gave up (timeout, abort) must not leave the forwarded request running.
      res.on("close", () => upstream.destroy());
      req.pipe(upstream);
    };

    if (fault?.delayMs) {
      const timer = setTimeout(forward, fault.delayMs);
      res.on("close", () => clearTimeout(timer));
    } else forward();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host, () => resolve());
  });
  // The owner may exit without stop(): an open fault layer must not keep it alive.
  server.unref();
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The request-side errors in Prism's `sl-violations` header (response-side ones are not the caller's fault). */
function requestViolations(header: string | string[] | undefined): PrismViolation[] {
  if (typeof header !== "string") return [];
  try {
    const parsed = JSON.parse(header) as PrismViolation[];
    return parsed.filter((v) => v.location?.[0] === "request" && v.severity === "Error");
  } catch {
    return [];
  }
}

/**
 * Prism's messages as the API's field-error body (`{detail: {field: [message]}}`), keyed by where the problem is
 * (`query.limit`, `body.format`, `body`), so the client's BadRequestError names them.
 */
function violationFields(violations: PrismViolation[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const v of violations) {
    const key = (v.location ?? []).slice(1).join(".") || "request";
    fields[key] = [...(fields[key] ?? []), v.message ?? "does not match the Avala API description"];
  }
  return fields;
}
