import { AvalaError } from "@avala/core";

/** The signals that stop a transfer: Ctrl-C in a terminal, and what process managers send. */
const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** A transfer stopped by Ctrl-C or SIGTERM after cleaning up; the message says what was kept and how to go on. */
export class InterruptedError extends AvalaError {
  static override readonly brand: string = "InterruptedError";
  /** The signal that stopped it. */
  readonly signal: NodeJS.Signals;

  constructor(signal: NodeJS.Signals, message: string) {
    super(`Interrupted (${signal}): ${message}`);
    this.signal = signal;
  }
}

/** How {@link interruptible} reports a stop. */
export interface InterruptOptions {
  /** Runs first on a stop signal, before the operation is aborted: restore the terminal (progress bars). */
  onSignal?: () => void;
  /** What the user is told after the operation has cleaned up (what was kept, how to resume). */
  message: string;
}

/**
 * Runs a transfer with an AbortSignal that fires on SIGINT or SIGTERM. The operation cleans up through that signal
 * (uploads stop and keep their resume file, downloads remove their `.part` file); once it has settled, this
 * rejects with {@link InterruptedError} (exit code 130). A second signal while cleaning up exits at once.
 */
export async function interruptible<T>(
  operation: (signal: AbortSignal) => Promise<T>,
  options: InterruptOptions,
): Promise<T> {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onStop = (signal: NodeJS.Signals) => {
    if (received !== undefined) process.exit(130);
    received = signal;
    options.onSignal?.();
    controller.abort(new Error(`received ${signal}`));
  };
  for (const name of STOP_SIGNALS) process.on(name, onStop);
  try {
    return await operation(controller.signal);
  } catch (error) {
    if (received !== undefined) throw new InterruptedError(received, options.message);
    throw error;
  } finally {
    for (const name of STOP_SIGNALS) process.off(name, onStop);
  }
}
