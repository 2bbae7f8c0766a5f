/** Severity of a log line. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Where the client writes log lines; `console` fits. Nothing is logged unless a logger is given. */
export interface Logger {
  /** Detail for diagnosing: each attempt, wait and retry. */
  debug(message: string, details?: Record<string, unknown>): void;
  /** Notable events of normal operation. */
  info(message: string, details?: Record<string, unknown>): void;
  /** Something went wrong and was handled (a retry, a refused redirect). */
  warn(message: string, details?: Record<string, unknown>): void;
  /** A call failed. */
  error(message: string, details?: Record<string, unknown>): void;
}

/** The levels from most to least verbose; `off` silences everything. */
export const LOG_LEVELS: readonly (LogLevel | "off")[] = ["debug", "info", "warn", "error", "off"];

/** A logger that drops lines below `level` and masks the given secrets in every message and detail. */
export function createLevelLogger(
  logger: Partial<Logger> | undefined,
  level: LogLevel | "off",
  mask: (value: unknown) => unknown,
): Logger {
  const emit =
    (at: LogLevel) =>
    (message: string, details?: Record<string, unknown>): void => {
      if (!logger || LOG_LEVELS.indexOf(at) < LOG_LEVELS.indexOf(level)) return;
      const write = logger[at];
      if (typeof write !== "function") return;
      const text = mask(message) as string;
      if (details === undefined) write.call(logger, text);
      else write.call(logger, text, mask(details) as Record<string, unknown>);
    };
  return Object.fromEntries(
    LOG_LEVELS.slice(0, 4).map((at) => [at, emit(at as LogLevel)]),
  ) as unknown as Logger;
}
