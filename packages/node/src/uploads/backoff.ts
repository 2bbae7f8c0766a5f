import { APIUserAbortError } from "@avala/core";

/** Waits `ms`, or rejects with `APIUserAbortError` as soon as `signal` aborts. Keeps no timer alive after. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new APIUserAbortError(undefined, { cause: signal.reason }));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError(undefined, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Delay before retry number `retry` (1-based): doubles from `initialMs` up to `maxMs`, half fixed and half
 * random so that many files failing together do not retry in lockstep.
 */
export function backoffDelay(retry: number, initialMs: number, maxMs: number): number {
  const base = Math.min(maxMs, initialMs * 2 ** (retry - 1));
  return base / 2 + Math.random() * (base / 2);
}
