// Tolerant reader, end to end: a real local HTTP server plays the API and answers the way the live API does
// (enum values the spec does not list, optional fields left out, fields the spec does not know, 201 where 202 is
// usual, a bare list as error body, an unlisted status). Prism runs as a validating proxy in front of it
// (`prism proxy --errors`): a response that violates the spec is replaced by a 500 with `sl-violations`. The
// typed client must get every answer through, typed, without error.
import { readFileSync } from "node:fs";
import type {
  AutoLabelJob,
  Dataset,
  Export,
  FleetRecording,
  Organization,
  Task,
  Webhook,
  WebhookDelivery,
} from "@avala/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type AvalaMock, startAvalaMock } from "../../testing/dist/index.mjs";
import {
  APIError,
  createClient,
  InternalServerError,
  type Page,
  UnprocessableEntityError,
} from "../src/index.js";
import { isSecretName, REDACTED, redact } from "../src/redact.js";
import { type FaultServer, json, startFaultServer } from "./support/fault-server.js";

const ORG = "acme-robotics";
const DATASET_SLUG = "highway-lidar-2026";
const DATASET_UID = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
const PROJECT_UID = "7e9b1d3f-5a6c-4e8d-b0f1-2a3c4e5f6a7b";
const TASK_UID = "5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f";
const BROKEN_TASK_UID = "5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e00";
const JOB_UID = "a2b3c4d5-e6f7-4809-9a1b-2c3d4e5f6a7b";
const RECORDING_UID = "0819203a-4b5c-4d6e-9f70-9a0b1c2d3e4f";
const WEBHOOK_UID = "2a3b4c5d-6e7f-4081-9a2b-3c4d5e6f7a8b";
const EXPORT_UID = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
const WEBHOOK_SECRET = "whsec_live_3f9a0c1d2e4b5a6f";

/** What the upstream answers, per `METHOD /path` (below /api/v1): status and JSON body. */
const answers: Record<string, [number, unknown]> = {
  // A task type and status the spec does not list; name, project and timestamps left out.
  [`GET /tasks/${TASK_UID}/`]: [
    200,
    { uid: TASK_UID, type: "lidar-panoptic-segmentation", status: "in_review" },
  ],
  // The spec says uid is a string: this one must be stopped by Prism (the control that validation is on).
  [`GET /tasks/${BROKEN_TASK_UID}/`]: [200, { uid: 42 }],
  [`GET /auto-label-jobs/${JOB_UID}/`]: [
    200,
    { uid: JOB_UID, status: "queued", model_type: "sam3-hq", progress_pct: 12.5, queue_position: 3 },
  ],
  // `uploaded` is a recording status the API sends that the reference page does not list.
  [`GET /fleet/recordings/${RECORDING_UID}/`]: [200, { uid: RECORDING_UID, status: "uploaded" }],
  [`GET /organizations/${ORG}/`]: [
    200,
    {
      uid: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      name: "Acme Robotics",
      slug: ORG,
      industry: "agriculture",
    },
  ],
  // Webhook get carries the signing secret; timestamps left out.
  [`GET /webhooks/${WEBHOOK_UID}/`]: [
    200,
    {
      uid: WEBHOOK_UID,
      target_url: "https://hooks.acme-robotics.com/avala",
      events: ["export.completed", "dataset.archived"],
      is_active: true,
      secret: WEBHOOK_SECRET,
    },
  ],
  // Export status the spec does not list; download_url, counts and created_at left out.
  [`GET /exports/${EXPORT_UID}/`]: [
    200,
    { uid: EXPORT_UID, name: "Highway LiDAR – cuboids v3", status: "exporting" },
  ],
  // Dataset fetched by owner/slug without item_count, with a data type the spec does not list.
  [`GET /datasets/${ORG}/${DATASET_SLUG}/`]: [
    200,
    { uid: DATASET_UID, name: "Highway LiDAR 2026", slug: DATASET_SLUG, data_type: "pointcloud-4d" },
  ],
  // Auto-label answers 201 (the spec also lists 202).
  [`POST /projects/${PROJECT_UID}/auto-label/`]: [
    201,
    { uid: JOB_UID, status: "pending", model_type: "yolo" },
  ],
  // A validation error that belongs to no field: a bare list of messages.
  "POST /exports/": [422, ["At most 5 export jobs may run at once."]],
  // A status no operation lists: covered by the `default` response.
  "GET /models/": [418, { detail: "The model registry is brewing." }],
  "GET /webhook-deliveries/": [
    200,
    {
      next: null,
      previous: null,
      results: [
        {
          uid: "6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c",
          subscription: WEBHOOK_UID,
          event_type: "dataset.archived",
          status: "retrying",
          delivered_via: "https",
        },
      ],
    },
  ],
};

let upstream: FaultServer;
let proxy: AvalaMock;
const violations: string[] = [];

beforeAll(async () => {
  upstream = await startFaultServer(({ req, res }) => {
    const path = (req.url ?? "").replace(/^\/api\/v1/, "").split("?")[0];
    const answer = answers[`${req.method} ${path}`];
    if (!answer) return json(res, 404, { detail: "Not found." });
    return json(res, answer[0], answer[1]);
  });
  // Prism itself (prismUrl), not the fault layer in front of it: the test is about what Prism lets through.
  proxy = await startAvalaMock({ proxyTo: upstream.baseUrl });
});
afterAll(async () => {
  await proxy?.stop();
  await upstream?.close();
});

function client() {
  return createClient({
    apiKey: "avk_tolerant_0123456789abcdef",
    baseUrl: proxy.prismUrl,
    maxRetries: 0,
    limiter: false,
    fetch: async (input, init) => {
      const response = await globalThis.fetch(input, init);
      const violation = response.headers.get("sl-violations");
      if (violation) violations.push(violation);
      return response;
    },
  });
}

