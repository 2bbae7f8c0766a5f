/** Replacement for anything secret. */
export const REDACTED = "[REDACTED]";

/** Header that carries the API key. */
export const API_KEY_HEADER = "X-Avala-Api-Key";

// Field names whose values are secrets in any body: secret, password, token, access key, private key,
// credentials, API keys and authorization headers (snake, camel, kebab or plain spelling).
const SECRET_NAME =
  /secret|passw(or)?d|token|access[-_]?key|private[-_]?key|credential|api[-_]?key|authorization|auth[-_]?json/i;

/** Whether a field or header name looks like it holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Returns a deep copy of `value` in which secret-looking fields are replaced by {@link REDACTED} and every
 * occurrence of the given secret strings (e.g. the API key) inside strings is masked too.
 */
export function redact<T>(value: T, secrets: readonly string[] = []): T {
  const masks = secrets.filter((s) => s.length >= 4);
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return maskString(v, masks);
    if (typeof v !== "object" || v === null || depth > 20) return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(v)) {
      out[key] = isSecretName(key) && item !== null && item !== undefined ? REDACTED : walk(item, depth + 1);
    }
    return out;
  };
  return walk(value, 0) as T;
}

/** Masks every occurrence of each secret inside `text`. */
export function maskString(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** A copy of `headers` as a plain object with secret-looking headers masked, for logs. */
export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = isSecretName(name) || name.toLowerCase() === "cookie" ? REDACTED : value;
  });
  return out;
}
