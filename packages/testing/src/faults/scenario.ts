/**
 * What the mock should do with a request instead of answering it normally. Status and example are Prism's own
 * `Prefer` feature; the rest is done by the fault layer in front of Prism (see fault-layer.ts).
 */
export interface Scenario {
  /** Answer with this status and the spec's example for it (`429`, `503`, `404`, `400`, …). */
  status?: number;
  /** Which named example of the spec to answer with, e.g. `fieldErrors` for a `400` with field errors. */
  example?: string;
  /** `Retry-After` header, in seconds, instead of the spec's example value (30). Use with `status: 429`/`503`. */
  retryAfter?: number;
  /** Wait this long before answering (a slow response, for timeout handling). */
  delayMs?: number;
  /** Close the connection without answering (a dropped connection). */
  drop?: boolean;
  /**
   * Only the first `times` requests that carry this scenario get it; later ones are answered normally — e.g.
   * `{ status: 429, retryAfter: 0, times: 1 }`: one 429, then the retry succeeds. Default: every request.
   */
  times?: number;
}

/** The header that carries a {@link Scenario} the fault layer acts on. */
export const FAULT_HEADER = "x-avala-mock-fault";

/** A parsed fault header. `id` counts requests for `times`. */
export interface FaultSpec extends Scenario {
  id?: string;
}

/**
 * Request headers that make the mock of {@link startAvalaMock} play `scenario`: pass them as a request's
 * `headers`, or as `createTestClient({ scenario })` for every request of a client.
 *
 * A bare status/example becomes Prism's `Prefer: code=…, example=…`; anything else goes to the fault layer in
 * `x-avala-mock-fault`. Each call makes a new counter for `times`, so two clients never share one.
 *
 * @example
 * await expect(avala.GET("/datasets/", { headers: scenario({ status: 503 }) })).rejects.toThrow(InternalServerError);
 */
export function scenario(scenario: Scenario): Record<string, string> {
  validate(scenario);
  const { status, example } = scenario;
  const onlyPrism = Object.keys(scenario).every((key) => key === "status" || key === "example");
  if (onlyPrism) return { Prefer: preferValue(status, example) };
  const id = globalThis.crypto.randomUUID();
  return { [FAULT_HEADER]: formatFault({ ...scenario, id }) };
}

/** Prism's `Prefer` header value for a status and/or example. */
export function preferValue(status: number | undefined, example: string | undefined): string {
  return [status === undefined ? "" : `code=${status}`, example === undefined ? "" : `example=${example}`]
    .filter(Boolean)
    .join(", ");
}

function validate(s: Scenario): void {
  const fail = (what: string) => {
    throw new TypeError(`scenario(): ${what}`);
  };
  const known = ["status", "example", "retryAfter", "delayMs", "drop", "times"];
  for (const key of Object.keys(s))
    if (!known.includes(key)) fail(`unknown field "${key}" (known: ${known})`);
  if (Object.keys(s).length === 0) fail("give at least one of status, example, retryAfter, delayMs, drop");
  if (s.status !== undefined && !(Number.isInteger(s.status) && s.status >= 100 && s.status <= 599))
    fail(`status must be an HTTP status code (100–599), got ${s.status}`);
  for (const key of ["retryAfter", "delayMs"] as const) {
    const value = s[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      fail(`${key} must be a number ≥ 0, got ${value}`);
  }
  if (s.times !== undefined && !(Number.isInteger(s.times) && s.times >= 1))
    fail(`times must be an integer ≥ 1, got ${s.times}`);
  if (s.example !== undefined && !/^[\w.-]+$/.test(s.example))
    fail(`example must be the name of one of the spec's examples, got "${s.example}"`);
}

/** `status=429; retry-after=1; times=1; id=…` */
export function formatFault(spec: FaultSpec): string {
  const parts: string[] = [];
  if (spec.status !== undefined) parts.push(`status=${spec.status}`);
  if (spec.example !== undefined) parts.push(`example=${spec.example}`);
  if (spec.retryAfter !== undefined) parts.push(`retry-after=${spec.retryAfter}`);
  if (spec.delayMs !== undefined) parts.push(`delay-ms=${spec.delayMs}`);
  if (spec.drop) parts.push("drop");
  if (spec.times !== undefined) parts.push(`times=${spec.times}`);
  if (spec.id !== undefined) parts.push(`id=${spec.id}`);
  return parts.join("; ");
}

/** Reads a fault header back; unknown or malformed parts are an error, so a typo never passes silently. */
export function parseFault(value: string): FaultSpec {
  const spec: FaultSpec = {};
  for (const part of value
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, raw = ""] = part.split("=", 2).map((s) => s.trim()) as [string, string | undefined];
    const number = Number(raw);
    if (key === "drop") spec.drop = true;
    else if (key === "example" || key === "id") spec[key] = raw;
    else if (
      ["status", "retry-after", "delay-ms", "times"].includes(key) &&
      raw !== "" &&
      Number.isFinite(number)
    ) {
      if (key === "status") spec.status = number;
      else if (key === "retry-after") spec.retryAfter = number;
      else if (key === "delay-ms") spec.delayMs = number;
      else spec.times = number;
    } else throw new TypeError(`unknown or malformed part "${part}" in ${FAULT_HEADER}: ${value}`);
  }
  return spec;
}
