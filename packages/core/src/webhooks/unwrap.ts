import type { KnownWebhookEventName, WebhookPayloads } from "@avala/types";
import { bodyBytes, hmacHex, importSecret, parseHexDigest, verifyHmac } from "./crypto.js";
import { WebhookVerificationError } from "./errors.js";

/** Header carrying the hex HMAC-SHA256 of the raw body. */
export const WEBHOOK_SIGNATURE_HEADER = "X-Avala-Webhook-Signature";
/** Header carrying the event type, e.g. `export.completed`. */
export const WEBHOOK_EVENT_HEADER = "X-Avala-Webhook-Event";
/** Header carrying the delivery UUID, the same on every retry of one delivery. */
export const WEBHOOK_DELIVERY_HEADER = "X-Avala-Webhook-Delivery";

/** A webhook event name: one the spec documents, or any other string the platform may add. */
export type WebhookEventName = KnownWebhookEventName | (string & {});

/** One verified delivery of the event `Name`: its delivery id, its type and its parsed JSON body. */
export interface WebhookEventOf<Name extends string> {
  /** The delivery UUID (`X-Avala-Webhook-Delivery`); retries of one delivery share it. */
  id: string;
  /** The event type (`X-Avala-Webhook-Event`). */
  type: Name;
  /** The JSON body, typed for documented events. */
  payload: Name extends KnownWebhookEventName ? WebhookPayloads[Name] : unknown;
}

/** A verified delivery of a documented event. */
export type KnownWebhookEvent = {
  [Name in KnownWebhookEventName]: WebhookEventOf<Name>;
}[KnownWebhookEventName];

/** A verified delivery of an event this SDK version does not know; its payload is unchecked JSON. */
export interface UnknownWebhookEvent {
  id: string;
  type: string & {};
  payload: unknown;
}

/** What {@link unwrapWebhook} returns; narrow it with {@link isWebhookEvent}. */
export type WebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;

/** Request headers: a Fetch `Headers`, or a plain object such as Node's `req.headers` (any case). */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** One secret, or several while rotating (a delivery verifies if any one matches). */
export type WebhookSecret = string | readonly string[];

/** The raw request body: the exact bytes received, or their text. */
export type WebhookBody = string | Uint8Array;

/**
 * Narrows an event from {@link unwrapWebhook} to one documented type, so its payload is typed:
 * `if (isWebhookEvent(event, "export.completed")) event.payload.download_url`.
 */
export function isWebhookEvent<Name extends KnownWebhookEventName>(
  event: WebhookEvent,
  type: Name,
): event is WebhookEventOf<Name> {
  return event.type === type;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(
    headers as Record<string, string | readonly string[] | undefined>,
  )) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === "string" ? value : value[0];
  }
  return undefined;
}

/** Checks the body argument and returns its bytes. */
export function rawBytes(rawBody: unknown): Uint8Array<ArrayBuffer> {
  if (typeof rawBody === "string" || rawBody instanceof Uint8Array) return bodyBytes(rawBody);
  if (rawBody instanceof ArrayBuffer) return new Uint8Array(rawBody);
  throw new WebhookVerificationError(
    "parsed_body",
    `The webhook body passed is ${rawBody === null ? "null" : `a ${typeof rawBody}`}, not the raw request body. ` +
      "The signature covers the exact bytes sent; a parsed and re-serialized body does not reproduce them. " +
      "Pass the raw body: `await request.text()` in a Fetch handler, or `express.raw({ type: " +
      '"application/json" })` (not express.json()) before the route in Express.',
  );
}

/** The secrets as a non-empty list; a missing or empty secret is a configuration error. */
export function secretList(secret: unknown): string[] {
  const list = typeof secret === "string" ? [secret] : Array.isArray(secret) ? (secret as unknown[]) : [];
  if (list.length === 0 || list.some((s) => typeof s !== "string" || s.length === 0)) {
    throw new WebhookVerificationError(
      "no_secret",
      "No webhook secret configured (or an empty one): pass the secret Avala returned when the webhook was " +
        "created (e.g. from an environment variable), or an array of secrets while rotating.",
    );
  }
  return list as string[];
}

