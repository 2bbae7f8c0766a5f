import type { OperationTraits } from "@avala/types";
import { AvalaError } from "../errors/avala-error.js";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
} from "../errors/connection-errors.js";
import { UnsafeRedirectError } from "../errors/misc-errors.js";
import type { Emit } from "../hooks.js";
import type { RateLimiter } from "../limiter/limiter.js";
import type { Logger } from "../logger.js";
import { nonNegative } from "../options.js";
import { API_KEY_HEADER, maskString } from "../redact.js";
import { serverDelay } from "../retry/retry-after.js";
import {
  backoffDelayMs,
  methodIsRetryable,
  type RetryOptions,
  type RetryPolicy,
  resolveRetryPolicy,
} from "../retry/retry-policy.js";
import { type ApiRoot, isUnderRoot } from "./base-url.js";
import type { HttpExchange, HttpRequest, HttpResponse, HttpTransport } from "./http-transport.js";
import { sleep } from "./sleep.js";

/** Per-call settings, from the client defaults and the request's own options. */
export interface CallContext {
  /** The operation's traits from the spec (rate-limit and concurrency class, whether the key is sent). */
  operation: OperationTraits;
  /** `true` opts a POST/PATCH into retries; `false` disables retries; an object overrides the policy. */
  retry?: boolean | RetryOptions | undefined;
  /** Per-attempt timeout in ms. */
  timeout?: number | undefined;
  /** Most decoded bytes of a response body this call reads; 0 for no limit. Default: the client's. */
  maxResponseBytes?: number | undefined;
  /** The caller's signal: aborts the call, including waits for the limiter and between retries. */
  signal?: AbortSignal | undefined;
  /** Longest each attempt may wait for the rate limiter, in ms (`LimiterWaitTooLongError` past it). */
  maxWaitMs?: number | undefined;
}

/** Fixed settings of a client's transport. */
export interface TransportConfig {
  root: ApiRoot;
  /** Sends one exchange over the wire (fetch, or undici's dispatcher in @avala/node). */
  http: HttpTransport;
  /** The key for this attempt, or null when the client sends none (it talks to a proxy that adds it). */
  apiKey: () => Promise<string | null>;
  timeoutMs: number;
  /** Most decoded bytes of a response body a call reads, unless the call says otherwise; 0 for no limit. */
  maxResponseBytes: number;
  retry: RetryPolicy;
  limiter: RateLimiter | null;
  logger: Logger;
  /** Reports the pipeline's events to the client's listeners. */
  emit: Emit;
  /** Test hook for jitter. */
  random?: () => number;
}

const MAX_REDIRECTS = 5;
const KEY_HEADER = API_KEY_HEADER.toLowerCase();

class TimeoutSignal extends Error {}

/**
 * The request pipeline under every call: attaches the API key (only for the API's own origin), waits for the
 * rate limiter, applies the per-attempt timeout to headers and body alike, handles redirects by hand and retries
 * transient failures. It resolves with a fully read response, so a body cut off mid-way is a retryable failure
 * and not a parse error later; a body past `maxResponseBytes` is a `ResponseTooLargeError`, never retried.
 */
