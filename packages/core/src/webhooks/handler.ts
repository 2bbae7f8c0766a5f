import type { KnownWebhookEventName } from "@avala/types";
import { type ClaimStore, MemoryClaimStore } from "./claims.js";
import { importSecret } from "./crypto.js";
import { WebhookVerificationError } from "./errors.js";
import {
  deliveryHeaders,
  parseEvent,
  rawBytes,
  secretList,
  verifyWithKeys,
  type WebhookEvent,
  type WebhookEventOf,
  type WebhookSecret,
} from "./unwrap.js";

/** A handler of one event type; its return value is ignored, a rejection makes the delivery fail (500). */
export type WebhookEventHandler<Event> = (event: Event) => unknown;

/** Handlers by documented event type, each typed for its event. */
export type WebhookHandlers = { [Name in KnownWebhookEventName]?: WebhookEventHandler<WebhookEventOf<Name>> };

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  /** The webhook's secret, or several while rotating. */
  secret: WebhookSecret;
  /** Handlers by event type. A verified event without a handler is acknowledged (200) and dropped. */
  on?: WebhookHandlers;
  /** Called for every verified event after its `on` handler, including events this SDK version does not know. */
  onAny?: WebhookEventHandler<WebhookEvent>;
  /** Told about refused deliveries and failed handlers (for logging); never given the body or the secret. */
  onError?: (error: unknown, event?: WebhookEvent) => void;
  /** Where handled delivery ids are recorded. Default: a {@link MemoryClaimStore} (one process). */
  store?: ClaimStore;
  /** How long a handled delivery id is remembered, in ms. Default 7 days (Avala's retry window is unpublished). */
  dedupeTtlMs?: number;
  /** How long a delivery being handled holds its claim before another attempt may take it, in ms. Default 5 min. */
  claimTtlMs?: number;
  /** Largest body accepted, in bytes; larger ones get 413. Default 5 MiB. */
  maxBodyBytes?: number;
}

/** A Fetch-API request handler: Next.js route handlers, Cloudflare Workers, Deno, Bun, Hono. */
export type WebhookRequestHandler = (request: Request) => Promise<Response>;

function json(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  });
}

async function readBody(request: Request, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () =>
    new WebhookVerificationError("body_too_large", `The webhook body is larger than maxBodyBytes (${max}).`);
  if (Number(request.headers.get("content-length") ?? 0) > max) throw tooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > max) throw tooLarge();
  return bytes;
}

/**
 * Creates a `(request: Request) => Promise<Response>` that receives Avala webhooks: it verifies each delivery
 * (see {@link unwrapWebhook}), handles each delivery id once, calls the handler for its event type and answers:
 *
 * - 200 once handled, for events without a handler, and for a delivery already handled (a retry);
 * - 400 / 401 / 413 when verification fails (the body is never echoed), 405 for other methods than POST;
 * - 409 while another attempt of the same delivery is still being handled, 500 when a handler throws (the claim is
 *   released, so Avala's retry is handled again).
 *
 * Use it as a Next.js route (`export const POST = createWebhookHandler(...)`), a Worker's `fetch`, `Deno.serve`,
 * `Bun.serve` or a Hono route; in Node's `http` or Express use `createNodeWebhookHandler` from `@avala/node`.
 * With several processes, pass a shared store (`createRedisClaimStore` from `@avala/node/redis`).
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookRequestHandler {
  const secrets = secretList(options.secret); // fails at start-up, not on the first delivery
  const keys = Promise.all(secrets.map(importSecret));
  keys.catch(() => {}); // surfaced by the first request that awaits it
  const store = options.store ?? new MemoryClaimStore();
  const dedupeTtl = options.dedupeTtlMs ?? 7 * 24 * 60 * 60 * 1000;
  const claimTtl = options.claimTtlMs ?? 5 * 60 * 1000;
  const maxBody = options.maxBodyBytes ?? 5 * 1024 * 1024;
  const report = (error: unknown, event?: WebhookEvent) => {
    try {
      options.onError?.(error, event);
    } catch {
      // a failing logger must not change the answer
    }
  };

  return async (request) => {
    if (request.method !== "POST") {
      return json(
        405,
        { error: "method_not_allowed", message: "Webhooks are delivered with POST." },
        { allow: "POST" },
      );
    }
    let event: WebhookEvent;
    try {
      const { signature, type, id } = deliveryHeaders(request.headers);
      const bytes = rawBytes(await readBody(request, maxBody));
      await verifyWithKeys(await keys, signature, bytes);
      event = parseEvent(bytes, type, id);
    } catch (error) {
      report(error);
      if (error instanceof WebhookVerificationError) {
        return json(error.status, { error: error.code, message: error.message });
      }
      return json(500, { error: "internal_error", message: "The delivery could not be verified." });
    }

    const key = `webhook:${event.id}`;
    let state: Awaited<ReturnType<ClaimStore["claim"]>>;
    try {
      state = await store.claim(key, claimTtl);
    } catch (error) {
      report(error, event);
      return json(503, {
        error: "store_unavailable",
        message: "The delivery store is unavailable; retry later.",
      });
    }
    if (state === "done") return json(200, { received: true, duplicate: true });
    if (state === "in-progress") {
      return json(409, {
        error: "in_progress",
        message: "This delivery is being handled by another attempt.",
      });
    }

    try {
      const handler = (options.on as Record<string, WebhookEventHandler<WebhookEvent>> | undefined)?.[
        event.type
      ];
      await handler?.(event);
      await options.onAny?.(event);
    } catch (error) {
      report(error, event);
      await store.release(key).catch((releaseError: unknown) => report(releaseError, event));
      return json(500, {
        error: "handler_failed",
        message: "The event handler failed; the delivery can be retried.",
      });
    }
    await store.complete(key, dedupeTtl).catch((error: unknown) => report(error, event));
    return json(200, { received: true });
  };
}
