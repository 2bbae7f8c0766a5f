// A TLS-terminating reverse proxy, as in front of a deployed app (nginx, Caddy, a cloud load balancer): https on
// its own port with a throw-away self-signed certificate for 127.0.0.1 (made with the system's openssl), plain
// http to the app behind it, and the usual X-Forwarded-Proto / X-Forwarded-Host / X-Forwarded-For headers —
// overwriting any a client sent, as a proxy the app may trust must.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running TLS front. */
export interface TlsFront {
  /** `https://127.0.0.1:<port>/`: what the browser opens. */
  readonly url: string;
  /** Its origin, e.g. `https://127.0.0.1:41234`. */
  readonly origin: string;
  /** Points it at the app (`http://127.0.0.1:<port>/`); until then it answers 503. */
  forwardTo(target: string): void;
  close(): Promise<void>;
}

/** Starts the front on 127.0.0.1 with a fresh self-signed certificate. */
export async function startTlsFront(): Promise<TlsFront> {
  const dir = mkdtempSync(join(tmpdir(), "avala-tls-front-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  let target: URL | undefined;
  const server = createServer(
    { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) },
    (req, res) => {
      if (!target) {
        res.writeHead(503).end("no app behind the front yet");
        return;
      }
      const headers = { ...req.headers };
      for (const name of Object.keys(headers))
        if (/^(x-forwarded-|forwarded$)/i.test(name)) delete headers[name];
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: {
            ...headers,
            host: target.host,
            "x-forwarded-proto": "https",
            "x-forwarded-host": req.headers.host ?? "",
            "x-forwarded-for": req.socket.remoteAddress ?? "",
          },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    origin,
    forwardTo(url) {
      target = new URL(url);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
