import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { normaliseSpec } from "../src/index.ts";
import { repoSpec } from "./helpers.ts";

describe("normaliseSpec", () => {
  it("is a fixed point on the real spec and keeps its content", async () => {
    const doc = repoSpec();
    const once = await normaliseSpec(doc as never);
    const twice = await normaliseSpec(parse(once));
    expect(twice).toBe(once);
    expect(parse(once)).toEqual(doc);
  });

  it("orders keys the same way whatever order the source used", async () => {
    const a = { info: { version: "1", title: "t" }, paths: {}, openapi: "3.1.0" };
    const b = { openapi: "3.1.0", paths: {}, info: { version: "1", title: "t" } };
    const text = await normaliseSpec(a);
    expect(await normaliseSpec(b)).toBe(text);
    expect(text.startsWith("openapi: 3.1.0\ninfo:\n")).toBe(true);
  });
});
