import { rootCertificates } from "node:tls";
import type { AvalaClient } from "@avala/core";
import { rateLimits } from "@avala/types";
import { Agent, type Dispatcher, EnvHttpProxyAgent } from "undici";

/** Options of {@link createDispatcher}. */
export interface DispatcherOptions {
  /** Most open connections per origin. Default: the spec's burst limit (20), enough for the limiter's pace. */
  connections?: number;
  /**
   * Extra trusted CA certificate(s), PEM, added to Node's bundled root certificates (not replacing them), so
   * a corporate CA is trusted and public hosts (object storage) still are.
   */
  ca?: string | Buffer | Array<string | Buffer>;
  /** How long an idle keep-alive connection stays open, in ms. Default 30 000. */
  keepAliveTimeout?: number;
}

/**
 * The certificates a dispatcher built with `ca` trusts: Node's root certificates followed by the given ones.
 * (Node's TLS replaces its roots with `ca` when one is given, so they are listed explicitly.)
 */
export function trustedCertificates(ca: NonNullable<DispatcherOptions["ca"]>): Array<string | Buffer> {
  return [...rootCertificates, ...(Array.isArray(ca) ? ca : [ca])];
}

/** The variables that name a forward proxy (either case, as curl and undici read them). */
const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];

/**
 * An undici dispatcher with keep-alive and a connection cap, honouring `HTTPS_PROXY`, `HTTP_PROXY` and
 * `NO_PROXY` (undici's `EnvHttpProxyAgent`) as they are when it is created. With no proxy named it is a plain
 * `Agent`: `EnvHttpProxyAgent` reads `NO_PROXY` from the environment on every request, a cost on each call for
 * a setting that is not there.
 */
export function createDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const connect = options.ca === undefined ? undefined : { ca: trustedCertificates(options.ca) };
  const pool = {
    connections: options.connections ?? rateLimits.burst.requests,
    keepAliveTimeout: options.keepAliveTimeout ?? 30_000,
  };
  if (!PROXY_VARIABLES.some((name) => process.env[name])) {
    return new Agent({ ...pool, ...(connect ? { connect } : {}) });
  }
  return new EnvHttpProxyAgent({
    ...pool,
    ...(connect ? { connect, requestTls: connect, proxyTls: connect } : {}),
  });
}

const dispatchers = new WeakMap<object, Dispatcher>();
let fallback: Dispatcher | undefined;

/** Records the dispatcher a client of `createClient()` sends its requests through. */
export function rememberDispatcher(client: AvalaClient, dispatcher: Dispatcher): void {
  dispatchers.set(client, dispatcher);
}

/**
 * The undici dispatcher `client` sends its requests through, so transfers made next to the client (uploads to
 * storage, export downloads) use the same proxy settings and trusted CAs. For a client not made by this
 * package's `createClient()` (or no client), a shared default dispatcher from {@link createDispatcher}.
 */
export function dispatcherOf(client?: AvalaClient): Dispatcher {
  const known = client === undefined ? undefined : dispatchers.get(client);
  if (known) return known;
  fallback ??= createDispatcher();
  return fallback;
}
