import type { Spread } from "./report.js";
import { median } from "./stats.js";

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

/**
 * The spread of `numerator / denominator` over the rounds of one {@link interleavedRounds} run: each round's
 * ratio of the two variants' times (they ran in the same round, so a slow spell hits both), lowest and highest.
 */
export function roundSpread(times: Map<string, number[]>, numerator: string, denominator: string): Spread {
  return spreadOf(times.get(numerator)!, times.get(denominator)!);
}

/** The lowest and highest of `a[i] / b[i]` over the rounds both lists have. */
export function spreadOf(a: readonly number[], b: readonly number[]): Spread {
  const ratios = a.slice(0, b.length).map((value, i) => value / b[i]!);
  return { min: Math.min(...ratios), max: Math.max(...ratios) };
}

/**
 * The median of the per-round ratios a[i] / b[i]: rounds of the two were interleaved, so each pair saw the same
 * moment of the shared machine, and a round disturbed by something else moves one ratio, not the figure.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  const ratios = a.slice(0, b.length).map((value, i) => value / b[i]!);
  return median(ratios);
}

/** Splits per-call values recorded round after round (`perRound` each) into one list per round. */
export function byRound(values: readonly number[], perRound: number): number[][] {
  const rounds: number[][] = [];
  for (let i = 0; i + perRound <= values.length; i += perRound) rounds.push(values.slice(i, i + perRound));
  return rounds;
}
