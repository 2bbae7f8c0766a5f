import type { AvalaClient } from "@avala/core";
import type { paths } from "@avala/types";
import type { Client } from "openapi-fetch";

/** openapi-react-query takes openapi-fetch's own client type (core's `raw` is typed more strictly). */
type RawClient = Client<paths>;
type UntypedCall = (path: string, init?: Record<string, unknown>) => Promise<unknown>;

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH"] as const;

/** Status reported for a call that resolved without a body (core resolves 204s with `undefined`). */
const NO_CONTENT = 204;

/**
 * An openapi-fetch-shaped view of a core client, for openapi-react-query: each method calls core's *throwing*
 * method, so a failed request rejects with core's typed error (`NotFoundError`, `RateLimitError`, …) after core's
 * own retries, instead of resolving with `{ error: body }`. openapi-react-query passes the rejection through
 * untouched, so that is what TanStack Query stores as the query's `error`.
 *
 * @internal Exported for tests; not part of the public API.
 */
export function toOpenApiFetchClient(client: AvalaClient): RawClient {
  const adapter: Record<string, unknown> = {};
  for (const method of METHODS) {
    const call = client[method] as unknown as UntypedCall;
    adapter[method] = async (path: string, init?: Record<string, unknown>) => {
      const data = await call(path, init);
      // Only `status` and `headers` are read (to turn a bodiless answer into `null`); no Response is created,
      // so this also runs where Response is not a global.
      const response = { status: data === undefined ? NO_CONTENT : 200, headers: new Headers() };
      return { data, error: undefined, response };
    };
  }
  adapter.use = client.use;
  adapter.eject = client.eject;
  return adapter as unknown as RawClient;
}
