import { basename } from "node:path";
import { Readable } from "node:stream";
import { APIUserAbortError, type LimitedOperation, type RateLimiter } from "@avala/core";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, serverRequestedDelayMs, sleep } from "@avala/core/internal";
import { type Dispatcher, request } from "undici";
import { guessContentType } from "./content-type.js";
import { StorageUploadError } from "./errors.js";
import { multipartBody } from "./multipart-body.js";
import { checkStorageUrl, DEFAULT_STORAGE_HOSTS } from "./storage-url.js";

/** A presigned POST form, as `POST /datasets/manual-upload/file-upload-url/` returns it. */
export interface PresignedForm {
  url: string;
  fields: Record<string, string>;
  method?: string;
}

/** Retry settings of storage transfers. */
export interface StorageRetryOptions {
  /** Attempts per file, the first included. Default 4. */
  maxAttempts?: number;
  /** First backoff in ms; doubles per retry, with jitter. Default 500. */
  initialDelayMs?: number;
  /** Backoff cap in ms. Default 8000. */
  maxDelayMs?: number;
}

/** Options of {@link postPresignedForm}. */
export interface PostPresignedFormOptions extends StorageRetryOptions {
  /** Allowed storage hosts. Default {@link DEFAULT_STORAGE_HOSTS}. */
  storageHosts?: readonly string[];
  /** Limiter whose `uploads` class caps concurrent transfers; a slot is held only during each attempt. */
  limiter?: RateLimiter | null;
  /** undici dispatcher of the transfer (the client's, so proxy variables and `ca` apply). Default undici's global one. */
  dispatcher?: Dispatcher;
  /** Called with the bytes of the file newly sent; never counts a byte twice across retries. */
  onBytes?: (delta: number) => void;
  signal?: AbortSignal;
}

/** Statuses worth another attempt: timeouts, throttling and server-side failures. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

const MAX_RETRY_AFTER_MS = 60_000;

/** A storage transfer as the limiter sees it: an `uploads` slot, no API window. */
export const STORAGE_TRANSFER: LimitedOperation = { rateLimit: null, concurrency: "uploads", windows: false };

/**
 * Uploads one file to a presigned POST form: the fields, then the file streamed from disk as `file`. Plain
 * fetch, never the API client, so the storage host never sees the API key. Retries connection errors, 408,
 * 429 and 5xx with backoff; throws `StorageUrlNotAllowedError` before sending anything to a refused URL, and
 * `StorageUploadError` when storage refuses the form or the attempts run out.
 */
export async function postPresignedForm(
  form: PresignedForm,
  file: { absolutePath: string; path: string; size: number },
  options: PostPresignedFormOptions = {},
): Promise<void> {
  const url = checkStorageUrl(form.url, options.storageHosts ?? DEFAULT_STORAGE_HOSTS);
  if (form.method !== undefined && form.method.toUpperCase() !== "POST") {
    throw new StorageUploadError({
      path: file.path,
      host: url.host,
      attempts: 0,
      transient: false,
      detail: `the form asks for ${form.method}; only POST forms are supported`,
    });
  }
  const maxAttempts = options.maxAttempts ?? 4;
  const { signal } = options;
  const contentType = form.fields["Content-Type"] ?? guessContentType(file.path);
  let best = 0; // most bytes of the file sent by any attempt, so progress never goes back on a retry
  for (let attempt = 1; ; attempt++) {
    let sent = 0;
    const body = multipartBody({
      fields: form.fields,
      filePath: file.absolutePath,
      fileName: basename(file.path),
      fileSize: file.size,
      fileContentType: contentType,
      onBytes: (n) => {
        sent += n;
        if (sent > best) {
          options.onBytes?.(sent - best);
          best = sent;
        }
      },
    });
    const failure = await attemptOnce(url, body, options, signal);
    if (!failure) return;
    const fail = (transient: boolean) =>
      new StorageUploadError(
        {
          path: file.path,
          host: url.host,
          status: failure.status,
          attempts: attempt,
          transient,
          detail: failure.detail,
        },
        { cause: failure.cause },
      );
    if (!failure.transient) throw fail(false);
    if (attempt >= maxAttempts) throw fail(true);
    const backoff = backoffDelayMs(attempt - 1, {
      ...DEFAULT_RETRY_POLICY,
      initialDelayMs: options.initialDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 8000,
    });
    await sleep(Math.max(backoff, Math.min(failure.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)), signal);
  }
}

interface AttemptFailure {
  transient: boolean;
  status?: number;
  detail?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

async function attemptOnce(
  url: URL,
  body: ReturnType<typeof multipartBody>,
  options: PostPresignedFormOptions,
  signal: AbortSignal | undefined,
): Promise<AttemptFailure | undefined> {
  // Held only for the transfer: the API call for the form took (and gave back) its own uploads slot, so
  // holding one across it would deadlock once every slot is held by a file waiting for its form. A transfer
  // is not an API call: it takes its concurrency slot but is not charged to the API's request windows.
  const permit = await options.limiter?.acquire(STORAGE_TRANSFER, signal);
  try {
    // undici.request rather than fetch: fetch keeps every chunk of a streamed request body in memory until the
    // request ends (nodejs/undici#4058), which would make a 200 MB upload cost 200 MB of RAM.
    const response = await request(url, {
      method: "POST",
      // Only what the form needs: no API key, no client headers. Redirects are not followed (the default).
      headers: { "content-type": body.contentType, "content-length": String(body.length) },
      body: Readable.from(body.chunks, { objectMode: false }),
      signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    if (response.statusCode >= 200 && response.statusCode < 300) {
      await response.body.dump();
      return undefined;
    }
    const text = await response.body.text().catch(() => "");
    const retryAfterMs = storageRetryAfterMs(response);
    return {
      transient: isTransientStatus(response.statusCode),
      status: response.statusCode,
      detail: describeStorageError(text, response.statusCode),
      ...(retryAfterMs !== undefined && retryAfterMs > 0 ? { retryAfterMs } : {}),
    };
  } catch (error) {
    if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
    // Refused, reset and broken connections (undici's SocketError and friends) are all worth another attempt.
    return { transient: true, detail: connectionDetail(error), cause: error };
  } finally {
    permit?.release();
  }
}

// S3, GCS and Azure answer errors in XML with a <Code> and a <Message>; keep just those, never the body.
function describeStorageError(text: string, status: number): string | undefined {
  if (status >= 300 && status < 400) return "storage redirected the upload, which is not followed";
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]{1,300})<\/Message>/.exec(text)?.[1];
  return [code, message].filter(Boolean).join(": ") || undefined;
}

function connectionDetail(error: unknown): string | undefined {
  const e = error as
    | { code?: string; message?: string; cause?: { code?: string; message?: string } }
    | undefined;
  return e?.code ?? e?.cause?.code ?? e?.message;
}

/**
 * The wait a storage answer asks for, in ms, read by core's parser: `Retry-After` as delta-seconds or an HTTP date
 * (against the response's `Date`), believed up to an hour; undefined when it asks for none.
 */
export function storageRetryAfterMs(response: {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
}): number | undefined {
  return serverRequestedDelayMs({
    status: response.statusCode,
    headers: {
      get: (name: string) => {
        const value = response.headers[name];
        return (Array.isArray(value) ? value[0] : value) ?? null;
      },
    },
  });
}
