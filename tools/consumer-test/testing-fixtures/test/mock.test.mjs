// A user's contract tests with @avala/testing, installed from the packed tarballs.
import { InternalServerError, NotFoundError } from "@avala/core";
import { createTestClient, scenario, startAvalaMock } from "@avala/testing";
import { describe, expect, inject, it } from "vitest";

const uid = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";

describe("@avala/testing from the tarball", () => {
  it("the global setup's mock answers createTestClient() with the spec's examples", async () => {
    expect(process.env.AVALA_MOCK_URL).toBe(inject("avalaMockUrl"));
    const page = await createTestClient().GET("/datasets/");
    expect(page.results.map((d) => d.name)).toContain("Highway LiDAR 2026");
  });

  it("startAvalaMock + a 429-then-200 scenario: the client retries and succeeds", async () => {
    const mock = await startAvalaMock();
    try {
      const statuses = [];
      const avala = createTestClient({
        baseUrl: mock.url,
        scenario: { status: 429, retryAfter: 0, times: 1 },
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          statuses.push(response.status);
          return response;
        },
      });
      const dataset = await avala.GET("/datasets/{uid}/", { params: { path: { uid } } });
      expect(dataset.name).toBe("Highway LiDAR 2026");
      expect(statuses).toEqual([429, 200]);

      const missing = createTestClient({ baseUrl: mock.url }).GET("/datasets/{uid}/", {
        params: { path: { uid } },
        headers: scenario({ status: 404 }),
      });
      await expect(missing).rejects.toBeInstanceOf(NotFoundError);
      const down = createTestClient({ baseUrl: mock.url, maxRetries: 0 }).GET("/datasets/", {
        headers: scenario({ status: 503 }),
      });
      await expect(down).rejects.toBeInstanceOf(InternalServerError);
    } finally {
      await mock.stop();
    }
  });
});
