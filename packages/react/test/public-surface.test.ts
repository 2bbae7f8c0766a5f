import * as core from "@avala/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as react from "../src/index.js";

describe("@avala/react public surface", () => {
  it("re-exports every error class of @avala/core (the same classes, so instanceof works across packages)", () => {
    const errorClasses = Object.entries(core).filter(
      ([, value]) => typeof value === "function" && value.prototype instanceof Error,
    );
    expect(errorClasses.map(([name]) => name)).toContain("NotFoundError");
    const missing = errorClasses
      .filter(([name, value]) => (react as Record<string, unknown>)[name] !== value)
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it("re-exports core's types", () => {
    expectTypeOf<react.Page<{ uid: string }>>().toEqualTypeOf<core.Page<{ uid: string }>>();
    expectTypeOf<react.AvalaClient>().toEqualTypeOf<core.AvalaClient>();
    expectTypeOf<react.RateLimitInfo>().toEqualTypeOf<core.RateLimitInfo>();
  });
});
