// The error class is written out here instead of extending `AvalaError` from `../errors/avala-error.js`: the
// webhooks entry then shares no module with the client entry, so importing `@avala/core/webhooks` adds nothing
// to `@avala/core`'s bundle and vice versa. It carries the same brand record, so
// `error instanceof AvalaError` still holds.

const BRANDS = Symbol.for("@avala/core.error-brands");

/** Why a delivery was refused; {@link WebhookVerificationError.code}. */
export type WebhookVerificationErrorCode =
  /** A required `X-Avala-Webhook-*` header is absent. (400) */
  | "missing_header"
  /** The signature header is not a hex HMAC-SHA256 (64 hex digits, optionally after `sha256=`). (401) */
  | "malformed_signature"
  /** The signature matched none of the secrets: wrong secret, or a body changed on the way. (401) */
  | "signature_mismatch"
  /** The body given is an object, not the raw bytes: it was parsed before verification. (500: fix the server) */
  | "parsed_body"
  /** The body verified but is not JSON. (400) */
  | "invalid_json"
  /** No secret was configured. (500: fix the server) */
  | "no_secret"
  /** The body is larger than the handler's `maxBodyBytes`. (413) */
  | "body_too_large";

const STATUS: Record<WebhookVerificationErrorCode, number> = {
  missing_header: 400,
  malformed_signature: 401,
  signature_mismatch: 401,
  parsed_body: 500,
  invalid_json: 400,
  no_secret: 500,
  body_too_large: 413,
};

/**
 * A webhook delivery failed verification, or could not be verified. `code` says why, `status` is the HTTP
 * status a receiver should answer with, and the message says what to do. It never contains the body or a secret.
 * `instanceof AvalaError` is true.
 */
export class WebhookVerificationError extends Error {
  /** Brand used by `AvalaError`'s cross-build `instanceof` check. */
  static readonly brand: string = "WebhookVerificationError";
  declare readonly code: WebhookVerificationErrorCode;
  /** HTTP status to answer the sender with (400, 401, 413; 500 for a server misconfiguration). */
  declare readonly status: number;

  constructor(code: WebhookVerificationErrorCode, message: string) {
    super(message);
    Object.defineProperty(this, BRANDS, { value: ["WebhookVerificationError", "AvalaError"] });
    Object.defineProperty(this, "name", { value: "WebhookVerificationError", configurable: true });
    this.code = code;
    this.status = STATUS[code];
  }

  /** A plain view for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, code: this.code, status: this.status };
  }
}
