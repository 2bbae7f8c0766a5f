import { createClient } from "@avala/core";
import type {} from "@avala/testing/vitest-global-setup";
import { describe, expect, inject, it } from "vitest";
import { runQuickstart } from "../src/quickstart.ts";

describe("quickstart against the mock", () => {
  it("lists datasets, fetches the first and creates an export of it", async () => {
    const lines: string[] = [];
    const sent: string[] = [];
    const avala = createClient({
      apiKey: "avk_test_key",
      baseUrl: inject("avalaMockUrl"),
      middleware: [
        { onRequest: ({ request }) => void sent.push(`${request.method} ${new URL(request.url).pathname}`) },
      ],
    });
    const result = await runQuickstart(avala, (line) => lines.push(line));
    expect(result.datasets).toBe(2);
    expect(result.datasetUid).toBe("3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17");
    expect(result.exportStatus).toBe("requested");
    expect(sent).toEqual(["GET /datasets/", `GET /datasets/${result.datasetUid}/`, "POST /exports/"]);
    expect(lines.join("\n")).toContain("Highway LiDAR 2026");
    expect(lines.join("\n")).toContain(`Export created: ${result.exportUid}`);
  });
});
