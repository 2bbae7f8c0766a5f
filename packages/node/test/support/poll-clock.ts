/**
 * Fake timers for code that polls through a real server (waitForExport): the clock moves only between polls,
 * never while a request is in flight, so a test neither waits for real seconds nor depends on how fast the machine
 * answers. Moving the clock during a request would fire its timeouts; moving it only from `onProgress` (called
 * after each poll, just before the wait for the next one) keeps every step in a known order.
 */
import { vi } from "vitest";

/** Fakes setTimeout, clearTimeout and Date until {@link PollClock.restore}. */
export interface PollClock {
  /**
   * An `onProgress` callback that records the (fake) time of each poll and then moves the clock by `gaps[i]`
   * ms (the last gap repeats) once the wait after poll `i` has started. `onPoll(i)` runs first, for tests that
   * act between polls.
   */
  onProgress(gaps: readonly number[], onPoll?: (index: number) => void): () => void;
  /** Fake time of each poll, in ms since the clock was installed. */
  readonly pollTimes: number[];
  /** Moves the clock, running every timer due. */
  advance(ms: number): Promise<void>;
  restore(): void;
}

export function installPollClock(): PollClock {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  const start = Date.now();
  const pollTimes: number[] = [];
  return {
    pollTimes,
    onProgress(gaps, onPoll) {
      return () => {
        const index = pollTimes.length;
        pollTimes.push(Date.now() - start);
        onPoll?.(index);
        const gap = gaps[Math.min(index, gaps.length - 1)] ?? 0;
        // After the callback returns, the wait schedules its timer in the same turn; move the clock after that.
        void Promise.resolve().then(() => vi.advanceTimersByTimeAsync(gap));
      };
    },
    advance: async (ms) => {
      await vi.advanceTimersByTimeAsync(ms);
    },
    restore: () => vi.useRealTimers(),
  };
}
