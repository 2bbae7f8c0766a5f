import { AvalaError } from "@avala/core";

/** A mistake in how the CLI was called (exit code 2). */
export class UsageError extends AvalaError {
  static override readonly brand: string = "UsageError";
}
