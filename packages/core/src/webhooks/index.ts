// `@avala/core/webhooks`: receive Avala webhooks on any runtime. Web Crypto only (no Buffer, no node: import),
// and no module shared with `@avala/core`'s client entry.

export type { KnownWebhookEventName, WebhookPayloads } from "@avala/types";
export {
  type ClaimState,
  type ClaimStore,
  MemoryClaimStore,
  type MemoryClaimStoreOptions,
} from "./claims.js";
export { WebhookVerificationError, type WebhookVerificationErrorCode } from "./errors.js";
export {
  createWebhookHandler,
  type WebhookEventHandler,
  type WebhookHandlerOptions,
  type WebhookHandlers,
  type WebhookRequestHandler,
} from "./handler.js";
export {
  isWebhookEvent,
  type KnownWebhookEvent,
  signWebhook,
  type UnknownWebhookEvent,
  unwrapWebhook,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_EVENT_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookBody,
  type WebhookEvent,
  type WebhookEventName,
  type WebhookEventOf,
  type WebhookHeaders,
  type WebhookSecret,
} from "./unwrap.js";
