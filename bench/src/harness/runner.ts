/** One contender of a comparison: `run` does one round of work (many calls), timed as a whole. */
export interface Variant {
  readonly name: string;
  run(): Promise<void>;
}

/** Options of {@link interleavedRounds}. */
export interface RoundOptions {
  /** Timed rounds per variant. */
  rounds: number;
  /** Untimed rounds per variant first (JIT warm-up, connection pools, lazy imports). */
  warmup: number;
}

/**
 * Runs every variant for `rounds` rounds, interleaved (round r runs all variants, in an order rotated by r),
 * and returns the elapsed ms of each round by variant name. Interleaving matters on a noisy machine: a slow
 * spell (another process, a thermal dip, GC of an earlier variant's garbage) hits every variant alike instead
 * of whichever happened to run then, so the ratio of medians stays stable while absolute numbers wander.
 */
export async function interleavedRounds(
  variants: readonly Variant[],
  options: RoundOptions,
): Promise<Map<string, number[]>> {
  const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < options.warmup + options.rounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(i + round) % variants.length]!;
      const started = performance.now();
      await variant.run();
      const elapsed = performance.now() - started;
      if (round >= options.warmup) times.get(variant.name)!.push(elapsed);
    }
  }
  return times;
}

/** Options of {@link callsVariant}. */
export interface CallsOptions {
  /** Calls per round. */
  calls: number;
  /** Calls in flight at once. Default 1 (each call awaited before the next). */
  concurrency?: number;
  /** When given, the duration (ms) of every call is pushed here. */
  latencies?: number[];
}

/** A variant whose round is `calls` calls of `call`, `concurrency` at a time. */
export function callsVariant(name: string, call: () => Promise<unknown>, options: CallsOptions): Variant {
  const { calls, concurrency = 1, latencies } = options;
  return {
    name,
    async run() {
      let started = 0;
      const lane = async () => {
        while (started < calls) {
          started++;
          const t0 = performance.now();
          await call();
          latencies?.push(performance.now() - t0);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, lane));
    },
  };
}
