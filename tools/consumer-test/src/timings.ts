/** Step timings of one test file, printed as a table when the file is done (see `printTimings`). */
export class Timings {
  readonly #rows: Array<{ step: string; ms: number }> = [];

  constructor(readonly title: string) {}

  add(step: string, ms: number): void {
    this.#rows.push({ step, ms });
  }

  /** Runs `fn`, records how long it took under `step`, and returns its result. */
  async time<T>(step: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.add(step, performance.now() - started);
    }
  }

  format(): string {
    const width = Math.max(...this.#rows.map((r) => r.step.length), 10);
    const lines = this.#rows.map(
      (r) => `  ${r.step.padEnd(width)}  ${(r.ms / 1000).toFixed(1).padStart(6)} s`,
    );
    return [`${this.title} — timings`, ...lines].join("\n");
  }

  /** Writes the table to stderr (vitest shows it even for passing tests). */
  print(): void {
    if (this.#rows.length > 0) process.stderr.write(`\n${this.format()}\n`);
  }
}