/** The caller's handling of an open enum: known values by name, anything else still handled. */
function describeTaskType(type: Task["type"]): string {
  switch (type) {
    case "image-annotation":
      return "image";
    case "point-cloud-annotation":
    case "point-cloud-objects":
      return "point cloud";
    case null:
    case undefined:
      return "unknown";
    default:
      return `other (${type})`;
  }
}

describe("tolerant reader through Prism's validating proxy", () => {
  it("Prism validates responses: a body that violates the spec is stopped", async () => {
    const error = await client()
      .GET("/tasks/{uid}/", { params: { path: { uid: BROKEN_TASK_UID } } })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(InternalServerError);
    expect(violations.join()).toContain("uid must be string");
    violations.length = 0;
  });

  it("returns unknown enum values and omitted optional fields, typed", async () => {
    const avala = client();
    const task: Task = await avala.GET("/tasks/{uid}/", { params: { path: { uid: TASK_UID } } });
    expect(task).toEqual({ uid: TASK_UID, type: "lidar-panoptic-segmentation", status: "in_review" });
    expect(task.name).toBeUndefined();
    expect(describeTaskType(task.type)).toBe("other (lidar-panoptic-segmentation)");

    const job: AutoLabelJob = await avala.GET("/auto-label-jobs/{uid}/", {
      params: { path: { uid: JOB_UID } },
    });
    expect(job.model_type).toBe("sam3-hq");
    expect(job.status).toBe("queued");
    expect(job.failed_items).toBeUndefined();
    expect((job as Record<string, unknown>).queue_position).toBe(3);

    const recording: FleetRecording = await avala.GET("/fleet/recordings/{uid}/", {
      params: { path: { uid: RECORDING_UID } },
    });
    expect(recording.status).toBe("uploaded");

    const org: Organization = await avala.GET("/organizations/{slug}/", { params: { path: { slug: ORG } } });
    expect(org.industry).toBe("agriculture");
    expect(org.created_at).toBeUndefined();

    const exported: Export = await avala.GET("/exports/{uid}/", { params: { path: { uid: EXPORT_UID } } });
    expect(exported.status).toBe("exporting");
    expect(exported.created_at).toBeUndefined();
    expect(exported.download_url).toBeUndefined();

    const dataset: Dataset = await avala.GET("/datasets/{owner}/{slug}/", {
      params: { path: { owner: ORG, slug: DATASET_SLUG } },
    });
    expect(dataset.item_count).toBeUndefined();
    expect(dataset.data_type).toBe("pointcloud-4d");

    const deliveries: Page<WebhookDelivery> = await avala.page("/webhook-deliveries/");
    expect(deliveries.items).toEqual([
      expect.objectContaining({ status: "retrying", delivered_via: "https" }),
    ]);
    expect(deliveries.items[0]?.created_at).toBeUndefined();
    expect(violations).toEqual([]);
  });

  it("accepts every documented success status: auto-label answering 201", async () => {
    const job = await client().POST("/projects/{project_uid}/auto-label/", {
      params: { path: { project_uid: PROJECT_UID } },
      body: { model_type: "yolo", confidence_threshold: 0.6, labels: ["car"], dry_run: false },
    });
    expect(job).toMatchObject({ uid: JOB_UID, status: "pending" });
    expect(violations).toEqual([]);
  });

  it("turns a bare-list 422 and an unlisted status into typed errors", async () => {
    const avala = client();
    const unprocessable = await avala
      .POST("/exports/", { body: { name: "v4", datasets: [DATASET_UID] } })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(unprocessable).toBeInstanceOf(UnprocessableEntityError);
    expect((unprocessable as APIError).message).toBe(
      "422 Unprocessable Entity: At most 5 export jobs may run at once. — POST /exports/",
    );
    const teapot = await avala.GET("/models/").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(teapot).toBeInstanceOf(APIError);
    expect((teapot as APIError).status).toBe(418);
    expect((teapot as APIError).message).toContain("The model registry is brewing.");
    expect(violations).toEqual([]);
  });

  it("returns the webhook secret on get, and core's redaction masks it", async () => {
    const webhook: Webhook = await client().GET("/webhooks/{uid}/", {
      params: { path: { uid: WEBHOOK_UID } },
    });
    expect(webhook.secret).toBe(WEBHOOK_SECRET);
    expect(webhook.created_at).toBeUndefined();
    const masked = redact(webhook);
    expect(masked.secret).toBe(REDACTED);
    expect(JSON.stringify(masked)).not.toContain(WEBHOOK_SECRET);
    expect(violations).toEqual([]);
  });
});

describe("sensitive fields of the spec", () => {
  it("are all masked by core's name-based redaction", () => {
    type SchemaNode = {
      properties?: Record<string, SchemaNode>;
      format?: string;
      "x-avala-sensitive"?: boolean;
    };
    const spec = parse(
      readFileSync(new URL("../../../spec/avala.openapi.yaml", import.meta.url), "utf8"),
    ) as {
      components: { schemas: Record<string, SchemaNode> };
    };
    const sensitive: string[] = [];
    const walk = (node: unknown) => {
      if (typeof node !== "object" || node === null) return;
      for (const [name, schema] of Object.entries((node as SchemaNode).properties ?? {})) {
        if (schema?.["x-avala-sensitive"] === true || schema?.format === "password") sensitive.push(name);
      }
      for (const child of Object.values(node)) walk(child);
    };
    walk(spec.components.schemas);
    expect(sensitive).toContain("secret");
    expect(sensitive.filter((name) => !isSecretName(name))).toEqual([]);
  });
});
