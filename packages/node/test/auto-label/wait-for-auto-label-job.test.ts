import { APIUserAbortError, ConfigurationError, NotFoundError } from "@avala/core";
import { afterEach, describe, expect, it } from "vitest";
import { json, useFaultServers } from "../../../core/test/support/fault-server.js";
import {
  AutoLabelJobFailedError,
  type AutoLabelJobProgress,
  AutoLabelJobTimeoutError,
  waitForAutoLabelJob,
} from "../../src/index.js";
import { installPollClock, type PollClock } from "../support/poll-clock.js";
import { TEST_API_KEY, testClient } from "../support/test-client.js";

const serve = useFaultServers();
const UID = "5d1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

/** A real local server answering the job's GET with the scripted states, one per poll (the last repeats). */
function scripted(states: Record<string, unknown>[]) {
  return serve(({ req, res, n }) => {
    if (req.url !== `/api/v1/auto-label-jobs/${UID}/`) return json(res, 404, { detail: "Not found." });
    json(res, 200, { uid: UID, ...states[Math.min(n, states.length - 1)] });
  });
}

describe("waitForAutoLabelJob", () => {
  let clock: PollClock | undefined;
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });

  it("polls every intervalMs until completed, reporting progress", async () => {
    const api = await scripted([
      { status: "pending" },
      { status: "running", total_items: 40, processed_items: 10, progress_pct: 25 },
      { status: "some-future-status", total_items: 40, processed_items: 30, progress_pct: 75 },
      { status: "completed", total_items: 40, processed_items: 40, progress_pct: 100 },
    ]);
    clock = installPollClock();
    const progress: AutoLabelJobProgress[] = [];
    const tick = clock.onProgress([2000]);
    const done = await waitForAutoLabelJob(testClient(api.baseUrl), UID, {
      intervalMs: 2000,
      onProgress: (p) => {
        progress.push(p);
        tick();
      },
    });
    expect(done).toMatchObject({ uid: UID, status: "completed", processed_items: 40 });
    expect(clock.pollTimes).toEqual([0, 2000, 4000, 6000]);
    expect(
      progress.map(({ status, processed, total, percent, polls }) => [
        status,
        processed,
        total,
        percent,
        polls,
      ]),
    ).toEqual([
      ["pending", null, null, null, 1],
      ["running", 10, 40, 25, 2],
      ["some-future-status", 30, 40, 75, 3],
      ["completed", 40, 40, 100, 4],
    ]);
    expect(api.received.every((r) => r.headers["x-avala-api-key"] === TEST_API_KEY)).toBe(true);
  });

  it.each(["failed", "cancelled"])(
    "throws AutoLabelJobFailedError with the job when it ends %s",
    async (status) => {
      const api = await scripted([{ status: "running" }, { status, error_message: "model crashed" }]);
      clock = installPollClock();
      const error = await waitForAutoLabelJob(testClient(api.baseUrl), UID, {
        intervalMs: 1000,
        onProgress: clock.onProgress([1000]),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AutoLabelJobFailedError);
      expect((error as AutoLabelJobFailedError).job).toMatchObject({ uid: UID, status });
      expect((error as Error).message).toBe(`Auto-label job ${UID} ended ${status}: model crashed.`);
    },
  );

  it("throws AutoLabelJobTimeoutError with the last job after timeoutMs", async () => {
    const api = await scripted([{ status: "running", progress_pct: 10 }]);
    clock = installPollClock();
    const error = await waitForAutoLabelJob(testClient(api.baseUrl), UID, {
      intervalMs: 1000,
      timeoutMs: 2500,
      onProgress: clock.onProgress([1000]),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AutoLabelJobTimeoutError);
    expect(error).toMatchObject({ uid: UID, timeoutMs: 2500, lastJob: { status: "running" } });
    expect(clock.pollTimes).toEqual([0, 1000, 2000]);
  });

  it("stops with APIUserAbortError when the signal aborts", async () => {
    const api = await scripted([{ status: "running" }]);
    clock = installPollClock();
    const abort = new AbortController();
    const error = await waitForAutoLabelJob(testClient(api.baseUrl), UID, {
      intervalMs: 1000,
      signal: abort.signal,
      onProgress: clock.onProgress([1000], (i) => i === 1 && abort.abort()),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(clock.pollTimes).toEqual([0, 1000]);
  });

  it("passes API errors through as the client's typed errors", async () => {
    const api = await serve(({ res }) => json(res, 404, { detail: "Not found." }));
    await expect(waitForAutoLabelJob(testClient(api.baseUrl), UID)).rejects.toBeInstanceOf(NotFoundError);
  });

  it.each([
    [{ intervalMs: 10 }, "intervalMs"],
    [{ intervalMs: Number.NaN }, "intervalMs"],
    [{ timeoutMs: -1 }, "timeoutMs"],
  ])("refuses %j before sending anything", async (options, option) => {
    const api = await scripted([{ status: "completed" }]);
    const error = await waitForAutoLabelJob(testClient(api.baseUrl), UID, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe(option);
    expect(api.received).toEqual([]);
  });

  it("refuses an empty uid", async () => {
    const api = await scripted([{ status: "completed" }]);
    await expect(waitForAutoLabelJob(testClient(api.baseUrl), " ")).rejects.toThrow(/needs the job's uid/);
  });
});
