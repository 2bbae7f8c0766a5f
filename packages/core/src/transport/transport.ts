import type { OperationTraits } from "@avala/types";
import { AvalaError } from "../errors/avala-error.js";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
} from "../errors/connection-errors.js";
import { UnsafeRedirectError } from "../errors/misc-errors.js";
import type { RateLimiter } from "../limiter/limiter.js";
import type { Logger } from "../logger.js";
import { API_KEY_HEADER } from "../redact.js";
import { serverRequestedDelayMs } from "../retry/retry-after.js";
import {
  backoffDelayMs,
  methodIsRetryable,
  type RetryOptions,
  type RetryPolicy,
  resolveRetryPolicy,
} from "../retry/retry-policy.js";
import { type ApiRoot, isUnderRoot } from "./base-url.js";
import { sleep } from "./sleep.js";

/** Per-call settings, from the client defaults and the request's own options. */
export interface CallContext {
  /** The operation's traits from the spec (rate-limit and concurrency class, whether the key is sent). */
  operation: OperationTraits;
  /** `true` opts a POST/PATCH into retries; `false` disables retries; an object overrides the policy. */
  retry?: boolean | RetryOptions | undefined;
  /** Per-attempt timeout in ms. */
  timeout?: number | undefined;
  /**
   * Hand on a Response without a body stream (the bytes stay available through {@link bufferedBody}): cheaper,
   * for callers that parse the bytes themselves and have no middleware that could read the body.
   */
  bodyless?: boolean | undefined;
}

/** Fixed settings of a client's transport. */
export interface TransportConfig {
  root: ApiRoot;
  fetch: (input: Request | string, init?: RequestInit) => Promise<Response>;
  /** The key for this attempt, or null when the client sends none (it talks to a proxy that adds it). */
  apiKey: () => Promise<string | null>;
  timeoutMs: number;
  retry: RetryPolicy;
  limiter: RateLimiter | null;
  logger: Logger;
  /** Test hook for jitter. */
  random?: () => number;
}

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

// The bytes behind each Response the transport hands on, so the client can parse them without reading the
// Response's body stream a second time (a measurable cost per call; see bench/RESULTS.md).
const buffered = new WeakMap<Response, ArrayBuffer | null>();

/** The body the transport already read for `response`, or undefined when the response did not come from it. */
export function bufferedBody(response: Response): ArrayBuffer | null | undefined {
  return buffered.get(response);
}
const MAX_REDIRECTS = 5;

class TimeoutSignal extends Error {}

/**
 * The fetch that runs under openapi-fetch: attaches the API key (only for the API's own origin), waits for the
 * rate limiter, applies the per-attempt timeout to headers and body alike, handles redirects by hand and retries
 * transient failures. It returns a fully buffered Response, so a body cut off mid-way is a retryable failure
 * and not a parse error later.
 */
export function createTransport(config: TransportConfig) {
  return async function send(request: Request, ctx: CallContext): Promise<Response> {
    const url = new URL(request.url);
    const target = { method: request.method, path: url.pathname };
    if (!isUnderRoot(url, config.root)) {
      throw new AvalaError(
        `Refusing to send ${target.method} to ${url.host}${url.pathname}: it is outside the API base URL.`,
      );
    }
    const policy =
      ctx.retry === undefined
        ? config.retry
        : ctx.retry === false
          ? { ...config.retry, maxRetries: 0 }
          : resolveRetryPolicy(ctx.retry === true ? { retryNonIdempotent: true } : ctx.retry, config.retry);
    const retryable = methodIsRetryable(request.method, policy);
    const timeoutMs = ctx.timeout ?? config.timeoutMs;
    const body = request.body ? await request.arrayBuffer() : undefined;
    const signal = request.signal;

    for (let attempt = 0; ; attempt++) {
      const retriesLeft = retryable && attempt < policy.maxRetries;
      const permit = config.limiter ? await config.limiter.acquire(ctx.operation, signal) : undefined;
      let response: Response;
      try {
        config.logger.debug(`→ ${target.method} ${target.path}`, { attempt: attempt + 1 });
        response = await attemptOnce(config, request, url, body, ctx, timeoutMs, target);
      } catch (error) {
        permit?.release();
        if (!(error instanceof APIConnectionError) || !retriesLeft) throw error;
        const delay = backoffDelayMs(attempt, policy, config.random);
        config.logger.info(`retrying ${target.method} ${target.path} in ${delay} ms: ${error.message}`);
        await sleep(delay, signal);
        continue;
      }
      permit?.release();
      await config.limiter?.observe(response);
      config.logger.debug(`← ${response.status} ${target.method} ${target.path}`);

      if (!retriesLeft || !policy.statuses.includes(response.status)) return response;
      const requested = serverRequestedDelayMs(response);
      if (requested !== undefined && requested > policy.maxRetryAfterMs) {
        config.logger.warn(
          `${target.method} ${target.path}: server asked to wait ${requested} ms, more than maxRetryAfterMs`,
        );
        return response;
      }
      const delay = requested ?? backoffDelayMs(attempt, policy, config.random);
      config.logger.info(`retrying ${target.method} ${target.path} in ${delay} ms after ${response.status}`);
      await sleep(delay, signal);
    }
  };
}

