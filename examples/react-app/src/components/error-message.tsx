import { type AvalaError, NotFoundError, RateLimitError } from "@avala/core";
import type { ReactNode } from "react";

/** Shows an error from a hook: core's typed errors, so `instanceof` picks the message. */
export function ErrorMessage({ error }: { error: AvalaError }): ReactNode {
  let text = error.message;
  if (error instanceof NotFoundError) text = "Not found.";
  else if (error instanceof RateLimitError) text = `Rate limited; retry in ${error.retryAfter ?? "a few"} s.`;
  return (
    <p role="alert" data-testid="error">
      {text}
    </p>
  );
}
