/**
 * What replaces anything secret in error messages, error fields and log lines: `"[REDACTED]"` (compare against
 * it rather than the literal).
 */
export const REDACTED = "[REDACTED]";

/**
 * Header that carries the API key.
 *
 * @internal
 */
export const API_KEY_HEADER = "X-Avala-Api-Key";

// Words that make a field name (or a name in free text) secret: secret, password, token, access key, private key,
// credentials, API keys and authorization headers (snake, camel, kebab or plain spelling).
const SECRET_WORD =
  "secret|passw(?:or)?d|passphrase|token|access[-_]?key|private[-_]?key|credentials?|api[-_]?key|authorization|auth[-_]?json";
const SECRET_NAME = new RegExp(SECRET_WORD, "i");

/**
 * A secret-looking name in free text followed by its value: `password=hunter2`, `"secret": "abc"`,
 * `client_secret: abc`, `token abc123`, `Authorization: Bearer eyJ…`, `api key is avk_…`.
 * Groups: 1 = the name with its separator (kept), 2 = the value (masked); 3 and 4 the same for the form
 * without `=` or `:`. A value ends at white space, a quote, `,` `;` or a closing bracket, and at `&` only where
 * a query string's next `name=` follows (a password may well contain `&`).
 *
 * Written by hand: the known log scrubbers (e.g. the `redact` options of pino or fast-redact) mask fields by path
 * and leave free text alone. With `=` or `:` any value is masked; after plain words (`token abc`, `password is x`)
 * only one that looks like a credential (a digit, or 16+ characters), so prose like "token expired" or "the
 * password field" stays readable.
 */
const NAMED_VALUE = new RegExp(
  `([\\w.-]*?(?:${SECRET_WORD})[\\w.-]*["']?\\s*[:=]>?\\s*["']?(?:(?:bearer|basic|token)\\s+)?)((?:[^\\s"',;&)}\\]]|&(?![\\w.-]+=))+)` +
    `|((?:[\\w.-]*?(?:${SECRET_WORD})[\\w.-]*|(?:api|access|private) key)(?:\\s+(?:is|was|of|for))?\\s+(?:(?:bearer|basic)\\s+)?)` +
    `((?=[^\\s"',;&)}\\]]*\\d)[^\\s"',;&)}\\]]{4,}|[^\\s"',;&)}\\]]{16,})`,
  "gi",
);

/** Avala API keys wherever they appear, whoever's they are. */
const AVALA_KEY = /\bavk_[A-Za-z0-9_-]{6,}/g;

/** Whether a field or header name looks like it holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Masks secrets in free text: values after secret-looking names (`password=…`, `secret: …`, `token …`,
 * `Bearer …`), Avala API keys, and every occurrence of the given secret strings (e.g. the API key in use, or
 * values a body shows under secret-looking field names).
 */
export function maskString(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  out = out.replace(AVALA_KEY, REDACTED);
  return out.replace(NAMED_VALUE, (match, eqName, eqValue, wordName, wordValue) => {
    const value = (eqValue ?? wordValue) as string | undefined;
    // Already masked (the value pattern stops before the closing bracket of the marker).
    if (value === undefined || value.startsWith(REDACTED.slice(0, -1))) return match;
    return `${eqName ?? wordName}${REDACTED}`;
  });
}

/**
 * Adds to `found` the strings and numbers held under secret-looking field names anywhere in `value` (to mask
 * them where a message repeats them). `under` says whether `value` itself sits under such a name.
 */
function secretValues(value: unknown, found: Set<string>, depth: number, under: boolean): void {
  if (under && (typeof value === "string" || typeof value === "number")) found.add(String(value));
  else if (typeof value === "object" && value !== null && depth <= 20) {
    for (const [key, item] of Object.entries(value)) {
      secretValues(item, found, depth + 1, under || isSecretName(key));
    }
  }
}

/**
 * Returns a deep copy of `value` in which secret-looking fields are replaced by {@link REDACTED}, and every string
 * (field names included) is masked by `maskString`: with the given secrets (e.g. the API key), the values the
 * same body holds under secret-looking field names (a message that repeats them), and the free-text rules.
 *
 * Objects are copied as plain objects with their keys as own data properties: a `"__proto__"` key of parsed JSON
 * stays an ordinary field (as `JSON.parse` made it) and never becomes the copy's prototype.
 *
 * @internal
 */
export function redact<T>(value: T, secrets: readonly string[] = []): T {
  const found = new Set(secrets);
  secretValues(value, found, 0, false);
  // Longest first, so a secret that contains another is masked whole (maskString skips those under 4 characters).
  const masks = [...found].sort((a, b) => b.length - a.length);
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return maskString(v, masks);
    if (typeof v !== "object" || v === null || depth > 20) return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    // fromEntries defines each key (assigning `out["__proto__"]` would set the prototype instead).
    return Object.fromEntries(
      Object.entries(v).map(([key, item]) => [
        maskString(key, masks),
        isSecretName(key) && item != null ? REDACTED : walk(item, depth + 1),
      ]),
    );
  };
  return walk(value, 0) as T;
}
