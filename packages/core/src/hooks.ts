import type { AvalaError } from "./errors/avala-error.js";
import type { ResponseHeaders } from "./transport/http-transport.js";

/** What every event says about the call it belongs to. */
export interface CallEvent {
  /** HTTP method. */
  method: string;
  /** Path of the request (no query string). */
  path: string;
  /** The attempt, from 1. */
  attempt: number;
}

/**
 * The events a client emits (subscribe with `client.on(name, listener)`). Listeners run synchronously inside the
 * request pipeline; keep them short. An exception thrown by a listener is ignored, so it cannot break a call.
 */
export interface ClientEvents {
  /** An attempt is about to go on the wire (after the limiter granted it). */
  request: CallEvent;
  /** An attempt received its whole response. */
  response: CallEvent & { status: number; headers: ResponseHeaders; durationMs: number };
  /** A failed attempt will be retried after `delayMs`; `status` or `error` says why. */
  retry: CallEvent & { delayMs: number; status?: number; error?: AvalaError };
  /**
   * The rate limiter held an attempt back (`kind: "wait"`, for `ms` ms), a response paused the whole limiter
   * (`kind: "pause"`, for `ms` ms), or a rate-limit header was not believed and ignored (`kind: "ignored"`: a
   * reset in the past or more than an hour away, or not a time at all). `reason` names the window, the
   * concurrency class or the header (`name: value`) behind it.
   */
  rateLimit: CallEvent & { kind: "wait" | "pause" | "ignored"; ms: number; reason?: string };
}

/** A listener of event `E`. */
export type ClientListener<E extends keyof ClientEvents> = (event: ClientEvents[E]) => void;

/** Emits an event to the listeners subscribed to it. */
export type Emit = <E extends keyof ClientEvents>(name: E, event: ClientEvents[E]) => void;

/** A set of listeners per event, with `on` (returns the unsubscribe function) and `emit`. */
export function createEmitter(): {
  on: <E extends keyof ClientEvents>(name: E, listener: ClientListener<E>) => () => void;
  emit: Emit;
} {
  const listeners: { [E in keyof ClientEvents]?: Set<ClientListener<E>> } = {};
  return {
    on(name, listener) {
      // biome-ignore lint/suspicious/noAssignInExpressions: lazily created set
      const set = (listeners[name] ??= new Set() as never) as Set<typeof listener>;
      set.add(listener);
      return () => void set.delete(listener);
    },
    emit(name, event) {
      for (const listener of listeners[name] ?? []) {
        try {
          (listener as ClientListener<typeof name>)(event);
        } catch {
          // A listener's failure is its own; the call goes on.
        }
      }
    },
  };
}
