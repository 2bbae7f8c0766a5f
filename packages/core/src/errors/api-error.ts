import type { RateLimitInfo } from "../rate-limit-info.js";
import { AvalaError } from "./avala-error.js";
import { formatFieldErrors, readErrorBody } from "./error-body.js";

/**
 * Everything known about a failed response, gathered by the client before it throws: the argument of
 * `new APIError(init)` (and of its subclasses), for tests and mocks that construct the errors a call would throw.
 */
export interface APIErrorInit {
  status: number;
  statusText?: string;
  /** Parsed JSON body (secret-looking fields already redacted), or undefined when not JSON. */
  body: unknown;
  /** Content type of a body that was not JSON, to say what came instead. */
  nonJsonContentType?: string | undefined;
  method: string;
  path: string;
  requestId?: string | undefined;
  /** Response headers, names in lower case, secrets masked. */
  headers?: Record<string, string>;
  rateLimit: RateLimitInfo;
}

function describe(init: APIErrorInit, facts: ReturnType<typeof readErrorBody>): string {
  // HTTP/2 carries no status text (browsers then give ""): the status code alone is the message's head.
  const statusText = init.statusText ? ` ${init.statusText}` : "";
  let text: string;
  if (facts.detail) text = facts.detail;
  else if (facts.fieldErrors) text = formatFieldErrors(facts.fieldErrors);
  else if (init.nonJsonContentType !== undefined) {
    text = `a non-JSON body (${init.nonJsonContentType || "no content type"})`;
  } else text = "no error details in the response";
  const code = facts.code ? ` [${facts.code}]` : "";
  const doc = facts.docUrl ? ` See ${facts.docUrl}` : "";
  const fields = facts.detail && facts.fieldErrors ? ` (${formatFieldErrors(facts.fieldErrors)})` : "";
  return `${init.status}${statusText}${code}: ${text}${fields}${doc} — ${init.method} ${init.path}`;
}

/** The API answered with an error status. Subclasses name the status family. */
export class APIError extends AvalaError {
  static override readonly brand: string = "APIError";
  /** HTTP status code. */
  declare readonly status: number;
  /** Machine-readable error code from the body (`code` or `error.code`), if any. */
  declare readonly code: string | undefined;
  /** Validation messages by field, if the body carried any. */
  declare readonly fieldErrors: Record<string, string[]> | undefined;
  /** Documentation link from the body (`doc_url`), if any. */
  declare readonly docUrl: string | undefined;
  /** Request id from the response headers (`X-Request-Id`), if the server sent one. */
  declare readonly requestId: string | undefined;
  /** Rate-limit headers of the response. */
  declare readonly rateLimit: RateLimitInfo;
  /** Headers of the response, names in lower case (secret-looking values masked). */
  declare readonly headers: Record<string, string>;
  /** Parsed JSON body with secret-looking fields redacted; undefined when the body was not JSON. */
  declare readonly body: unknown;
  /** HTTP method of the request. */
  declare readonly method: string;
  /** Path of the request (no query string, never a credential). */
  declare readonly path: string;

  constructor(init: APIErrorInit) {
    const facts = readErrorBody(init.body);
    super(describe(init, facts));
    this.status = init.status;
    this.code = facts.code;
    this.fieldErrors = facts.fieldErrors;
    this.docUrl = facts.docUrl;
    this.requestId = init.requestId;
    this.rateLimit = init.rateLimit;
    this.headers = init.headers ?? {};
    this.body = init.body;
    this.method = init.method;
    this.path = init.path;
  }
}

/** 400: the request body or parameters are invalid; see `fieldErrors`. */
export class BadRequestError extends APIError {
  static override readonly brand: string = "BadRequestError";
}

/** 401: the API key is missing, invalid, revoked or expired. */
export class AuthenticationError extends APIError {
  static override readonly brand: string = "AuthenticationError";
}

/** 403: the API key lacks a permission, or the resource belongs to another organization. */
export class PermissionDeniedError extends APIError {
  static override readonly brand: string = "PermissionDeniedError";
}

/** 404: the resource does not exist or was deleted. */
export class NotFoundError extends APIError {
  static override readonly brand: string = "NotFoundError";
}

/** 409: the request conflicts with the current state (e.g. a duplicate slug). */
export class ConflictError extends APIError {
  static override readonly brand: string = "ConflictError";
}

/** 422: the request was understood but cannot be processed. */
export class UnprocessableEntityError extends APIError {
  static override readonly brand: string = "UnprocessableEntityError";
}

/** 429: rate limited. `retryAfter` says how many seconds to wait, when known. */
export class RateLimitError extends APIError {
  static override readonly brand: string = "RateLimitError";
  /** Seconds until a retry may succeed (from `Retry-After` or `X-RateLimit-Reset`), or undefined. */
  declare readonly retryAfter: number | undefined;

  constructor(init: APIErrorInit & { retryAfter?: number | undefined }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}

/** 5xx: the server failed or is temporarily unavailable. */
export class InternalServerError extends APIError {
  static override readonly brand: string = "InternalServerError";
}

/** The subclass for each status that has one; other 5xx are {@link InternalServerError}, the rest {@link APIError}. */
const BY_STATUS: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** Builds the error class that matches the status. */
export function createAPIError(init: APIErrorInit & { retryAfter?: number | undefined }): APIError {
  const ErrorClass = BY_STATUS[init.status] ?? (init.status >= 500 ? InternalServerError : APIError);
  return new ErrorClass(init);
}
