/** What the SDK understands of an error body, whatever shape the API used. */
export interface ErrorBodyFacts {
  /** Human-readable description, if the body has one. */
  detail?: string | undefined;
  /** Machine-readable error code (`code`, or `error.code`). */
  code?: string | undefined;
  /** Documentation link (`doc_url`). */
  docUrl?: string | undefined;
  /** Validation messages by field, from a field map at the top level or under `detail`. */
  fieldErrors?: Record<string, string[]> | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const textOf = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Messages as strings (a message that is not a string is shown as JSON). */
const asMessages = (list: unknown[]): string[] =>
  list.map((m) => (typeof m === "string" ? m : JSON.stringify(m)));

function asFieldErrors(v: unknown): Record<string, string[]> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(v)) {
    if (Array.isArray(messages)) out[field] = asMessages(messages);
    else if (typeof messages === "string") out[field] = [messages];
    else return undefined;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Reads every error body shape the Avala API uses:
 * `{detail}`, `{detail, code, doc_url}`, `{detail: {field: [msg]}}`, `{field: [msg]}`,
 * `{error: {code, message, details}}` and a bare list of messages (`["msg", …]`, what Django REST framework
 * sends for a validation error that belongs to no field).
 */
export function readErrorBody(body: unknown): ErrorBodyFacts {
  // An empty list gives an empty detail, which reads as none.
  if (Array.isArray(body)) return { detail: asMessages(body).join(" ") };
  if (!isRecord(body)) return {};
  if (isRecord(body.error)) return { code: textOf(body.error.code), detail: textOf(body.error.message) };
  if (!("detail" in body)) return { fieldErrors: asFieldErrors(body) };
  const detail = textOf(body.detail);
  return {
    detail,
    fieldErrors: detail === undefined ? asFieldErrors(body.detail) : undefined,
    code: textOf(body.code),
    docUrl: textOf(body.doc_url),
  };
}

/** One line describing field errors: `name: This field is required.; email: Enter a valid email address.` */
export function formatFieldErrors(fieldErrors: Record<string, string[]>): string {
  return Object.entries(fieldErrors)
    .map(([field, messages]) => `${field}: ${messages.join(" ")}`)
    .join("; ");
}
