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

/** A field map of messages, or undefined when `v` is not one (every value a message or a list of them). */
function asFieldErrors(v: unknown): Record<string, string[]> | undefined {
  if (!isRecord(v)) return undefined;
  const entries = Object.entries(v);
  if (!entries.length || entries.some(([, m]) => !(Array.isArray(m) || typeof m === "string")))
    return undefined;
  // fromEntries defines each field (a `__proto__` field stays a field; assigning it would set the prototype).
  return Object.fromEntries(entries.map(([field, m]) => [field, asMessages([m].flat())]));
}

/**
 * A description from a detail of any shape: text, a list of messages, or an object (its `message` or `detail`
 * text, else the object as JSON, so nothing the server said is lost).
 */
const describe = (v: unknown): string | undefined =>
  typeof v === "string"
    ? v
    : Array.isArray(v)
      ? asMessages(v).join(" ")
      : isRecord(v)
        ? (textOf(v.message) ?? textOf(v.detail) ?? JSON.stringify(v))
        : undefined;

/**
 * Reads every error body shape the Avala API uses:
 * `{detail}`, `{detail, code, doc_url}`, `{detail: {field: [msg]}}`, `{field: [msg]}`,
 * `{error: {code, message, details}}` and a bare list of messages (`["msg", …]`, what Django REST framework
 * sends for a validation error that belongs to no field); and, from proxies and other servers, a `detail` that is
 * a list or an object, `{error: {code, detail}}`, and `{message}` or `{title}` (RFC 9457 problem details).
 */
export function readErrorBody(body: unknown): ErrorBodyFacts {
  // An empty list gives an empty detail, which reads as none.
  if (!isRecord(body)) return { detail: describe(Array.isArray(body) ? body : undefined) };
  const { error } = body;
  if (isRecord(error)) return { code: textOf(error.code), detail: describe(error.message ?? error.detail) };
  if (!("detail" in body)) {
    const fieldErrors = asFieldErrors(body);
    return fieldErrors ? { fieldErrors } : { detail: textOf(body.message) ?? textOf(body.title) };
  }
  const fieldErrors = asFieldErrors(body.detail);
  return {
    detail: fieldErrors ? undefined : describe(body.detail),
    fieldErrors,
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
