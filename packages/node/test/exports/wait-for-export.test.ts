import { APIUserAbortError, ConfigurationError, NotFoundError } from "@avala/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ExportFailedError,
  type ExportProgress,
  ExportTimeoutError,
  exportState,
  waitForExport,
} from "../../src/index.js";
import { startValidatedFakeApi, type ValidatedFakeApi } from "../support/fake-api.js";
import { installPollClock, type PollClock } from "../support/poll-clock.js";
import { testClient } from "../support/test-client.js";

let fake: ValidatedFakeApi;
const UID = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
const DOWNLOAD = "https://acme-robotics-exports.s3.us-west-2.amazonaws.com/exports/v3.zip";

beforeAll(async () => {
  fake = await startValidatedFakeApi({
    storageUrl: "https://avala-manual-uploads.s3.us-west-2.amazonaws.com/",
  });
});
afterAll(() => fake?.close());
afterEach(() => fake.api.reset());

describe("waitForExport", () => {
  let clock: PollClock | undefined;
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });

  it("polls through the statuses until exported, reporting progress", async () => {
    fake.api.scriptExport(UID, [
      { status: "requested" },
      { status: "pending" },
      { status: "processing", total_task_count: 1200, exported_task_count: 312 },
      { status: "some-future-status", total_task_count: 1200, exported_task_count: 900 },
      { status: null, total_task_count: 1200, exported_task_count: 1100 },
      { status: "exported", total_task_count: 1200, exported_task_count: 1200, download_url: DOWNLOAD },
    ]);
    clock = installPollClock();
    const progress: ExportProgress[] = [];
    const tick = clock.onProgress([1000]);
    const done = await waitForExport(testClient(fake.baseUrl), UID, {
      pollInterval: 1000,
      maxPollInterval: 1000,
      onProgress: (p) => {
        progress.push(p);
        tick();
      },
    });
    expect(done).toMatchObject({ uid: UID, status: "exported", download_url: DOWNLOAD });
    expect(fake.api.polls(UID)).toBe(6);
    expect(progress.map(({ status, exported, total }) => ({ status, exported, total }))).toEqual([
      { status: "requested", exported: null, total: null },
      { status: "pending", exported: null, total: null },
      { status: "processing", exported: 312, total: 1200 },
      { status: "some-future-status", exported: 900, total: 1200 },
      { status: null, exported: 1100, total: 1200 },
      { status: "exported", exported: 1200, total: 1200 },
    ]);
  });

  it("treats completed as success", async () => {
    fake.api.scriptExport(UID, [{ status: "processing" }, { status: "completed", download_url: DOWNLOAD }]);
    clock = installPollClock();
    const done = await waitForExport(testClient(fake.baseUrl), UID, {
      pollInterval: 1000,
      onProgress: clock.onProgress([1000]),
    });
    expect(done.status).toBe("completed");
  });

  it("backs off between polls by half each time, up to the cap", async () => {
    fake.api.scriptExport(UID, [
      { status: "processing" },
      ...Array(5).fill({ status: "processing" }),
      { status: "exported", download_url: DOWNLOAD },
    ]);
    clock = installPollClock();
    // The clock moves by exactly the expected waits: a shorter wait would poll early (at an earlier time), a
    // longer one would not poll at all within the step, and both change the recorded times.
    await waitForExport(testClient(fake.baseUrl), UID, {
      pollInterval: 1000,
      maxPollInterval: 3000,
      onProgress: clock.onProgress([1000, 1500, 2250, 3000]),
    });
    expect(clock.pollTimes).toEqual([0, 1000, 2500, 4750, 7750, 10_750, 13_750]);
  });

  it("throws ExportFailedError with the export when the job fails", async () => {
    fake.api.scriptExport(UID, [{ status: "processing" }, { status: "failed", exported_task_count: 3 }]);
    clock = installPollClock();
    const error = await waitForExport(testClient(fake.baseUrl), UID, {
      pollInterval: 1000,
      onProgress: clock.onProgress([1000]),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ExportFailedError);
    expect(error.export).toMatchObject({ uid: UID, status: "failed", exported_task_count: 3 });
    expect(error.message).toContain(UID);
  });

  it("throws ExportTimeoutError with the last status once the timeout passes, and polls no more", async () => {
    fake.api.scriptExport(UID, [{ status: "processing", total_task_count: 10, exported_task_count: 1 }]);
    clock = installPollClock();
    const error = await waitForExport(testClient(fake.baseUrl), UID, {
      pollInterval: 1000,
      maxPollInterval: 1000,
      timeout: 2500,
      onProgress: clock.onProgress([1000]),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ExportTimeoutError);
    expect(error).toMatchObject({ uid: UID, timeoutMs: 2500 });
    expect(error.lastExport.status).toBe("processing");
    // Polls at 0, 1000 and 2000; the deadline at 2500 ends the wait before the poll due at 3000.
    expect(clock.pollTimes).toEqual([0, 1000, 2000]);
    expect(fake.api.polls(UID)).toBe(3);
  });

  it("stops with APIUserAbortError when the signal aborts, and polls no more", async () => {
    fake.api.scriptExport(UID, [{ status: "processing" }]);
    clock = installPollClock();
    const controller = new AbortController();
    // Aborted in the middle of the wait after the third poll: the clock stops short of the next one.
    const error = await waitForExport(testClient(fake.baseUrl), UID, {
      pollInterval: 1000,
      maxPollInterval: 1000,
      signal: controller.signal,
      onProgress: clock.onProgress([1000, 1000, 0], (i) => {
        if (i === 2)
          void Promise.resolve()
            .then(() => clock!.advance(500))
            .then(() => controller.abort());
      }),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(fake.api.polls(UID)).toBe(3);
    await clock.advance(60_000); // the wait's timers are gone: however long the clock runs, nothing polls
    expect(fake.api.polls(UID)).toBe(3);

    await expect(
      waitForExport(testClient(fake.baseUrl), UID, { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    expect(fake.api.polls(UID)).toBe(3);
  });

  it.each([
    ["pollInterval", { pollInterval: 0 }],
    ["pollInterval", { pollInterval: 999 }],
    ["pollInterval", { pollInterval: -1 }],
    ["maxPollInterval", { maxPollInterval: 0 }],
    ["timeout", { timeout: Number.NaN }],
  ] as const)("rejects %s %o with ConfigurationError before polling", async (option, options) => {
    fake.api.scriptExport(UID, [{ status: "processing" }]);
    const error = await waitForExport(testClient(fake.baseUrl), UID, options).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ option });
    expect(error.message).toContain(option);
    expect(fake.api.polls(UID)).toBe(0);
  });

  it("passes API errors through as the client's typed errors", async () => {
    await expect(
      waitForExport(testClient(fake.baseUrl), "0b1c2d3e-4f50-4617-a8b9-c0d1e2f3a4b5"),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("exportState", () => {
  it("classifies every status the spec lists, and unknown ones as in progress", () => {
    const state = (status: string | null) => exportState({ status });
    expect(["exported", "completed"].map(state)).toEqual(["succeeded", "succeeded"]);
    expect(state("failed")).toBe("failed");
    expect(["requested", "pending", "processing", "queued-v2", null].map(state)).toEqual(
      Array(5).fill("in-progress"),
    );
  });
});
