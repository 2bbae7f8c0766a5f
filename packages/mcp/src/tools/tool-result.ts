import { APIError, AvalaError } from "@avala/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/** A successful result: the data as JSON text (for clients without structured output) and as structured content. */
export function dataResult(data: unknown, structured: boolean): CallToolResult {
  if (data === undefined) return { content: [{ type: "text", text: "Done (no content)." }] };
  const text = JSON.stringify(data);
  return structured && data !== null && typeof data === "object" && !Array.isArray(data)
    ? { content: [{ type: "text", text }], structuredContent: data as Record<string, unknown> }
    : { content: [{ type: "text", text }] };
}

/** A refusal or failure the model should read and act on (`isError: true`), e.g. invalid arguments. */
export function errorText(text: string): CallToolResult {
  return { content: [{ type: "text", text }], isError: true };
}

/**
 * Turns a thrown error into a tool result with `isError: true`. Errors of the client carry messages already
 * redacted by core (status, code and field errors, never the API key); anything else is reported by class and
 * message only — no stack, no request details.
 */
export function errorResult(error: unknown): CallToolResult {
  if (error instanceof APIError) {
    const facts = {
      status: error.status,
      ...(error.code ? { code: error.code } : {}),
      ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      ...(error.requestId ? { requestId: error.requestId } : {}),
    };
    return errorText(`${error.message}\n${JSON.stringify(facts)}`);
  }
  if (error instanceof AvalaError) return errorText(`${error.name}: ${error.message}`);
  const message = error instanceof Error ? error.message : String(error);
  return errorText(`Unexpected error: ${message}`);
}
