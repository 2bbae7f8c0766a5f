import { fileURLToPath } from "node:url";
import { startAvalaMock } from "@avala/testing";
import { describe, expect, it } from "vitest";

describe("Prism on the spec", () => {
  it("starts without warnings or errors about the description", async () => {
    const lines: string[] = [];
    const spec = fileURLToPath(new URL("../../../spec/avala.openapi.yaml", import.meta.url));
    const mock = await startAvalaMock({ spec, onLog: (line) => lines.push(line) });
    try {
      const startup = lines.filter((line) => line.includes("[CLI]"));
      expect(startup.length).toBeGreaterThan(140);
      expect(startup.filter((line) => !/(awaiting|info|start)\s/.test(line))).toEqual([]);
      const res = await fetch(`${mock.url}/exports/9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d/`, {
        headers: { "X-Avala-Api-Key": "avk_test" },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-ratelimit-limit")).toBe("100");
    } finally {
      await mock.stop();
    }
  });
});
