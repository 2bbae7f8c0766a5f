/** Peak resident set size seen by an {@link RssSampler}, relative to where it started. */
export interface RssReport {
  baselineMb: number;
  peakMb: number;
  growthMb: number;
  /** Heap still in use after a full GC at the end, minus the same at the start: what the work kept alive. */
  retainedMb: number;
}

const MB = 1024 * 1024;

/** A full garbage collection, when the process runs with `--expose-gc` (otherwise nothing). */
function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Samples the process's RSS on a timer and whenever `sample()` is called (from inside a hot loop, where a
 * timer may not get a turn), keeping the peak. RSS rather than heap: it is what the machine pays, including
 * buffers held outside the JS heap (undici's socket buffers, response bodies).
 */
export class RssSampler {
  #baseline = 0;
  #heapBaseline = 0;
  #peak = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Collects garbage (with `--expose-gc`), records the baselines and starts sampling. */
  start(intervalMs = 5): void {
    gc();
    this.#heapBaseline = process.memoryUsage().heapUsed;
    this.#baseline = process.memoryUsage.rss();
    this.#peak = this.#baseline;
    this.#timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Takes one sample now. */
  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.#peak) this.#peak = rss;
  }

  /** Stops sampling and reports baseline, peak and growth in MB. */
  stop(): RssReport {
    this.sample();
    clearInterval(this.#timer);
    gc();
    return {
      retainedMb: (process.memoryUsage().heapUsed - this.#heapBaseline) / MB,
      baselineMb: this.#baseline / MB,
      peakMb: this.#peak / MB,
      growthMb: (this.#peak - this.#baseline) / MB,
    };
  }
}