export function createTransport(config: TransportConfig) {
  return async function send(request: HttpRequest, ctx: CallContext): Promise<HttpResponse> {
    const url = new URL(request.url);
    const target = { method: request.method, path: url.pathname };
    const what = `${target.method} ${target.path}`;
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
    const maxResponseBytes =
      nonNegative("maxResponseBytes", ctx.maxResponseBytes, true) ?? config.maxResponseBytes;
    const signal = ctx.signal;

    for (let attempt = 1; ; attempt++) {
      const retriesLeft = retryable && attempt <= policy.maxRetries;
      const event = { ...target, attempt };
      const permit = config.limiter
        ? await config.limiter.acquire(ctx.operation, {
            signal,
            maxWaitMs: ctx.maxWaitMs,
            onWait: (held) =>
              config.emit("rateLimit", {
                ...event,
                kind: "wait",
                ms: held.waitedMs,
                reason: held.rule ?? held.reason,
              }),
          })
        : undefined;
      const started = Date.now();
      let response: HttpResponse;
      try {
        config.logger.debug(`→ ${what}`, { attempt });
        config.emit("request", event);
        response = await attemptOnce(config, request, url, ctx, timeoutMs, maxResponseBytes, target);
      } catch (error) {
        permit?.release();
        if (!(error instanceof APIConnectionError) || !retriesLeft) throw error;
        const delay = backoffDelayMs(attempt - 1, policy, config.random);
        config.logger.info(`retrying ${what} in ${delay} ms: ${error.message}`);
        config.emit("retry", { ...event, delayMs: delay, error });
        await sleep(delay, signal);
        continue;
      }
      permit?.release();
      const paused = await config.limiter?.observe(response);
      if (paused)
        config.emit("rateLimit", { ...event, kind: "pause", ms: paused.pauseMs, reason: paused.reason });
      config.logger.debug(`← ${response.status} ${what}`);
      config.emit("response", {
        ...event,
        status: response.status,
        headers: response.headers,
        durationMs: Date.now() - started,
      });
      // What the rate-limit headers ask for; one not believed is said here (the limiter ignores it too).
      const server = serverDelay(response);
      if (server.ignored) {
        config.logger.warn(`${what}: ignored ${server.ignored}, not a time within an hour`);
        config.emit("rateLimit", { ...event, kind: "ignored", ms: 0, reason: server.ignored });
      }

      if (!retriesLeft || !policy.statuses.includes(response.status)) return response;
      const requested = server.delayMs;
      if (requested !== undefined && requested > policy.maxRetryAfterMs) {
        config.logger.warn(`${what}: server asked to wait ${requested} ms, more than maxRetryAfterMs`);
        return response;
      }
      const delay = requested ?? backoffDelayMs(attempt - 1, policy, config.random);
      config.logger.info(`retrying ${what} in ${delay} ms after ${response.status}`);
      config.emit("retry", { ...event, delayMs: delay, status: response.status });
      await sleep(delay, signal);
    }
  };
}

async function attemptOnce(
  config: TransportConfig,
  original: HttpRequest,
  firstUrl: URL,
  ctx: CallContext,
  timeoutMs: number,
  maxResponseBytes: number,
  target: { method: string; path: string },
): Promise<HttpResponse> {
  const { operation } = ctx;
  const userSignal = ctx.signal;
  // One timer per attempt, covering headers and body: the exchange settles only once the body is read.
  let exchange: HttpExchange | undefined;
  let stopped: unknown;
  let timedOut = false;
  const stop = (reason: unknown) => {
    if (stopped !== undefined) return;
    stopped = reason;
    exchange?.abort(reason);
  };
  const onUserAbort = () => stop(userSignal?.reason ?? new Error("aborted"));
  userSignal?.addEventListener("abort", onUserAbort, { once: true });
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          stop(new TimeoutSignal());
        }, timeoutMs)
      : undefined;
  if (userSignal?.aborted) onUserAbort();

  let url = firstUrl;
  let method = original.method;
  let payload = original.body;
  try {
    for (let hop = 0; ; hop++) {
      const key = operation.authenticated ? await config.apiKey() : null;
      if (stopped !== undefined) throw stopped;
      const headers = { ...original.headers };
      delete headers[KEY_HEADER];
      if (key !== null) headers[KEY_HEADER] = key;
      if (payload === undefined) delete headers["content-type"];
      exchange = config.http({
        method,
        url: hop === 0 ? original.url : url.href,
        headers,
        body: payload,
        maxResponseBytes,
      });
      const response = await exchange.response;
      exchange = undefined;

      if (
        // 0: a redirect whose target the runtime hides (a browser's opaqueredirect).
        response.status === 0 ||
        (response.status >= 300 && response.status < 400 && response.status !== 304)
      ) {
        const location = response.headers.get("location");
        const next = location ? new URL(location, url) : undefined;
        if (!next || !isUnderRoot(next, config.root) || hop >= MAX_REDIRECTS) {
          throw new UnsafeRedirectError({
            status: response.status,
            method: target.method,
            path: target.path,
            // From a response header: masked like the message (an echoed key).
            locationHost: maskString(
              next && next.origin !== config.root.origin
                ? next.host
                : next
                  ? `${next.host}${next.pathname}`
                  : "",
              key ? [key] : [],
            ),
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
      return response;
    }
  } catch (error) {
    if (error instanceof AvalaError) throw error;
    if (userSignal?.aborted) throw new APIUserAbortError(target, { cause: userSignal.reason });
    if (timedOut) throw new APIConnectionTimeoutError(target, timeoutMs);
    throw new APIConnectionError(target, undefined, { cause: error });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    userSignal?.removeEventListener("abort", onUserAbort);
  }
}
