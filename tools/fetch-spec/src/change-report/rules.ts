/**
 * The classification rules, in one place. The point of view is a TypeScript user of `@avala/types`,
 * `@avala/core` and the packages built on them: a change is breaking when code that compiled, or handled every
 * value the API could send, may stop doing so. README.md explains each rule.
 */
import type { Role, Severity } from "./types.ts";

/** A set (of types, enum values or union members) grew, shrank, or both. */
export type Direction = "widened" | "narrowed";

/**
 * Widening what callers may send is safe; narrowing it rejects code that compiled. Widening what callers read
 * is breaking: a new type or a new enum value reaches code (and exhaustive `switch`es over the generated union)
 * that never handled it. Narrowing what callers read only makes some of their handling unnecessary.
 */
export function setChange(role: Role, direction: Direction): Severity {
  if (role === "request") return direction === "widened" ? "non-breaking" : "breaking";
  return direction === "narrowed" ? "non-breaking" : "breaking";
}

/**
 * A field appears. In a request, a new required field breaks every call that omits it; an optional one is an
 * addition. In a response, a new field is an addition whatever its required-ness.
 */
export function fieldAdded(role: Role, required: boolean): Severity {
  return role === "request" && required ? "breaking" : "non-breaking";
}

/**
 * A field disappears. In a response, readers of it break. In a request, callers that set it get excess-property
 * errors from TypeScript (and the API would ignore or reject it), so it is breaking too.
 */
export function fieldRemoved(): Severity {
  return "breaking";
}

/**
 * Required-ness flips. A request field that becomes required breaks callers that omit it. In a response the
 * spec may only promise what the API guarantees (tolerant reader): dropping `required` withdraws a promise the
 * API never kept, so it is not breaking (readers that trusted it already failed on live data); making a field
 * required adds a promise that code will trust, so it is breaking unless the API really guarantees the field.
 */
export function requiredChanged(role: Role, nowRequired: boolean): Severity {
  if (role === "request") return nowRequired ? "breaking" : "non-breaking";
  return nowRequired ? "breaking" : "non-breaking";
}

/**
 * `null` joins or leaves a field's types. In requests, accepting null is an addition and refusing it breaks callers
 * that send it. In responses it follows the same tolerant-reader rule as `required`: `T | null` withdraws a
 * promise the API did not keep (not breaking), dropping null adds one (breaking).
 */
export function nullabilityChanged(role: Role, gained: boolean): Severity {
  if (role === "request") return gained ? "non-breaking" : "breaking";
  return gained ? "non-breaking" : "breaking";
}

/**
 * An enum becomes open (any string accepted, known values documented) or a plain string gets documented values.
 * Requests accept more; responses promise less, and the generated `"a" | (string & {})` keeps the literals, so
 * it is not breaking in either role.
 */
export function enumOpened(): Severity {
  return "non-breaking";
}

/**
 * An open enum or a plain string becomes a closed set. Requests accept less; in responses the generated union
 * invites exhaustive `switch`es that break when the API sends a value outside it, so it is breaking in both roles.
 */
export function enumClosed(): Severity {
  return "breaking";
}

/** A parameter appears: breaking only when callers must now pass it. */
export function parameterAdded(required: boolean): Severity {
  return required ? "breaking" : "non-breaking";
}

/**
 * A response status disappears. Losing a success (2xx) response changes what `data` is typed as; losing a
 * documented error only narrows the `error` union, which existing handling tolerates.
 */
export function responseRemoved(status: string): Severity {
  return status.startsWith("2") || status === "default" ? "breaking" : "non-breaking";
}
