import { ConfigurationError } from "@avala/core";
import { sleep } from "@avala/core/internal";

/**
 * Shortest wait between two polls, in ms (the official SDKs' floor). Faster polling would only spend the API
 * key's request budget, shared with every other call, on status checks of a job that takes seconds at least.
 */
export const MIN_POLL_INTERVAL_MS = 1000;

/** What {@link pollUntil} needs: how to fetch, when to stop, and how to say it took too long. */
export interface PollSpec<T> {
  intervalMs: number;
  /** 0 waits forever. */
  timeoutMs: number;
  signal: AbortSignal | undefined;
  /** One status request, aborted by the given signal (the caller's or the deadline). */
  fetch(signal: AbortSignal): Promise<T>;
  /** Called after every poll; a callback that throws does not end the wait. */
  progress?(last: T, polls: number): void;
  /** True when `last` ends the wait; throws for a terminal failure. */
  done(last: T): boolean;
  /** The error for a wait past `timeoutMs`, given the last thing fetched (if any). */
  timedOut(last: T | undefined): Error;
}

/**
 * Checks a wait's `intervalMs` (at least {@link MIN_POLL_INTERVAL_MS}) and `timeoutMs` (>= 0), throwing
 * `ConfigurationError` before anything is sent.
 */
export function checkPollOptions(intervalMs: number, timeoutMs: number): void {
  if (!(Number.isFinite(intervalMs) && intervalMs >= MIN_POLL_INTERVAL_MS)) {
    throw new ConfigurationError(
      "intervalMs",
      `intervalMs must be a finite number of milliseconds >= ${MIN_POLL_INTERVAL_MS} (got ${intervalMs}); ` +
        "polling faster would spend the API key's rate limit on status checks.",
    );
  }
  if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0)) {
    throw new ConfigurationError(
      "timeoutMs",
      `timeoutMs must be a finite number of milliseconds >= 0 (got ${timeoutMs}).`,
    );
  }
}

/**
 * Fetches, reports and sleeps until `done` says so: the loop of the dataset, auto-label job and recording waits.
 * The caller's abort rejects with core's `APIUserAbortError`; the deadline with `timedOut`.
 */
export async function pollUntil<T>(spec: PollSpec<T>): Promise<T> {
  checkPollOptions(spec.intervalMs, spec.timeoutMs);
  // A plain timer rather than AbortSignal.timeout: cleared when the wait ends, on the same clock as the sleeps.
  const deadline = new AbortController();
  const timer = spec.timeoutMs > 0 ? setTimeout(() => deadline.abort(), spec.timeoutMs) : undefined;
  const signal = spec.signal ? AbortSignal.any([spec.signal, deadline.signal]) : deadline.signal;
  let last: T | undefined;
  let polls = 0;
  try {
    for (;;) {
      last = await spec.fetch(signal);
      polls++;
      try {
        spec.progress?.(last, polls);
      } catch {
        // A throwing progress callback must not end the wait.
      }
      if (spec.done(last)) return last;
      await sleep(spec.intervalMs, signal);
    }
  } catch (error) {
    // The deadline shares the abort path of the requests; tell the two apart by which signal fired.
    if (deadline.signal.aborted && !spec.signal?.aborted) throw spec.timedOut(last);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
