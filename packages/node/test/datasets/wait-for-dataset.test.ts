import { APIUserAbortError, ConfigurationError, NotFoundError } from "@avala/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DatasetProgress, DatasetWaitTimeoutError, waitForDataset } from "../../src/index.js";
import { installPollClock, type PollClock } from "../support/poll-clock.js";
import { testClient } from "../support/test-client.js";
import { startValidatedWorkflowApi, type ValidatedWorkflowApi } from "../support/workflow-api.js";

let fake: ValidatedWorkflowApi;
const UID = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";

beforeAll(async () => {
  fake = await startValidatedWorkflowApi();
});
afterAll(() => fake?.close());
afterEach(() => fake.api.reset());

describe("waitForDataset", () => {
  let clock: PollClock | undefined;
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });

  it("polls every 10 s by default until the dataset is created, reporting each poll", async () => {
    fake.api.scriptDataset(UID, [
      { status: "creating" },
      { status: null },
      { status: "indexing-v2" },
      { status: "created", item_count: 1200 },
    ]);
    clock = installPollClock();
    const progress: DatasetProgress[] = [];
    const tick = clock.onProgress([10_000]);
    const dataset = await waitForDataset(testClient(fake.baseUrl), UID, {
      onProgress: (p) => {
        progress.push(p);
        tick();
      },
    });
    expect(dataset).toMatchObject({ uid: UID, status: "created", item_count: 1200 });
    expect(progress.map((p) => [p.status, p.polls])).toEqual([
      ["creating", 1],
      [null, 2],
      ["indexing-v2", 3],
      ["created", 4],
    ]);
    expect(clock.pollTimes).toEqual([0, 10_000, 20_000, 30_000]);
    expect(fake.api.datasetPolls(UID)).toBe(4);
  });

  it("waits for another status when asked, at the interval given", async () => {
    fake.api.scriptDataset(UID, [{ status: "created" }, { status: "archived" }]);
    clock = installPollClock();
    const dataset = await waitForDataset(testClient(fake.baseUrl), UID, {
      status: "archived",
      intervalMs: 1000,
      onProgress: clock.onProgress([1000]),
    });
    expect(dataset.status).toBe("archived");
    expect(clock.pollTimes).toEqual([0, 1000]);
  });

  it("throws DatasetWaitTimeoutError with the last dataset once the timeout passes, and polls no more", async () => {
    fake.api.scriptDataset(UID, [{ status: "creating" }]);
    clock = installPollClock();
    const error = await waitForDataset(testClient(fake.baseUrl), UID, {
      intervalMs: 1000,
      timeoutMs: 2500,
      onProgress: clock.onProgress([1000]),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(DatasetWaitTimeoutError);
    expect(error).toMatchObject({ uid: UID, timeoutMs: 2500, awaitedStatus: "created" });
    expect(error.lastDataset.status).toBe("creating");
    expect(error.message).toContain("still creating (waiting for created) after 2500 ms");
    expect(clock.pollTimes).toEqual([0, 1000, 2000]);
    await clock.advance(60_000);
    expect(fake.api.datasetPolls(UID)).toBe(3);
  });

  it("stops with APIUserAbortError when the signal aborts, and polls no more", async () => {
    fake.api.scriptDataset(UID, [{ status: "creating" }]);
    clock = installPollClock();
    const controller = new AbortController();
    const error = await waitForDataset(testClient(fake.baseUrl), UID, {
      intervalMs: 1000,
      signal: controller.signal,
      onProgress: clock.onProgress([1000, 0], (i) => {
        if (i === 1)
          void Promise.resolve()
            .then(() => clock!.advance(500))
            .then(() => controller.abort());
      }),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(fake.api.datasetPolls(UID)).toBe(2);
    await clock.advance(60_000);
    expect(fake.api.datasetPolls(UID)).toBe(2);
  });

  it("keeps waiting when the progress callback throws", async () => {
    fake.api.scriptDataset(UID, [{ status: "creating" }, { status: "created" }]);
    clock = installPollClock();
    const tick = clock.onProgress([1000]);
    const dataset = await waitForDataset(testClient(fake.baseUrl), UID, {
      intervalMs: 1000,
      onProgress: () => {
        tick();
        throw new Error("boom");
      },
    });
    expect(dataset.status).toBe("created");
  });

  it.each([
    ["intervalMs", { intervalMs: 999 }],
    ["intervalMs", { intervalMs: Number.POSITIVE_INFINITY }],
    ["timeoutMs", { timeoutMs: -1 }],
    ["status", { status: "" }],
  ] as const)("rejects %s %o with ConfigurationError before polling", async (option, options) => {
    fake.api.scriptDataset(UID, [{ status: "creating" }]);
    const error = await waitForDataset(testClient(fake.baseUrl), UID, options).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ option });
    expect(error.message).toContain(option);
    expect(fake.api.datasetPolls(UID)).toBe(0);
  });

  it("passes API errors through as the client's typed errors", async () => {
    await expect(
      waitForDataset(testClient(fake.baseUrl), "0b1c2d3e-4f50-4617-a8b9-c0d1e2f3a4b5"),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
