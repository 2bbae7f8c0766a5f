import { maskString } from "../redact.js";

const BRANDS = Symbol.for("@avala/core.error-brands");
/** The key under which Node's `util.inspect` looks for a custom view. */
export const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * Base class of every error the SDK throws.
 *
 * `instanceof` is answered from a brand registered under `Symbol.for`, so it also works when an application
 * ends up with both the ESM and the CJS build of `@avala/core` loaded (the dual-package hazard).
 *
 * Subclasses type their fields with `declare` and set each one in the constructor: the result is the same own
 * properties in the same order, without an emitted class-field definition per field (browser bundle size).
 */
export class AvalaError extends Error {
  /** Brand used by the cross-build `instanceof` check. */
  static readonly brand: string = "AvalaError";

  constructor(message: string, options?: { cause?: unknown }) {
    // Messages may carry text from servers and libraries: mask secrets written into it (`password=…`, keys).
    super(maskString(message, []), options);
    const brands: string[] = [];
    for (let ctor = new.target as unknown; typeof ctor === "function"; ctor = Object.getPrototypeOf(ctor)) {
      if (Object.hasOwn(ctor, "brand")) brands.push((ctor as typeof AvalaError).brand);
      if (ctor === AvalaError) break;
    }
    // defineProperty makes both non-enumerable (kept out of toJSON); `name` stays configurable like Error's own.
    Object.defineProperty(this, BRANDS, { value: brands });
    Object.defineProperty(this, "name", { value: new.target.brand, configurable: true });
  }

  // `this` is the class on the right of `instanceof` (a subclass included), which is the point.
  // biome-ignore-start lint/complexity/noThisInStatic: see above
  /** `error instanceof NotFoundError` holds for errors of this class from another copy of the package too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    const brands = (value as { [BRANDS]?: unknown })[BRANDS];
    if (Array.isArray(brands)) return brands.includes(this.brand);
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
  // biome-ignore-end lint/complexity/noThisInStatic: see above

  /**
   * A plain, secret-free view of the error for logs and `JSON.stringify`: name, message and the subclass's own
   * fields (bodies and paths are redacted before they are stored; `cause` is left out).
   */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as object) };
  }

  /** Node's `util.inspect` shows the same secret-free view (no `cause` chain with request internals). */
  [INSPECT](): string {
    return `${this.name}: ${this.message} ${JSON.stringify(this.toJSON(), null, 2)}`;
  }
}
