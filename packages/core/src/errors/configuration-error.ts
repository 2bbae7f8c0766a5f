import { AvalaError } from "./avala-error.js";

/** Thrown by `createClient()` (and other factories) when an option is invalid. Names the option and the fix. */
export class ConfigurationError extends AvalaError {
  static override readonly brand: string = "ConfigurationError";
  /** The option that was wrong, e.g. `apiKey` or `retry.maxDelayMs`. */
  declare readonly option: string;

  constructor(option: string, message: string) {
    super(message);
    this.option = option;
  }
}
