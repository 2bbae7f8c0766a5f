// The limiter's queue: one FIFO lane per combination of rules and concurrency class, each a linked list, so
// queueing, leaving and granting cost the same however many requests wait; and the time each reason held a lane.
// (No export may be named `then`: a module namespace with one is a thenable, which `await import()` would call.)
import type { AcquireOptions, LimiterPermit } from "./options.js";
import type { WindowRule } from "./store.js";

/** Requests of one lane: the same rules and concurrency class, served in order. */
export interface Lane {
  rules: WindowRule[];
  cls: string | null;
  head: Waiter | undefined;
  tail: Waiter | undefined;
  /** Requests waiting in it. */
  n: number;
  /** Its head is with the store: not counted as queued ahead of newcomers (it may already hold its hit). */
  granting: boolean;
  /** What holds its head (`pause`, `concurrency` or `window:<rule>`) since `since`, and ms per reason so far. */
  why: string | undefined;
  since: number;
  spent: Record<string, number>;
}

export interface Waiter {
  lane: Lane;
  prev: Waiter | undefined;
  next: Waiter | undefined;
  resolve: (permit: LimiterPermit) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
  /** Arrived while `maxQueue` requests were waiting: served if it may go at once, otherwise rejected. */
  overflow: boolean;
  /** Left the queue (aborted, refused or granted). */
  gone: boolean;
  /** Rejects it once the caller's `maxWaitMs` has passed. */
  deadline: ReturnType<typeof setTimeout> | undefined;
  at: number;
  onWait: AcquireOptions["onWait"];
  /** Its lane's `spent` when it arrived. */
  seen: Record<string, number>;
}

export type MaybePromise<T> = T | Promise<T>;
/** What holds a request (`concurrency`, `window:<rule>`) and the ms until it is looked at again. */
export type Held = [string, number];

/** `next(value)`, at once when `value` is not a promise, so a synchronous store never costs a tick. */
export function andThen<T, R>(value: MaybePromise<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** Puts `waiter` at the end of `lane` (its `prev` is already the lane's tail). */
export function append(lane: Lane, waiter: Waiter): void {
  if (lane.tail) lane.tail.next = waiter;
  else lane.head = waiter;
  lane.tail = waiter;
  lane.n++;
}

/** Takes `waiter` out of its lane. */
export function unlink(waiter: Waiter): void {
  const { lane, prev, next } = waiter;
  if (prev) prev.next = next;
  else lane.head = next;
  if (next) next.prev = prev;
  else lane.tail = prev;
  lane.n--;
}

/** The ms each reason has held `lane`'s head up to `now`. */
export function spentAt(lane: Lane, now: number): Record<string, number> {
  const spent = { ...lane.spent };
  if (lane.why) spent[lane.why] = (spent[lane.why] ?? 0) + now - lane.since;
  return spent;
}

/** From `now` on, `why` holds `lane`'s head (undefined: nothing does). */
export function hold(lane: Lane, why: string | undefined, now: number): void {
  if (lane.why === why) return;
  // In place: every grant and block passes here, and waiters keep copies (`seen`), not this object.
  if (lane.why) lane.spent[lane.why] = (lane.spent[lane.why] ?? 0) + now - lane.since;
  lane.why = why;
  lane.since = now;
}

/** The `seen` of a waiter without `onWait`: shared, never written. */
export const NONE: Record<string, number> = {};
