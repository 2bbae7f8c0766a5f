import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { APIUserAbortError, type RateLimiter } from "@avala/core";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, sleep } from "@avala/core/internal";
import { type Dispatcher, request } from "undici";
import { StorageUploadError } from "../uploads/errors.js";
import { isTransientStatus, STORAGE_TRANSFER, storageRetryAfterMs } from "../uploads/presigned-post.js";

/** Retry settings of presigned PUTs. */
export interface PutRetryOptions {
  /** Attempts per file, the first included. Default 3 (as the official SDKs). */
  maxAttempts?: number;
  /** Wait before the second attempt in ms, doubling after (with jitter). Default 1000 (1 s, then 2 s). */
  initialDelayMs?: number;
}

/** Options of {@link putFile}. */
export interface PutFileOptions extends PutRetryOptions {
  /** Headers the presigned URL requires (the entry's `headers`); Content-Length is added. */
  headers: Record<string, string>;
  limiter: RateLimiter | null;
  dispatcher: Dispatcher | undefined;
  /** Called with bytes newly sent; a retry never counts a byte twice. */
  onBytes: (delta: number) => void;
  signal: AbortSignal | undefined;
}

/** Per-attempt limit of a PUT, in ms: the official SDKs' 300 s, as a ceiling on a stalled connection. */
const PUT_TIMEOUT_MS = 300_000;
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * PUTs one file, streamed from disk with its exact Content-Length (never buffered: a 2 GB file costs no memory),
 * to an already-checked presigned URL, and returns the ETag storage answered (quotes removed). Plain undici, never
 * the API client: the API key never reaches storage. Connection errors, 408, 429 and 5xx are retried; other
 * refusals (403 expired or bad signature, …) and a missing ETag throw `StorageUploadError` at once.
 */
export async function putFile(
  url: URL,
  file: { absolutePath: string; path: string; size: number },
  options: PutFileOptions,
): Promise<string> {
  const maxAttempts = options.maxAttempts ?? 3;
  const { signal } = options;
  let best = 0;
  for (let attempt = 1; ; attempt++) {
    let sent = 0;
    const onChunk = (chunk: Buffer) => {
      sent += chunk.length;
      if (sent > best) {
        options.onBytes(sent - best);
        best = sent;
      }
      return chunk;
    };
    const failure = await attemptPut(url, file, options, onChunk);
    if (typeof failure === "string") return failure;
    const error = new StorageUploadError(
      {
        path: file.path,
        host: url.host,
        ...(failure.status === undefined ? {} : { status: failure.status }),
        attempts: attempt,
        transient: failure.transient,
        ...(failure.detail ? { detail: failure.detail } : {}),
      },
      { cause: failure.cause },
    );
    if (!failure.transient || attempt >= maxAttempts) throw error;
    const delay = backoffDelayMs(attempt - 1, {
      ...DEFAULT_RETRY_POLICY,
      initialDelayMs: options.initialDelayMs ?? 1000,
      maxDelayMs: 8000,
    });
    await sleep(Math.max(delay, Math.min(failure.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)), signal);
  }
}

interface PutFailure {
  transient: boolean;
  status?: number;
  detail?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

async function attemptPut(
  url: URL,
  file: { absolutePath: string; size: number },
  options: PutFileOptions,
  onChunk: (chunk: Buffer) => Buffer,
): Promise<string | PutFailure> {
  const { signal } = options;
  // A storage transfer takes an `uploads` concurrency slot but is not charged to the API's request windows.
  const permit = await options.limiter?.acquire(STORAGE_TRANSFER, signal);
  // Exactly the bytes that were signed for: a file that grew since it was measured still sends `size` bytes.
  const source =
    file.size === 0 ? undefined : createReadStream(file.absolutePath, { start: 0, end: file.size - 1 });
  // Counted as undici pulls them (a 'data' listener would start the flow before undici reads and lose bytes).
  const counted = async function* () {
    if (source) for await (const chunk of source) yield onChunk(chunk as Buffer);
  };
  const body = source ? Readable.from(counted(), { objectMode: false }) : Buffer.alloc(0);
  try {
    const response = await request(url, {
      method: "PUT",
      headers: { ...options.headers, "content-length": String(file.size) },
      body,
      signal,
      headersTimeout: PUT_TIMEOUT_MS,
      bodyTimeout: PUT_TIMEOUT_MS,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    const text = await response.body.text().catch(() => "");
    if (response.statusCode >= 200 && response.statusCode < 300) {
      const etag = String(response.headers.etag ?? "")
        .replace(/^W\//, "")
        .replace(/^"|"$/g, "");
      if (etag) return etag;
      return { transient: false, status: response.statusCode, detail: "storage answered without an ETag" };
    }
    const retryAfterMs = storageRetryAfterMs(response);
    return {
      transient: isTransientStatus(response.statusCode),
      status: response.statusCode,
      detail: describe(text, response.statusCode),
      ...(retryAfterMs !== undefined && retryAfterMs > 0 ? { retryAfterMs } : {}),
    };
  } catch (error) {
    if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
    const e = error as { code?: string; message?: string; cause?: { code?: string } };
    return { transient: true, detail: e?.code ?? e?.cause?.code ?? e?.message, cause: error };
  } finally {
    source?.destroy();
    permit?.release();
  }
}

// S3, GCS and Azure answer errors in XML with a <Code> and a <Message>; keep just those, never the body.
function describe(text: string, status: number): string | undefined {
  if (status >= 300 && status < 400) return "storage redirected the upload, which is not followed";
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]{1,300})<\/Message>/.exec(text)?.[1];
  return [code, message].filter(Boolean).join(": ") || undefined;
}
