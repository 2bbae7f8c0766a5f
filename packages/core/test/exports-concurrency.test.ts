// What the client enforces for the `exports` concurrency class, and what it leaves to the server. The API allows
// 5 concurrent export *jobs*; the client's semaphore only covers the `POST /exports/` request itself (a slot is
// held while the create request is in flight and released when it returns). A job runs on the server long after
// that, so the job limit is the server's: a sixth job is refused with 429, which the client surfaces as a typed
// RateLimitError. spec/README.md records this decision; the cap on concurrent create requests itself is tested in
// limiter.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import { createClient, RateLimitError } from "../src/index.js";
import { type FaultServer, json, startFaultServer } from "./support/fault-server.js";

const JOB_LIMIT = 5;
let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("exports concurrency class", () => {
  it("holds a slot only for the create request: the sixth job is sent, and the server's 429 reaches the caller", async () => {
    const running = new Set<string>();
    server = await startFaultServer(({ res, n }) => {
      // Every created job keeps running (nothing polls it to completion in this test).
      if (running.size >= JOB_LIMIT) {
        return json(res, 429, { detail: `At most ${JOB_LIMIT} export jobs may run at once.` });
      }
      const uid = `job-${n}`;
      running.add(uid);
      return json(res, 201, { uid, status: "requested" });
    });
    const avala = createClient({ apiKey: "avk_exports_0123456789", baseUrl: server.baseUrl, maxRetries: 0 });

    for (let i = 0; i < JOB_LIMIT; i++) {
      const job = await avala.POST("/exports/", { body: { name: `export ${i}` } });
      expect(job.status).toBe("requested");
    }
    // Five jobs run on the server, yet the client's five `exports` slots are all free again: the sixth create is
    // not held back by the client, it goes out and the server refuses it.
    const sixth = await avala.POST("/exports/", { body: { name: "export 5" } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(server.received.filter((r) => r.method === "POST")).toHaveLength(JOB_LIMIT + 1);
    expect(sixth).toBeInstanceOf(RateLimitError);
    expect((sixth as RateLimitError).message).toContain("At most 5 export jobs may run at once.");
  });
});
