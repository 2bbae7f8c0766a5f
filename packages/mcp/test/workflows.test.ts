/**
 * The workflow tools over stdio (built bin): against the Prism mock for the shapes the spec promises, and against
 * a real local fault server for pagination, partial failures (a 403 on fleet for a plan without it), failed
 * steps and long jobs.
 */
import type {} from "@avala/testing/vitest-global-setup";
import { catalog } from "@avala/types/catalog";
import { describe, expect, inject, it } from "vitest";
import { json, page, useFaultServers } from "../../core/test/support/fault-server.js";
import { TEST_API_KEY, textOf, useServers } from "./support/mcp-client.js";

const connect = useServers();
const serve = useFaultServers();
const PROJECT = "7c1e4b2a-9d3f-4a5e-8b6c-0d1e2f3a4b5c";
const JOB = "5d1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
const exampleUid = (name: string) => catalog.find((op) => op.name === name)!.examples.request!;

// biome-ignore lint/suspicious/noExplicitAny: tool results are read as free-form JSON
type Json = Record<string, any>;
const structured = (result: unknown) => (result as { structuredContent: Json }).structuredContent;

describe("workflow tools against the Prism mock", () => {
  it("get_workspace_overview counts every part, with no errors", async () => {
    const { client } = await connect(inject("avalaMockUrl"));
    const result = await client.callTool({ name: "get_workspace_overview", arguments: {} });
    expect(result.isError).toBeFalsy();
    const overview = structured(result);
    for (const part of ["datasets", "projects", "exports", "organizations", "fleet_devices"]) {
      expect(overview[part].count, part).toBeGreaterThan(0);
    }
    expect(overview.datasets.recent[0]).toHaveProperty("uid");
    expect(overview).not.toHaveProperty("errors");
  });

  it("get_fleet_health reports devices, open alerts and recordings in error", async () => {
    const { client } = await connect(inject("avalaMockUrl"));
    const health = structured(
      await client.callTool({ name: "get_fleet_health", arguments: { device_type: "amr" } }),
    );
    expect(health.devices.by_status).toEqual(expect.any(Object));
    expect(health.open_alerts.count).toBeGreaterThan(0);
    expect(health.recordings_in_error).toHaveProperty("count");
    expect(health).not.toHaveProperty("errors");
  });

  it("get_project_quality_summary joins project, metrics, consensus and targets", async () => {
    const { client } = await connect(inject("avalaMockUrl"));
    const summary = structured(
      await client.callTool({
        name: "get_project_quality_summary",
        arguments: { project_uid: exampleUid("get_project_metrics").project_uid },
      }),
    );
    expect(summary.project).toHaveProperty("uid");
    expect(summary.metrics).toHaveProperty("total_tasks");
    expect(summary.consensus).toHaveProperty("mean_score");
    expect(summary.quality_targets.items[0]).toHaveProperty("metric");
    expect(summary).not.toHaveProperty("errors");
  });

  it("create_annotation_pipeline creates the dataset and the project (writes only)", async () => {
    const reader = await connect(inject("avalaMockUrl"));
    const refused = await reader.client.callTool({
      name: "create_annotation_pipeline",
      arguments: { name: "Lidar", slug: "lidar", data_type: "lidar" },
    });
    expect(textOf(refused)).toContain("changes data and is not enabled");

    const { client } = await connect(inject("avalaMockUrl"), ["--allow-writes"]);
    const result = await client.callTool({
      name: "create_annotation_pipeline",
      arguments: { name: "Lidar", slug: "lidar", data_type: "lidar", project_uid: PROJECT },
    });
    expect(result.isError).toBeFalsy();
    expect(structured(result).dataset).toHaveProperty("uid");
    expect(structured(result).project).toHaveProperty("uid");
  });

  it("wait_for_dataset returns a dataset that is already created", async () => {
    const { client } = await connect(inject("avalaMockUrl"));
    const result = await client.callTool({
      name: "wait_for_dataset",
      arguments: { uid: exampleUid("get_dataset").uid },
    });
    expect(result.isError).toBeFalsy();
    expect(structured(result)).toMatchObject({ status: "created", slug: "highway-lidar-2026" });
  });

  it("wait_for_auto_label_job polls and gives up after timeout_seconds on a job still running", async () => {
    const { client } = await connect(inject("avalaMockUrl"));
    const result = await client.callTool({
      name: "wait_for_auto_label_job",
      arguments: { uid: exampleUid("get_auto_label_job").uid, timeout_seconds: 1 },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^AutoLabelJobTimeoutError: Auto-label job \S+ was still running after 1000 ms/,
    );
  });
});

describe("workflow tools against a local fault server", () => {
  it("get_workspace_overview walks every page, and a 403 on fleet degrades that part only", async () => {
    const datasets = Array.from({ length: 150 }, (_, i) => ({ uid: `d${i}`, name: `D${i}`, slug: `d${i}` }));
    const api = await serve(({ req, res }) => {
      const url = new URL(req.url ?? "", "http://x");
      const origin = `http://${req.headers.host}`;
      if (url.pathname === "/api/v1/fleet/devices/") {
        return json(res, 403, { detail: "Fleet is not available on your plan." });
      }
      if (url.pathname === "/api/v1/datasets/") {
        const from = Number(url.searchParams.get("cursor") ?? 0);
        const limit = Number(url.searchParams.get("limit"));
        const next = from + limit < datasets.length ? `/api/v1/datasets/?cursor=${from + limit}` : null;
        return json(res, 200, page(origin, datasets.slice(from, from + limit), next));
      }
      return json(res, 200, page(origin, [{ uid: "x1", name: "X", slug: "x" }], null));
    });
    const { client, stderr } = await connect(api.baseUrl);
    const result = await client.callTool({ name: "get_workspace_overview", arguments: {} });
    expect(result.isError).toBeFalsy();
    const overview = structured(result);
    expect(overview.datasets).toMatchObject({ count: 150 });
    expect(overview.datasets).not.toHaveProperty("truncated");
    expect(overview.datasets.recent.map((d: Json) => d.uid)).toEqual(["d0", "d1", "d2", "d3", "d4"]);
    expect(overview.projects.count).toBe(1);
    expect(overview).not.toHaveProperty("fleet_devices");
    expect(overview.errors.fleet_devices).toMatchObject({ status: 403 });
    expect(overview.errors.fleet_devices.message).toContain("Fleet is not available on your plan.");
    expect(overview.errors.fleet_devices.message).toContain("no access to this part");
    const datasetUrls = api.received.filter((r) => r.url?.startsWith("/api/v1/datasets/")).map((r) => r.url);
    expect(datasetUrls).toEqual(["/api/v1/datasets/?limit=100", "/api/v1/datasets/?limit=100&cursor=100"]);
    expect(JSON.stringify(result) + stderr()).not.toContain(TEST_API_KEY);
  });

  it("get_fleet_health fails as a whole, naming each part, when the plan has no fleet at all", async () => {
    const api = await serve(({ res }) => json(res, 403, { detail: "Fleet is not available on your plan." }));
    const { client } = await connect(api.baseUrl);
    const result = await client.callTool({ name: "get_fleet_health", arguments: {} });
    expect(result.isError).toBe(true);
    const lines = textOf(result).split("\n");
    expect(lines[0]).toBe("Every part failed:");
    expect(lines.slice(1).map((l) => l.split(":")[0])).toEqual([
      "- devices",
      "- open_alerts",
      "- recordings_in_error",
    ]);
    expect(textOf(result)).toContain("403");
  });

  it("get_fleet_health filters by device type and status, and keeps the parts that answered", async () => {
    const seen = new Date().toISOString();
    const api = await serve(({ req, res }) => {
      const url = new URL(req.url ?? "", "http://x");
      const origin = `http://${req.headers.host}`;
      if (url.pathname === "/api/v1/fleet/alerts/")
        return json(res, 403, { detail: "No alerts on this plan." });
      if (url.pathname === "/api/v1/fleet/devices/") {
        return json(
          res,
          200,
          page(
            origin,
            [
              { uid: "a", name: "A", status: "online", last_seen_at: seen },
              { uid: "b", name: "B", status: "offline", last_seen_at: "2020-01-01T00:00:00Z" },
              { uid: "c", name: "C", status: "online", last_seen_at: seen },
            ],
            null,
          ),
        );
      }
      return json(res, 200, page(origin, [{ uid: "r1", device: "b" }], null));
    });
    const { client } = await connect(api.baseUrl);
    const health = structured(
      await client.callTool({ name: "get_fleet_health", arguments: { device_type: "amr" } }),
    );
    expect(health.devices).toMatchObject({ count: 3, by_status: { online: 2, offline: 1 } });
    expect(health.devices.not_seen_24h.map((d: Json) => d.uid)).toEqual(["b"]);
    expect(health.recordings_in_error.count).toBe(1);
    expect(health.errors).toEqual({ open_alerts: expect.objectContaining({ status: 403 }) });
    const urls = api.received.map((r) => r.url).sort();
    expect(urls).toEqual([
      "/api/v1/fleet/alerts/?status=open&limit=100",
      "/api/v1/fleet/devices/?type=amr&limit=100",
      "/api/v1/fleet/recordings/?status=error&limit=100",
    ]);
  });

  it("get_project_quality_summary keeps metrics and targets when consensus is missing", async () => {
    const api = await serve(({ req, res }) => {
      const path = new URL(req.url ?? "", "http://x").pathname;
      const origin = `http://${req.headers.host}`;
      if (path.endsWith("/consensus/")) return json(res, 404, { detail: "Not found." });
      if (path.endsWith("/metrics/"))
        return json(res, 200, { total_tasks: 10, completed_tasks: 4, acceptance_rate: 0.9 });
      if (path.endsWith("/quality-targets/")) {
        return json(
          res,
          200,
          page(
            origin,
            [
              {
                uid: "t1",
                name: "Rejections",
                metric: "rejection_rate",
                operator: "gt",
                threshold: 0.1,
                is_breached: true,
                last_value: 0.2,
              },
              {
                uid: "t2",
                name: "Issues",
                metric: "issue_rate",
                operator: "gt",
                threshold: 0.3,
                is_breached: false,
              },
            ],
            null,
          ),
        );
      }
      return json(res, 200, { uid: PROJECT, name: "Cuboids", status: "active", owner_name: "acme" });
    });
    const { client } = await connect(api.baseUrl);
    const summary = structured(
      await client.callTool({ name: "get_project_quality_summary", arguments: { project_uid: PROJECT } }),
    );
    expect(summary.project).toEqual({ uid: PROJECT, name: "Cuboids", status: "active" });
    expect(summary.metrics).toEqual({ total_tasks: 10, completed_tasks: 4, acceptance_rate: 0.9 });
    expect(summary.quality_targets).toMatchObject({ count: 2, breached: 1 });
    expect(summary).not.toHaveProperty("consensus");
    expect(summary.errors.consensus).toMatchObject({ status: 404 });
  });

  it("create_annotation_pipeline keeps the dataset and reports the project step's 403", async () => {
    const api = await serve(({ req, res }) =>
      req.url === "/api/v1/datasets/"
        ? json(res, 201, {
            uid: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
            name: "Lidar",
            slug: "lidar",
            data_type: "lidar",
          })
        : json(res, 403, { detail: "Templates need a PRO plan." }),
    );
    const { client } = await connect(api.baseUrl, ["--allow-writes"]);
    const result = await client.callTool({
      name: "create_annotation_pipeline",
      arguments: { name: "Lidar", slug: "lidar", data_type: "lidar", project_uid: PROJECT },
    });
    expect(result.isError).toBeFalsy();
    const out = structured(result);
    expect(out.dataset).toMatchObject({ uid: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", slug: "lidar" });
    expect(out.project).toBeNull();
    expect(out.errors.project).toMatchObject({
      status: 403,
      note: expect.stringContaining("dataset was created"),
    });
    expect(api.received.map((r) => [r.method, r.url, JSON.parse(r.body)])).toEqual([
      ["POST", "/api/v1/datasets/", { name: "Lidar", slug: "lidar", data_type: "lidar" }],
      [
        "POST",
        "/api/v1/projects/create-from-existing/",
        { project_uid: PROJECT, dataset_uid: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", name: "Lidar" },
      ],
    ]);
  });

  it("create_annotation_pipeline stops at a refused dataset, sending nothing more", async () => {
    const api = await serve(({ res }) =>
      json(res, 400, { slug: ["Dataset with this slug already exists."] }),
    );
    const { client } = await connect(api.baseUrl, ["--allow-writes"]);
    const result = await client.callTool({
      name: "create_annotation_pipeline",
      arguments: { name: "Lidar", slug: "lidar", data_type: "lidar", project_uid: PROJECT },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("slug: Dataset with this slug already exists.");
    expect(api.received).toHaveLength(1);
  });

  it("wait_for_dataset reports progress per poll and returns the dataset once created", async () => {
    const DATASET = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
    const api = await serve(({ res, n }) =>
      json(res, 200, { uid: DATASET, name: "Lidar", status: n === 0 ? "creating" : "created" }),
    );
    const { client } = await connect(api.baseUrl);
    const progress: { progress: number; message?: string }[] = [];
    const result = await client.callTool(
      { name: "wait_for_dataset", arguments: { uid: DATASET } },
      undefined,
      {
        onprogress: (p) => progress.push(p),
      },
    );
    expect(result.structuredContent).toMatchObject({ uid: DATASET, status: "created" });
    expect(progress).toEqual([expect.objectContaining({ progress: 1, message: "dataset creating" })]);
    expect(api.received.map((r) => r.url)).toEqual([
      `/api/v1/datasets/${DATASET}/`,
      `/api/v1/datasets/${DATASET}/`,
    ]);
  });

  it("get_sequence_frame and get_sequence_calibration derive from the sequence as the SDK's getFrame does", async () => {
    const SEQUENCE = "e5f6a7b8-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
    const frame = (i: number) => ({
      key: `f${i}`,
      device_position: [1, 2, 3],
      device_heading: [0, 0, 0, 1],
      images: [
        {
          camera: "front",
          fx: 900,
          fy: 901,
          cx: 640,
          cy: 360,
          width: 1280,
          height: 720,
          image_url: `https://cdn/${i}.jpg`,
        },
      ],
    });
    const api = await serve(({ res }) => json(res, 200, { uid: SEQUENCE, frames: [frame(0), frame(1)] }));
    const { client } = await connect(api.baseUrl);
    const where = { owner: "acme", slug: "lidar", sequence_uid: SEQUENCE };
    const one = await client.callTool({
      name: "get_sequence_frame",
      arguments: { ...where, frame_index: 1 },
    });
    expect(one.structuredContent).toMatchObject({
      frame_index: 1,
      key: "f1",
      images: [{ camera_id: "front", fx: 900 }],
    });
    expect(one.structuredContent).not.toHaveProperty("raw");
    const missing = await client.callTool({
      name: "get_sequence_frame",
      arguments: { ...where, frame_index: 5 },
    });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain("2 frame(s), indexed 0 to 1");
    const rig = await client.callTool({ name: "get_sequence_calibration", arguments: where });
    expect(rig.structuredContent).toMatchObject({
      sequence_uid: SEQUENCE,
      cameras: [{ camera_id: "front", cx: 640 }],
    });
    expect(api.received.map((r) => r.url)).toEqual(
      Array(3).fill(`/api/v1/datasets/acme/lidar/sequences/${SEQUENCE}/`),
    );
  });

  it("wait_for_auto_label_job reports progress per poll and returns the completed job", async () => {
    const states = [
      { status: "running", total_items: 40, processed_items: 10, progress_pct: 25 },
      {
        status: "completed",
        total_items: 40,
        processed_items: 40,
        successful_items: 39,
        failed_items: 1,
        progress_pct: 100,
      },
    ];
    const api = await serve(({ res, n }) => json(res, 200, { uid: JOB, ...states[Math.min(n, 1)] }));
    const { client } = await connect(api.baseUrl);
    const progress: { progress: number; message?: string }[] = [];
    const result = await client.callTool(
      { name: "wait_for_auto_label_job", arguments: { uid: JOB } },
      undefined,
      {
        onprogress: (p) => progress.push(p),
      },
    );
    expect(result.structuredContent).toMatchObject({
      uid: JOB,
      status: "completed",
      successful_items: 39,
      failed_items: 1,
    });
    expect(progress).toEqual([
      expect.objectContaining({ progress: 1, message: "auto-label job running (10/40 items)" }),
    ]);
    expect(api.received.map((r) => r.url)).toEqual([
      `/api/v1/auto-label-jobs/${JOB}/`,
      `/api/v1/auto-label-jobs/${JOB}/`,
    ]);
  });

  it("wait_for_auto_label_job fails with the job's error message when it fails", async () => {
    const api = await serve(({ res }) =>
      json(res, 200, { uid: JOB, status: "failed", error_message: "no model for lidar" }),
    );
    const { client } = await connect(api.baseUrl);
    const result = await client.callTool({ name: "wait_for_auto_label_job", arguments: { uid: JOB } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      `AutoLabelJobFailedError: Auto-label job ${JOB} ended failed: no model for lidar.`,
    );
  });
});
