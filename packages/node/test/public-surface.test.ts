import * as core from "@avala/core";
import * as webhooks from "@avala/core/webhooks";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as node from "../src/index.js";

describe("@avala/node public surface", () => {
  it("re-exports every runtime export of @avala/core (the same objects), with its own createClient", () => {
    // createBaseClient keeps raw, middleware and paginate out of browser bundles; Node has no use for it.
    const missing = Object.keys(core).filter(
      (name) =>
        name !== "createClient" &&
        name !== "createBaseClient" &&
        (node as Record<string, unknown>)[name] !== (core as Record<string, unknown>)[name],
    );
    expect(missing).toEqual([]);
    expect(node.createClient).not.toBe(core.createClient);
    // The classic case of issue reports: catching core's errors with only @avala/node installed.
    expect(node.NotFoundError.prototype).toBeInstanceOf(core.APIError);
  });

  it("re-exports every runtime export of @avala/core/webhooks (the same objects)", () => {
    const missing = Object.keys(webhooks).filter(
      (name) => (node as Record<string, unknown>)[name] !== (webhooks as Record<string, unknown>)[name],
    );
    expect(missing).toEqual([]);
    expect(Object.keys(webhooks)).toContain("unwrapWebhook");
  });

  it("re-exports core's types", () => {
    expectTypeOf<node.Page<{ uid: string }>>().toEqualTypeOf<core.Page<{ uid: string }>>();
    expectTypeOf<node.RateLimitInfo>().toEqualTypeOf<core.RateLimitInfo>();
    expectTypeOf<node.AvalaClient>().toEqualTypeOf<core.AvalaClient>();
    expectTypeOf<node.AvalaBaseClient>().toEqualTypeOf<core.AvalaBaseClient>();
    expectTypeOf<node.LimiterStore>().toEqualTypeOf<core.LimiterStore>();
  });
});
