import { ConfigurationError } from "@avala/core";

/** How the proxy learns the origin browsers use to reach it (for the page links it rewrites). */
export interface PublicOriginOptions {
  /** Fixed public origin, e.g. `https://app.example.com`; wins over everything else. */
  publicOrigin?: string | undefined;
  /** Read `Forwarded` / `X-Forwarded-Proto` / `X-Forwarded-Host`; only behind a proxy that sets them. */
  trustForwardedHeaders?: boolean | undefined;
}

/** Checks `publicOrigin` and returns it as a bare origin (`https://app.example.com`). */
export function parsePublicOrigin(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  const bare =
    url !== undefined &&
    (url.protocol === "https:" || url.protocol === "http:") &&
    url.pathname === "/" &&
    url.search === "" &&
    url.hash === "" &&
    url.username === "" &&
    url.password === "";
  if (!bare) {
    throw new ConfigurationError(
      "publicOrigin",
      `publicOrigin must be an http(s) origin without a path, e.g. "https://app.example.com"; got ${JSON.stringify(value)}.`,
    );
  }
  return url!.origin;
}

// A host as it may appear in Host/X-Forwarded-Host: a DNS name or IPv4, or a bracketed IPv6, and a port.
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function firstListValue(value: string | null): string | undefined {
  const first = value?.split(",")[0]?.trim();
  return first === "" ? undefined : first;
}

/** `proto` and `host` of the first (client-side) element of an RFC 7239 `Forwarded` header. */
function parseForwarded(value: string | null): { proto?: string; host?: string } {
  const out: { proto?: string; host?: string } = {};
  const first = firstListValue(value);
  if (first === undefined) return out;
  for (const pair of first.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim().toLowerCase();
    const raw = pair.slice(eq + 1).trim();
    const unquoted = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
    if (name === "proto" || name === "host") out[name] = unquoted;
  }
  return out;
}

/**
 * The origin a browser used to reach this request: `publicOrigin` when set; else, when forwarded headers are
 * trusted, the scheme and host a load balancer recorded (RFC 7239 `Forwarded` first, then `X-Forwarded-Proto` /
 * `X-Forwarded-Host`), each checked to be a plain scheme or host; else the request's own URL. Untrusted or
 * malformed headers never change the answer.
 */
export function requestOrigin(request: Request, url: URL, options: PublicOriginOptions): string {
  if (options.publicOrigin !== undefined) return options.publicOrigin;
  if (!options.trustForwardedHeaders) return url.origin;
  const forwarded = parseForwarded(request.headers.get("forwarded"));
  const proto = (forwarded.proto ?? firstListValue(request.headers.get("x-forwarded-proto")))?.toLowerCase();
  const host = forwarded.host ?? firstListValue(request.headers.get("x-forwarded-host"));
  const scheme = proto === "https" || proto === "http" ? proto : url.protocol.slice(0, -1);
  const authority = host !== undefined && HOST.test(host) ? host : url.host;
  try {
    return new URL(`${scheme}://${authority}`).origin;
  } catch {
    return url.origin;
  }
}