/** The three delivery headers, or a `missing_header` error naming the first absent one. */
export function deliveryHeaders(headers: WebhookHeaders): { signature: string; type: string; id: string } {
  const values = [WEBHOOK_SIGNATURE_HEADER, WEBHOOK_EVENT_HEADER, WEBHOOK_DELIVERY_HEADER].map((name) => {
    const value = header(headers, name)?.trim();
    if (!value) {
      throw new WebhookVerificationError(
        "missing_header",
        `The ${name} header is missing: this request was not sent by an Avala webhook, or a proxy in front of ` +
          `this endpoint dropped it (forward ${WEBHOOK_SIGNATURE_HEADER}, ${WEBHOOK_EVENT_HEADER} and ` +
          `${WEBHOOK_DELIVERY_HEADER}).`,
      );
    }
    return value;
  });
  return { signature: values[0] as string, type: values[1] as string, id: values[2] as string };
}

/** Verifies `signature` over `bytes` against every key; throws unless one matches. */
export async function verifyWithKeys(
  keys: readonly CryptoKey[],
  signature: string,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<void> {
  const digest = parseHexDigest(signature.replace(/^sha256=/i, ""));
  if (!digest) {
    throw new WebhookVerificationError(
      "malformed_signature",
      `The ${WEBHOOK_SIGNATURE_HEADER} header is not a hex HMAC-SHA256 (64 hex digits, optionally after ` +
        "`sha256=`): the request was not signed by Avala.",
    );
  }
  // Every key is tried (no early exit), so the time taken does not tell which secret matched.
  const results = await Promise.all(keys.map((key) => verifyHmac(key, digest, bytes)));
  if (!results.includes(true)) {
    throw new WebhookVerificationError(
      "signature_mismatch",
      `The ${WEBHOOK_SIGNATURE_HEADER} signature matches none of the ${keys.length} configured secret(s). ` +
        "Check the secret (it is shown once, when the webhook is created) and that the body is the raw bytes " +
        "received, not re-encoded or parsed first.",
    );
  }
}

/** Parses a verified body. */
export function parseEvent(bytes: Uint8Array<ArrayBuffer>, type: string, id: string): WebhookEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new WebhookVerificationError(
      "invalid_json",
      `The webhook body is signed but is not JSON (event ${type}, delivery ${id}); nothing was handled.`,
    );
  }
  return { id, type, payload } as WebhookEvent;
}

/**
 * Verifies an Avala webhook delivery and returns its event: checks the three `X-Avala-Webhook-*` headers, the
 * HMAC-SHA256 signature over the raw body (constant time, against each secret while rotating), then parses the
 * JSON. Web Crypto only: works on Node 20+, Deno, Bun, Workers, edge runtimes and browsers.
 *
 * Deliveries carry no timestamp, so nothing here rejects a replayed delivery: record `id` and handle each once
 * (as {@link createWebhookHandler} does).
 *
 * @param rawBody the body exactly as received: `await request.text()` or the bytes (never a parsed object)
 * @param headers the request headers (`request.headers`, or Node's `req.headers`)
 * @param secret the webhook's secret, or an array of secrets while rotating
 * @throws {WebhookVerificationError} missing header, malformed or mismatching signature, parsed body, not JSON
 */
export async function unwrapWebhook(
  rawBody: WebhookBody,
  headers: WebhookHeaders,
  secret: WebhookSecret,
): Promise<WebhookEvent> {
  const secrets = secretList(secret);
  const bytes = rawBytes(rawBody);
  const { signature, type, id } = deliveryHeaders(headers);
  await verifyWithKeys(await Promise.all(secrets.map(importSecret)), signature, bytes);
  return parseEvent(bytes, type, id);
}

/**
 * The `X-Avala-Webhook-Signature` value Avala would send for `rawBody`: lower-case hex HMAC-SHA256 keyed with
 * `secret`. For tests of your receiver (see also `@avala/testing`'s `deliverWebhook`).
 */
export async function signWebhook(rawBody: WebhookBody, secret: string): Promise<string> {
  const [key] = secretList(secret);
  return hmacHex(await importSecret(key as string), rawBytes(rawBody));
}
