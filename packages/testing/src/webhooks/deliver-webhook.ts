import { randomUUID } from "node:crypto";
import {
  type KnownWebhookEventName,
  signWebhook,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_EVENT_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookEventName,
  type WebhookPayloads,
} from "@avala/node";

/** What {@link deliverWebhook} sends. */
export interface DeliverWebhookOptions<Name extends WebhookEventName> {
  /** The event type, e.g. `export.completed`. */
  event: Name;
  /** The JSON body (typed for documented events), or a string sent as is. */
  payload: (Name extends KnownWebhookEventName ? WebhookPayloads[Name] : unknown) | string;
  /** The secret to sign with. */
  secret: string;
  /** The delivery id; a fresh UUID by default. Send one id twice to test duplicate handling. */
  id?: string;
  /** Replaces the signature (to test refusals). */
  signature?: string;
  /** More headers, or overrides. */
  headers?: Record<string, string>;
}

/**
 * Sends a signed webhook delivery to `url`, as Avala does: a JSON POST with `X-Avala-Webhook-Signature` (hex
 * HMAC-SHA256 of the body), `X-Avala-Webhook-Event` and `X-Avala-Webhook-Delivery`. Resolves with your
 * receiver's response.
 */
export async function deliverWebhook<Name extends WebhookEventName>(
  url: string | URL,
  options: DeliverWebhookOptions<Name>,
): Promise<Response> {
  const body = typeof options.payload === "string" ? options.payload : JSON.stringify(options.payload);
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      [WEBHOOK_SIGNATURE_HEADER]: options.signature ?? (await signWebhook(body, options.secret)),
      [WEBHOOK_EVENT_HEADER]: options.event,
      [WEBHOOK_DELIVERY_HEADER]: options.id ?? randomUUID(),
      ...options.headers,
    },
    body,
  });
}
