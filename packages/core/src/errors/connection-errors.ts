import { AvalaError } from "./avala-error.js";

/** Where a request was going, for error messages: never the full URL with its query, never a header. */
export interface RequestTarget {
  method: string;
  path: string;
}

/** A short reason from a fetch failure: undici nests the system error (e.g. ECONNREFUSED) as its cause. */
function reason(cause: unknown): string {
  const inner = (cause as { cause?: { code?: unknown } } | undefined)?.cause;
  if (typeof inner?.code === "string") return inner.code;
  if (cause instanceof Error && cause.message) return cause.message;
  return "the request could not complete";
}

/** The request never got a complete answer: DNS failure, refused or reset connection, TLS error. */
export class APIConnectionError extends AvalaError {
  static override readonly brand: string = "APIConnectionError";
  declare readonly method: string;
  declare readonly path: string;

  constructor(target: RequestTarget, message?: string, options?: { cause?: unknown }) {
    super(
      message ?? `Connection error on ${target.method} ${target.path}: ${reason(options?.cause)}.`,
      options,
    );
    this.method = target.method;
    this.path = target.path;
  }
}

/** An attempt took longer than the client's `timeout` (headers and body included). */
export class APIConnectionTimeoutError extends APIConnectionError {
  static override readonly brand: string = "APIConnectionTimeoutError";
  /** The per-attempt timeout that elapsed, in milliseconds. */
  declare readonly timeoutMs: number;

  constructor(target: RequestTarget, timeoutMs: number) {
    super(target, `${target.method} ${target.path} timed out after ${timeoutMs} ms.`);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's AbortSignal aborted the request (or the wait before it). */
export class APIUserAbortError extends AvalaError {
  static override readonly brand: string = "APIUserAbortError";

  constructor(target?: RequestTarget, options?: { cause?: unknown }) {
    super(target ? `${target.method} ${target.path} was aborted.` : "The request was aborted.", options);
  }
}

/** The error for a wait that `signal` cut short, with the signal's reason as its cause. */
export function abortedBy(signal: AbortSignal | undefined): APIUserAbortError {
  return new APIUserAbortError(undefined, { cause: signal?.reason });
}
