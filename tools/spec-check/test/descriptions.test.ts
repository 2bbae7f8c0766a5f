import { describe, expect, it } from "vitest";
import { loadSpec } from "./load-spec.ts";

// Descriptions become the JSDoc users read in @avala/types. Where a statement came from (an SDK, a test fixture,
// a reference page, a research note) belongs in spec/README.md.
const PROVENANCE =
  /\b(Python|TypeScript|official) SDKs?\b|\bSDK-only\b|\bSDK endpoint\b|\bfixtures?\b|gaps\.md|sdk-surface|reference page|public reference|\b[\w-]+\.md\b|Mintlify|docs\.avala\.ai|\bguide\b/i;

describe("spec descriptions", () => {
  it("are user-facing: no provenance notes", () => {
    const { doc } = loadSpec();
    const found: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (typeof node !== "object" || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === "example" || key === "examples") continue;
        if ((key === "description" || key === "summary") && typeof value === "string") {
          if (PROVENANCE.test(value) && at !== "/info") found.push(`${at}: ${value.slice(0, 120)}`);
        } else walk(value, `${at}/${key}`);
      }
    };
    walk(doc, "");
    expect(found).toEqual([]);
  });
});