async function attemptOnce(
  config: TransportConfig,
  original: Request,
  firstUrl: URL,
  body: ArrayBuffer | undefined,
  ctx: CallContext,
  timeoutMs: number,
  target: { method: string; path: string },
): Promise<Response> {
  const { operation } = ctx;
  const userSignal = original.signal;
  const controller = new AbortController();
  const onUserAbort = () => controller.abort(userSignal.reason);
  userSignal.addEventListener("abort", onUserAbort, { once: true });
  const timer =
    timeoutMs > 0 ? setTimeout(() => controller.abort(new TimeoutSignal()), timeoutMs) : undefined;
  if (userSignal.aborted) controller.abort(userSignal.reason);

  let url = firstUrl;
  let method = original.method;
  let payload: ArrayBuffer | undefined = body;
  try {
    for (let hop = 0; ; hop++) {
      const headers = new Headers(original.headers);
      headers.delete(API_KEY_HEADER);
      const key = operation.authenticated ? await config.apiKey() : null;
      if (key !== null) headers.set(API_KEY_HEADER, key);
      if (payload === undefined) headers.delete("content-type");
      const response = await config.fetch(url.href, {
        method,
        headers,
        body: payload,
        redirect: "manual",
        signal: controller.signal,
      });

      if (
        response.type === "opaqueredirect" ||
        (response.status >= 300 && response.status < 400 && response.status !== 304)
      ) {
        const location = response.headers.get("location");
        await response.body?.cancel().catch(() => {});
        const next = location ? new URL(location, url) : undefined;
        if (!next || !isUnderRoot(next, config.root) || hop >= MAX_REDIRECTS) {
          throw new UnsafeRedirectError({
            status: response.status,
            method: target.method,
            path: target.path,
            locationHost:
              next && next.origin !== config.root.origin
                ? next.host
                : next
                  ? `${next.host}${next.pathname}`
                  : "",
          });
        }
        // Same rules as fetch: 303 (and 301/302 after POST) become GET without a body; 307/308 keep both.
        if (
          response.status === 303 ||
          ((response.status === 301 || response.status === 302) && method === "POST")
        ) {
          method = "GET";
          payload = undefined;
        }
        url = next;
        continue;
      }

      const body = NULL_BODY_STATUS.has(response.status) ? null : await response.arrayBuffer();
      let outHeaders = response.headers;
      if (outHeaders.has("content-encoding")) {
        // The body is already decoded: describe what is handed on, not what came over the wire.
        outHeaders = new Headers(outHeaders);
        outHeaders.delete("content-encoding");
        if (body) outHeaders.set("content-length", String(body.byteLength));
      }
      const handedOn = new Response(ctx.bodyless ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: outHeaders,
      });
      buffered.set(handedOn, body);
      return handedOn;
    }
  } catch (error) {
    if (error instanceof AvalaError) throw error;
    if (userSignal.aborted) throw new APIUserAbortError(target, { cause: userSignal.reason });
    if (controller.signal.reason instanceof TimeoutSignal)
      throw new APIConnectionTimeoutError(target, timeoutMs);
    throw new APIConnectionError(target, undefined, { cause: error });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    userSignal.removeEventListener("abort", onUserAbort);
  }
}
