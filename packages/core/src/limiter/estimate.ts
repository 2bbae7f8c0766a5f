// The limiter's estimate of a wait, for `maxWaitMs`: refusing at once a request that could not go in time.
import type { Lane } from "./queue.js";
import type { LimiterStore } from "./store.js";

/**
 * Least wait of a request in `lane` arriving now, behind the requests already queued, or undefined when the
 * store cannot tell. Only the windows and the pause are counted: how long concurrency slots stay held is
 * unknowable, so a wait for a slot counts as none here (and is bounded by the deadline timer instead).
 */
export function expectedWaitMs(
  store: LimiterStore,
  lanes: Iterable<Lane>,
  { rules }: Lane,
  pauseKey: string,
): number | undefined {
  if (!store.earliestGrantMs) return undefined;
  // Counted ahead: queued requests that will surely be let through first. Whenever this one could go, one
  // ahead of it under a subset of its rules could too, and goes first (FIFO); one that may be held by a
  // concurrency slot, or by a rule this one does not count against, could be overtaken, so it is left out
  // to keep the estimate a lower bound. Counted by lane, so the estimate costs the same for any queue length.
  const ahead = rules.map(() => 0);
  for (const lane of lanes) {
    if (lane.cls !== null || !lane.rules.every((rule) => rules.includes(rule))) continue;
    for (const rule of lane.rules) ahead[rules.indexOf(rule)]! += lane.n - (lane.granting ? 1 : 0);
  }
  return store.earliestGrantMs(rules, ahead, pauseKey, Date.now());
}
