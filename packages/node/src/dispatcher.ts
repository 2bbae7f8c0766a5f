import { rateLimits } from "@avala/types";
import { type Dispatcher, EnvHttpProxyAgent } from "undici";

/** Options of {@link createDispatcher}. */
export interface DispatcherOptions {
  /** Most open connections per origin. Default: the spec's burst limit (20), enough for the limiter's pace. */
  connections?: number;
  /** Extra trusted CA certificate(s), PEM. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** How long an idle keep-alive connection stays open, in ms. Default 30 000. */
  keepAliveTimeout?: number;
}

/**
 * An undici dispatcher with keep-alive and a connection cap, honouring `HTTPS_PROXY`, `HTTP_PROXY` and
 * `NO_PROXY` (undici's `EnvHttpProxyAgent`).
 */
export function createDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const connect = options.ca === undefined ? undefined : { ca: options.ca };
  return new EnvHttpProxyAgent({
    connections: options.connections ?? rateLimits.burst.requests,
    keepAliveTimeout: options.keepAliveTimeout ?? 30_000,
    ...(connect ? { connect, requestTls: connect, proxyTls: connect } : {}),
  });
}
