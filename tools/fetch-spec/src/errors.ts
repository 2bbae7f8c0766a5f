/** What went wrong, as a stable code tests and callers can branch on. */
export type FetchSpecErrorCode =
  | "USAGE"
  | "SOURCE_NOT_FOUND"
  | "NETWORK"
  | "TIMEOUT"
  | "HTTP_STATUS"
  | "PARSE"
  | "NOT_OPENAPI"
  | "UNSUPPORTED_VERSION"
  | "INVALID_SPEC"
  | "LINT_UNAVAILABLE"
  | "GENERATE_FAILED"
  | "WRITE_FAILED";

/** One problem reported by the Redocly linter. */
export interface LintProblem {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  pointer?: string;
}

/**
 * An expected failure of the tool. `message` is one line: what was wrong, then what to do. The CLI prints it
 * without a stack trace; anything else that escapes is a bug and is printed in full.
 */
export class FetchSpecError extends Error {
  override readonly name = "FetchSpecError";
  readonly code: FetchSpecErrorCode;
  /** Lint problems, when `code` is `INVALID_SPEC`. */
  readonly problems: LintProblem[];

  constructor(
    code: FetchSpecErrorCode,
    message: string,
    options: { cause?: unknown; problems?: LintProblem[] } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.problems = options.problems ?? [];
  }
}
