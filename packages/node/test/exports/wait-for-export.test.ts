import { APIUserAbortError, NotFoundError } from "@avala/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ExportFailedError,
  type ExportProgress,
  ExportTimeoutError,
  exportState,
  waitForExport,
} from "../../src/index.js";
import { startValidatedFakeApi, type ValidatedFakeApi } from "../support/fake-api.js";
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
  it("polls through the statuses until exported, reporting progress", async () => {
    fake.api.scriptExport(UID, [
      { status: "requested" },
      { status: "pending" },
      { status: "processing", total_task_count: 1200, exported_task_count: 312 },
      { status: "some-future-status", total_task_count: 1200, exported_task_count: 900 },
      { status: null, total_task_count: 1200, exported_task_count: 1100 },
      { status: "exported", total_task_count: 1200, exported_task_count: 1200, download_url: DOWNLOAD },
    ]);
    const progress: ExportProgress[] = [];
    const done = await waitForExport(testClient(fake.baseUrl), UID, {
      pollInterval: 5,
      onProgress: (p) => progress.push(p),
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
    const done = await waitForExport(testClient(fake.baseUrl), UID, { pollInterval: 5 });
    expect(done.status).toBe("completed");
  });

  it("backs off between polls up to the cap", async () => {
    fake.api.scriptExport(UID, [{ status: "processing" }]);
    const times: number[] = [];
    await expect(
      waitForExport(testClient(fake.baseUrl), UID, {
        pollInterval: 40,
        maxPollInterval: 90,
        timeout: 900,
        onProgress: () => times.push(Date.now()),
      }),
    ).rejects.toBeInstanceOf(ExportTimeoutError);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(55); // 40 × 1.5
    expect(Math.max(...gaps)).toBeLessThan(90 + 150); // capped (plus request time through Prism)
  });

  it("throws ExportFailedError with the export when the job fails", async () => {
    fake.api.scriptExport(UID, [{ status: "processing" }, { status: "failed", exported_task_count: 3 }]);
    const error = await waitForExport(testClient(fake.baseUrl), UID, { pollInterval: 5 }).catch((e) => e);
    expect(error).toBeInstanceOf(ExportFailedError);
    expect(error.export).toMatchObject({ uid: UID, status: "failed", exported_task_count: 3 });
    expect(error.message).toContain(UID);
  });

  it("throws ExportTimeoutError with the last status after the timeout", async () => {
    fake.api.scriptExport(UID, [{ status: "processing", total_task_count: 10, exported_task_count: 1 }]);
    const started = Date.now();
    const error = await waitForExport(testClient(fake.baseUrl), UID, {
      pollInterval: 20,
      timeout: 300,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ExportTimeoutError);
    expect(error).toMatchObject({ uid: UID, timeoutMs: 300 });
    expect(error.lastExport.status).toBe("processing");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("stops with APIUserAbortError when the signal aborts", async () => {
    fake.api.scriptExport(UID, [{ status: "processing" }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await expect(
      waitForExport(testClient(fake.baseUrl), UID, { pollInterval: 20, signal: controller.signal }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    const polls = fake.api.polls(UID);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.api.polls(UID)).toBe(polls); // nothing polls on after the abort
    await expect(
      waitForExport(testClient(fake.baseUrl), UID, { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("rejects invalid options with ConfigurationError", async () => {
    await expect(waitForExport(testClient(fake.baseUrl), UID, { pollInterval: -1 })).rejects.toMatchObject({
      option: "pollInterval",
    });
  });

  it("passes API errors through as the client's typed errors", async () => {
    await expect(
      waitForExport(testClient(fake.baseUrl), "0b1c2d3e-4f50-4617-a8b9-c0d1e2f3a4b5", { pollInterval: 5 }),
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
