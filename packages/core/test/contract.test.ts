// Contract tests: the typed client against a Prism mock of spec/avala.openapi.yaml (started by the vitest
// globalSetup). Every call is written out with literal, typed arguments, and every response is assigned to a
// variable of the spec's schema type, so `tsc -p .` checks the request and response types of each call while
// vitest checks what the mock actually answered. The last test fails when a tag of the spec has no call here.
import { readFileSync } from "node:fs";
import type {
  Agent,
  AnnotationBulkEditResult,
  AnnotationIssue,
  AutoLabelJob,
  ConsensusConfig,
  ConsensusSummary,
  Dataset,
  DatasetHealth,
  DatasetItem,
  Export,
  FleetAlert,
  FleetAlertChannelPage,
  FleetDevice,
  FleetEvent,
  FleetRecording,
  FleetRule,
  InferenceProvider,
  InvitationPage,
  ModelPage,
  Organization,
  OrganizationMemberPage,
  Project,
  QualityTarget,
  SignupResponse,
  Slice,
  StorageConfig,
  Task,
  Team,
  Webhook,
  WebhookDelivery,
  WebhookWithSecret,
} from "@avala/types";
import { operations } from "@avala/types";
import { describe, expect, expectTypeOf, inject, it } from "vitest";
import type {} from "../../testing/dist/vitest-global-setup.mjs";
import {
  AuthenticationError,
  type AvalaClient,
  createClient,
  type HttpTransport,
  NotFoundError,
  type Page,
} from "../src/index.js";
import { transportUnderTest } from "./support/transport-under-test.js";

const mockUrl = inject("avalaMockUrl");
const API_KEY = "avk_contract_0123456789abcdef";
const API_KEY_HEADER = "X-Avala-Api-Key";

// Example identities of the spec (the ids its response examples use).
const ORG = "acme-robotics";
const DATASET_UID = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
const DATASET_SLUG = "highway-lidar-2026";
const ITEM_UID = "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f";
const SEQUENCE_UID = "e5f6a7b8-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
const ISSUE_UID = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f";
const PROJECT_UID = "7e9b1d3f-5a6c-4e8d-b0f1-2a3c4e5f6a7b";
const EXPORT_UID = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
const WEBHOOK_UID = "2a3b4c5d-6e7f-4081-9a2b-3c4d5e6f7a8b";
const DEVICE_UID = "f7081920-3a4b-4c5d-8e6f-8a9b0c1d2e3f";
const RECORDING_UID = "0819203a-4b5c-4d6e-9f70-9a0b1c2d3e4f";
const RULE_UID = "6d7e8f90-a1b2-4c3d-9e4f-5a6b7c8d9e0f";
const ALERT_CHANNEL_UID = "8f90a1b2-c3d4-4e5f-9a6b-7c8d9e0f1a2b";

/** `${METHOD} ${path template}` of every request the typed client made. */
const calledRoutes = new Set<string>();
/** Every request that left the client's transport, with the API key header it carried (null: none). */
const sent: { method: string; path: string; apiKey: string | null }[] = [];
/** Requests Prism found invalid against the spec (it still answers them, naming the problem in `sl-violations`). */
const violations: string[] = [];

/** The transport under test, recording what goes over the wire and what Prism thought of it. */
function recorded(transport: HttpTransport): HttpTransport {
  return (request) => {
    const { pathname } = new URL(request.url);
    sent.push({
      method: request.method,
      path: pathname,
      apiKey: request.headers[API_KEY_HEADER.toLowerCase()] ?? null,
    });
    const exchange = transport(request);
    return {
      abort: exchange.abort,
      response: exchange.response.then((response) => {
        const violation = response.headers.get("sl-violations");
        if (violation) violations.push(`${request.method} ${pathname}: ${violation}`);
        return response;
      }),
    };
  };
}

/**
 * Records the route of every typed call. Not openapi-fetch middleware: with middleware the client goes through
 * openapi-fetch's Request and Response, and this file is to check the path calls take without it.
 */
function recordingRoutes(client: AvalaClient): AvalaClient {
  return new Proxy(client, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof name !== "string" || typeof value !== "function") return value;
      const method =
        name === "paginate" || name === "page" ? "GET" : /^[A-Z]+$/.test(name) ? name : undefined;
      if (!method) return value;
      return (path: string, ...rest: unknown[]) => {
        calledRoutes.add(`${method} ${path}`);
        return value.call(target, path, ...rest);
      };
    },
  });
}

const avala = recordingRoutes(
  createClient({ apiKey: API_KEY, baseUrl: mockUrl, transport: recorded(transportUnderTest()) }),
);

describe("datasets, items, annotations and slices", () => {
  it("Datasets: gets a dataset by uid and by owner/slug, creates one", async () => {
    const dataset: Dataset = await avala.GET("/datasets/{uid}/", { params: { path: { uid: DATASET_UID } } });
    expect(dataset.uid).toBe(DATASET_UID);
    expect(dataset.slug).toBe(DATASET_SLUG);
    expect(dataset.owner_name).toBe(ORG);
    expect(dataset.data_type).toBe("lidar");
    expect(dataset.predefined_labels?.map((label) => label.name)).toEqual(["car", "truck", "pedestrian"]);

    const bySlug: Dataset = await avala.GET("/datasets/{owner}/{slug}/", {
      params: { path: { owner: ORG, slug: DATASET_SLUG } },
    });
    expect(bySlug.uid).toBe(DATASET_UID);

    const created: Dataset = await avala.POST("/datasets/", {
      body: {
        name: "Highway LiDAR 2026",
        slug: DATASET_SLUG,
        data_type: "lidar",
        is_sequence: true,
        visibility: "private",
        create_metadata: true,
        owner_name: ORG,
        provider_config: {
          provider: "aws_s3",
          s3_bucket_name: "acme-robotics-captures",
          s3_bucket_region: "us-west-2",
          s3_bucket_prefix: "highway-lidar-2026/",
          s3_auth_method: "iam_role",
          s3_role_arn: "arn:aws:iam::123456789012:role/AvalaDatasetAccess",
        },
      },
    });
    expect(created.uid).toBe(DATASET_UID);
    expect(created.status).toBe("creating");
    expect(created.item_count).toBe(0);
  });

  it("Dataset Items: gets an item and the dataset's ingest health", async () => {
    const item: DatasetItem = await avala.GET("/datasets/{owner}/{slug}/items/{item_uid}/", {
      params: { path: { owner: ORG, slug: DATASET_SLUG, item_uid: ITEM_UID } },
    });
    expect(item.uid).toBe(ITEM_UID);
    expect(item.dataset).toBe(DATASET_UID);
    expect(item.key).toBe("drive-0001/frame_000042.pcd");
    expect(item.related_sequence_uid).toBe(SEQUENCE_UID);

    const health: DatasetHealth = await avala.GET("/datasets/{owner}/{slug}/health/", {
      params: { path: { owner: ORG, slug: DATASET_SLUG } },
    });
    expect(health.dataset_uid).toBe(DATASET_UID);
    expect(health.ingest_ok).toBe(true);
    expect(health.sequences?.map((sequence) => sequence.key)).toEqual(["drive-0001", "drive-0002"]);
  });

  it("Annotations: bulk-edits annotations with a typed upsert and delete", async () => {
    const result: AnnotationBulkEditResult = await avala.POST("/datasets/{owner}/{slug}/bulk-edition/", {
      params: { path: { owner: ORG, slug: DATASET_SLUG } },
      body: [
        {
          action: "upsert",
          object_uuid: "8f9e0d1c-2b3a-4c5d-9e6f-7a8b9c0d1e2f",
          object_type: "cuboid",
          dataset_item_uid: ITEM_UID,
          sequence_uid: null,
          duration: 0,
          object_name: "vehicle",
          object_name_plural: "vehicles",
          object_data: {
            coordinate_system: "frame",
            label: "vehicle",
            object_id: "8f9e0d1c-2b3a-4c5d-9e6f-7a8b9c0d1e2f",
            position: { px: 18.42, py: -3.17, pz: 0.94 },
            dimensions: { dx: 4.61, dy: 1.88, dz: 1.52 },
            rotation: { qx: 0, qy: 0, qz: 0.0998, qw: 0.995 },
          },
        },
        {
          action: "delete",
          object_uuid: "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
          object_type: "cuboid 3d",
          dataset_item_uid: null,
          sequence_uid: SEQUENCE_UID,
        },
      ],
    });
    expect(result.updated).toBe(2);
  });

  it("Annotation Issues: lists a sequence's issues and deletes one", async () => {
    const issues: AnnotationIssue[] = await avala.GET("/sequences/{sequence_uid}/annotation-issues/", {
      params: { path: { sequence_uid: SEQUENCE_UID } },
    });
    expect(issues).toHaveLength(2);
    const [first] = issues;
    expect(first?.uid).toBe(ISSUE_UID);
    expect(first?.sequence_uid).toBe(SEQUENCE_UID);
    expect(first?.project?.uid).toBe(PROJECT_UID);
    expect(first?.status).toBe("open");

    const deleted: undefined = await avala.DELETE(
      "/sequences/{sequence_uid}/annotation-issues/{issue_uid}/",
      {
        params: { path: { sequence_uid: SEQUENCE_UID, issue_uid: ISSUE_UID } },
      },
    );
    expect(deleted).toBeUndefined();
  });

  it("Slices: gets a slice by owner/slug", async () => {
    const slice: Slice = await avala.GET("/slices/{owner}/{slug}/", {
      params: { path: { owner: ORG, slug: "night-scenes" } },
    });
    expect(slice.slug).toBe("night-scenes");
    expect(slice.name).toBe("Night Scenes");
    expect(slice.item_count).toBe(340);
    expect(slice.sub_slices).toEqual([{ type: "dataset", dataset_uid: DATASET_UID }]);
  });
});

describe("signup", () => {
  it("Signup: creates an account without sending the API key; other calls do send it", async () => {
    const before = sent.length;
    const account: SignupResponse = await avala.POST("/signup/", {
      body: {
        email: "john.doe@acme-robotics.com",
        password: "correct-horse-battery-staple-42",
        first_name: "John",
        last_name: "Doe",
      },
    });
    expect(account.user.username).toBe("johndoe");
    expect(account.user.email).toBe("john.doe@acme-robotics.com");
    expect(account.api_key).toMatch(/^avk_/);

    const project: Project = await avala.GET("/projects/{uid}/", { params: { path: { uid: PROJECT_UID } } });
    expect(project.uid).toBe(PROJECT_UID);

    expect(sent.slice(before)).toEqual([
      { method: "POST", path: "/signup/", apiKey: null },
      { method: "GET", path: `/projects/${PROJECT_UID}/`, apiKey: API_KEY },
    ]);
  });
});

describe("projects, tasks, exports and quality control", () => {
  it("Projects: gets a project", async () => {
    const project: Project = await avala.GET("/projects/{uid}/", { params: { path: { uid: PROJECT_UID } } });
    expect(project.uid).toBe(PROJECT_UID);
    expect(project.name).toBe("Highway LiDAR – 3D cuboids");
    expect(project.task_type).toBe("point-cloud-annotation");
    expect(project.status).toBe("active");
  });

  it("Tasks: gets a task", async () => {
    const uid = "d8e9f0a1-b2c3-4d4e-85f6-a7b8c9d0e1f2";
    const task: Task = await avala.GET("/tasks/{uid}/", { params: { path: { uid } } });
    expect(task.uid).toBe(uid);
    expect(task.project).toBe(PROJECT_UID);
    expect(task.status).toBe("pending");
  });

  it("Exports: gets an export and creates one", async () => {
    const exported: Export = await avala.GET("/exports/{uid}/", { params: { path: { uid: EXPORT_UID } } });
    expect(exported.uid).toBe(EXPORT_UID);
    expect(exported.status).toBe("exported");
    expect(exported.exported_task_count).toBe(1200);
    expect(exported.datasets).toEqual([DATASET_UID]);

    const requested: Export = await avala.POST("/exports/", {
      body: {
        name: "Highway LiDAR – cuboids v3",
        format: "avala-json-external",
        datasets: [DATASET_UID],
        projects: [PROJECT_UID],
        slices: [],
      },
    });
    expect(requested.uid).toBe(EXPORT_UID);
    expect(requested.status).toBe("requested");
    expect(requested.download_url).toBeNull();
  });

  it("Consensus: gets the summary and replaces the config (PUT)", async () => {
    const summary: ConsensusSummary = await avala.GET("/projects/{project_uid}/consensus/", {
      params: { path: { project_uid: PROJECT_UID } },
    });
    expect(summary.mean_score).toBe(0.87);
    expect(summary.total_items).toBe(1200);
    expect(summary.by_task_name?.[0]?.task_name).toBe("cuboid");

    const config: ConsensusConfig = await avala.PUT("/projects/{project_uid}/consensus/config/", {
      params: { path: { project_uid: PROJECT_UID } },
      body: { iou_threshold: 0.6, min_agreement_ratio: 0.66, min_annotations: 3 },
    });
    expect(config.iou_threshold).toBe(0.6);
    expect(config.min_annotations).toBe(3);
  });

  it("Quality Targets: gets a target and deletes it", async () => {
    const uid = "b3c4d5e6-f708-4192-8a3b-4c5d6e7f8091";
    const target: QualityTarget = await avala.GET("/projects/{project_uid}/quality-targets/{uid}/", {
      params: { path: { project_uid: PROJECT_UID, uid } },
    });
    expect(target.uid).toBe(uid);
    expect(target.metric).toBe("rejection_rate");
    expect(target.threshold).toBe(0.15);
    expect(target.is_breached).toBe(false);

    const deleted: undefined = await avala.DELETE("/projects/{project_uid}/quality-targets/{uid}/", {
      params: { path: { project_uid: PROJECT_UID, uid } },
    });
    expect(deleted).toBeUndefined();
  });

  it("Auto-Label Jobs: gets a job", async () => {
    const uid = "a2b3c4d5-e6f7-4809-9a1b-2c3d4e5f6a7b";
    const job: AutoLabelJob = await avala.GET("/auto-label-jobs/{uid}/", { params: { path: { uid } } });
    expect(job.uid).toBe(uid);
    expect(job.status).toBe("running");
    expect(job.labels).toEqual(["car", "pedestrian", "cyclist"]);
    expect(job.processed_items).toBe(540);
  });
});

describe("automation and integrations", () => {
  it("Agents: gets an agent and deactivates it (PATCH)", async () => {
    const uid = "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b";
    const agent: Agent = await avala.GET("/agents/{uid}/", { params: { path: { uid } } });
    expect(agent.uid).toBe(uid);
    expect(agent.events).toEqual(["result.submitted"]);
    expect(agent.is_active).toBe(true);
    expect(agent.project).toBe(PROJECT_UID);

    const updated: Agent = await avala.PATCH("/agents/{uid}/", {
      params: { path: { uid } },
      body: { is_active: false },
    });
    expect(updated.uid).toBe(uid);
    expect(updated.is_active).toBe(false);
  });

  it("Inference Providers: gets a provider", async () => {
    const uid = "8091a2b3-c4d5-4e6f-8a7b-8c9d0e1f2a3b";
    const provider: InferenceProvider = await avala.GET("/inference-providers/{uid}/", {
      params: { path: { uid } },
    });
    expect(provider.uid).toBe(uid);
    expect(provider.provider_type).toBe("sagemaker");
    expect(provider.last_test_success).toBe(true);
  });

  it("Models: lists models", async () => {
    const page: ModelPage = await avala.GET("/models/", { params: { query: { limit: 10 } } });
    expect(page.next).toBeNull();
    expect(page.results.map((model) => model.name)).toEqual(["Segment Anything Model", "YOLOv8 Detector"]);
  });

  it("Storage Configs: gets a config of an organization", async () => {
    const uid = "6e7f8091-a2b3-4c4d-9e5f-6a7b8c9d0e1f";
    const config: StorageConfig = await avala.GET("/storage-configs/{uid}/", {
      params: { path: { uid }, query: { organization: ORG } },
    });
    expect(config.uid).toBe(uid);
    expect(config.provider).toBe("aws_s3");
    expect(config.s3_bucket_name).toBe("acme-robotics-captures");
    expect(config.is_verified).toBe(true);
  });

  it("Webhooks: gets, creates and deletes a webhook", async () => {
    const webhook: Webhook = await avala.GET("/webhooks/{uid}/", { params: { path: { uid: WEBHOOK_UID } } });
    expect(webhook.uid).toBe(WEBHOOK_UID);
    expect(webhook.target_url).toBe("https://hooks.acme-robotics.com/avala");
    expect(webhook.events).toEqual(["export.completed", "dataset.created"]);

    const created: WebhookWithSecret = await avala.POST("/webhooks/", {
      body: {
        target_url: "https://hooks.acme-robotics.com/avala",
        events: ["export.completed", "dataset.created"],
        is_active: true,
      },
    });
    expect(created.uid).toBe(WEBHOOK_UID);
    expect(created.secret).toMatch(/^[0-9a-f]{64}$/);

    const deleted: undefined = await avala.DELETE("/webhooks/{uid}/", {
      params: { path: { uid: WEBHOOK_UID } },
    });
    expect(deleted).toBeUndefined();
  });

  it("Webhook Deliveries: gets a delivery", async () => {
    const uid = "4c5d6e7f-8091-4a2b-8c3d-4e5f6a7b8c9d";
    const delivery: WebhookDelivery = await avala.GET("/webhook-deliveries/{uid}/", {
      params: { path: { uid } },
    });
    expect(delivery.uid).toBe(uid);
    expect(delivery.subscription).toBe(WEBHOOK_UID);
    expect(delivery.event_type).toBe("export.completed");
    expect(delivery.status).toBe("delivered");
  });
});

describe("organizations", () => {
  it("Organizations: gets an organization by slug", async () => {
    const organization: Organization = await avala.GET("/organizations/{slug}/", {
      params: { path: { slug: ORG } },
    });
    expect(organization.slug).toBe(ORG);
    expect(organization.name).toBe("Acme Robotics");
    expect(organization.role).toBe("owner");
    expect(organization.member_count).toBe(12);
  });

  it("Organization Members: lists members", async () => {
    const page: OrganizationMemberPage = await avala.GET("/organizations/{slug}/members/", {
      params: { path: { slug: ORG }, query: { role: "admin" } },
    });
    expect(page.results.map((member) => [member.username, member.role])).toEqual([
      ["johndoe", "owner"],
      ["mchen", "admin"],
    ]);
  });

  it("Invitations: lists invitations", async () => {
    const page: InvitationPage = await avala.GET("/organizations/{slug}/invitations/", {
      params: { path: { slug: ORG } },
    });
    expect(page.results).toHaveLength(1);
    expect(page.results[0]?.uid).toBe("d5e6f708-192a-4b3c-8d4e-6f7a8b9c0d1e");
    expect(page.results[0]?.organization_slug).toBe(ORG);
    expect(page.results[0]?.status).toBe("pending");
  });

  it("Teams: gets a team", async () => {
    const team: Team = await avala.GET("/organizations/{slug}/teams/{team_slug}/", {
      params: { path: { slug: ORG, team_slug: "perception" } },
    });
    expect(team.slug).toBe("perception");
    expect(team.organization_slug).toBe(ORG);
    expect(team.member_count).toBe(2);
  });
});

describe("fleet", () => {
  it("Fleet Devices: gets a device and updates it (PATCH)", async () => {
    const device: FleetDevice = await avala.GET("/fleet/devices/{uid}/", {
      params: { path: { uid: DEVICE_UID } },
    });
    expect(device.uid).toBe(DEVICE_UID);
    expect(device.name).toBe("hwy-test-vehicle-04");
    expect(device.status).toBe("online");
    expect(device.device_token).toBeNull();

    const updated: FleetDevice = await avala.PATCH("/fleet/devices/{uid}/", {
      params: { path: { uid: DEVICE_UID } },
      body: { status: "maintenance", firmware_version: "2.15.0", tags: ["highway", "lidar-rig-v3"] },
    });
    expect(updated.status).toBe("maintenance");
    expect(updated.firmware_version).toBe("2.15.0");
  });

  it("Fleet Recordings: gets a recording", async () => {
    const recording: FleetRecording = await avala.GET("/fleet/recordings/{uid}/", {
      params: { path: { uid: RECORDING_UID } },
    });
    expect(recording.uid).toBe(RECORDING_UID);
    expect(recording.device).toBe(DEVICE_UID);
    expect(recording.status).toBe("ready");
    expect(recording.topics?.map((topic) => topic.name)).toEqual([
      "/lidar/points",
      "/camera/front/image_raw/compressed",
      "/imu/data",
    ]);
  });

  it("Fleet Events: gets an event", async () => {
    const uid = "4b5c6d7e-8f90-4a1b-9c2d-3e4f5a6b7c8d";
    const event: FleetEvent = await avala.GET("/fleet/events/{uid}/", { params: { path: { uid } } });
    expect(event.uid).toBe(uid);
    expect(event.recording).toBe(RECORDING_UID);
    expect(event.type).toBe("anomaly");
    expect(event.label).toBe("Hard braking");
  });

  it("Fleet Rules: gets a rule", async () => {
    const rule: FleetRule = await avala.GET("/fleet/rules/{uid}/", { params: { path: { uid: RULE_UID } } });
    expect(rule.uid).toBe(RULE_UID);
    expect(rule.enabled).toBe(true);
    expect(rule.name).toBe("LiDAR packet loss");
    expect(rule.hit_count).toBe(7);
  });

  it("Fleet Alerts: gets an alert", async () => {
    const uid = "7e8f90a1-b2c3-4d4e-8f5a-6b7c8d9e0f1a";
    const alert: FleetAlert = await avala.GET("/fleet/alerts/{uid}/", { params: { path: { uid } } });
    expect(alert.uid).toBe(uid);
    expect(alert.rule).toBe(RULE_UID);
    expect(alert.severity).toBe("critical");
    expect(alert.status).toBe("open");
  });

  it("Fleet Alert Channels: lists channels and deletes one", async () => {
    const page: FleetAlertChannelPage = await avala.GET("/fleet/alert-channels/");
    expect(page.results.map((channel) => [channel.uid, channel.type])).toEqual([
      [ALERT_CHANNEL_UID, "slack"],
      ["a1b2c3d4-e5f6-4a7b-9c8d-9e0f1a2b3c4d", "email"],
    ]);

    const deleted: undefined = await avala.DELETE("/fleet/alert-channels/{uid}/", {
      params: { path: { uid: ALERT_CHANNEL_UID } },
    });
    expect(deleted).toBeUndefined();
  });
});

describe("security scheme", () => {
  it("the mock answers 401 to a request without the API key header, 200 with it", async () => {
    const anonymous = await fetch(`${mockUrl}/datasets/`);
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();
    const keyed = await fetch(`${mockUrl}/datasets/`, { headers: { [API_KEY_HEADER]: API_KEY } });
    expect(keyed.status).toBe(200);
    await keyed.body?.cancel();
  });

  it("a 401 throws AuthenticationError with the API's detail and without the API key", async () => {
    const error = await avala
      .GET("/datasets/{uid}/", { params: { path: { uid: DATASET_UID } }, headers: { Prefer: "code=401" } })
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(error).toBeInstanceOf(AuthenticationError);
    if (!(error instanceof AuthenticationError)) return;
    expect(error.status).toBe(401);
    expect(error.message).toContain("Authentication credentials were not provided.");
    expect(error.message).not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });

  it("a 404 throws NotFoundError with the status, method and path", async () => {
    const error = await avala
      .GET("/exports/{uid}/", { params: { path: { uid: EXPORT_UID } }, headers: { Prefer: "code=404" } })
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(error).toBeInstanceOf(NotFoundError);
    if (!(error instanceof NotFoundError)) return;
    expect(error.status).toBe(404);
    expect(error.method).toBe("GET");
    expect(error.path).toBe(`/exports/${EXPORT_UID}/`);
    expect(error.message).toContain("Not found.");
  });
});

describe("pagination", () => {
  it("iterates the typed datasets of the example page and stops after it", async () => {
    const before = sent.length;
    const datasets: Dataset[] = [];
    for await (const dataset of avala.paginate("/datasets/")) {
      expectTypeOf(dataset).toEqualTypeOf<Dataset>();
      datasets.push(dataset);
    }
    expect(datasets.map((dataset) => dataset.slug)).toEqual([DATASET_SLUG, "warehouse-cameras"]);
    expect(datasets[0]?.uid).toBe(DATASET_UID);
    expect(sent.slice(before).map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /datasets/",
    ]);
  });

  it("yields one page with hasMore false", async () => {
    const pages: Page<Dataset>[] = [];
    for await (const page of avala.paginate("/datasets/", { params: { query: { limit: 2 } } }).pages()) {
      pages.push(page);
    }
    expect(pages).toHaveLength(1);
    expect(pages[0]?.hasMore).toBe(false);
    expect(pages[0]?.next).toBeNull();
    expect(pages[0]?.nextCursor).toBeNull();
    expect(pages[0]?.items.map((dataset) => dataset.uid)).toEqual([
      DATASET_UID,
      "a41e6b7c-2d3f-4a5b-8c9d-0e1f2a3b4c5d",
    ]);
  });
});

/**
 * Reads the declared tags and each operation's tag from the spec. `yaml` is not a dependency of this package,
 * so this scans the file's fixed layout (tags under `tags:`, operations at `paths./path.method`) and the
 * coverage test cross-checks the result against the generated operations metadata.
 */
function readSpecTags(): { declared: string[]; tagOf: Map<string, string> } {
  const text = readFileSync(new URL("../../../spec/avala.openapi.yaml", import.meta.url), "utf8");
  const section = (name: string) => {
    const start = text.search(new RegExp(`^${name}:\\s*$`, "m"));
    if (start < 0) throw new Error(`spec has no top-level ${name}`);
    const rest = text.slice(start).split(/\r?\n/).slice(1);
    const end = rest.findIndex((line) => /^\S/.test(line));
    return end < 0 ? rest : rest.slice(0, end);
  };
  const unquote = (value: string) => value.trim().replace(/^(["'])(.*)\1$/, "$2");
  const declared = section("tags")
    .map((line) => /^ {2}- name:\s*(.+)$/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined)
    .map(unquote);
  const tagOf = new Map<string, string>();
  // Split the paths section into operations: a method key at indent 4 starts one.
  const chunks = section("paths")
    .join("\n")
    .split(/^ {4}(?:get|put|post|delete|options|head|patch|trace):\s*$/m)
    .slice(1);
  for (const chunk of chunks) {
    const id = /^ {6}operationId:\s*(\S+)\s*$/m.exec(chunk)?.[1];
    const tag =
      /^ {6}tags:\s*\n {8}- (.+)$/m.exec(chunk)?.[1] ?? /^ {6}tags:\s*\[([^\],]+)\]\s*$/m.exec(chunk)?.[1];
    if (id === undefined || tag === undefined)
      throw new Error(`operation without operationId or tag: ${chunk}`);
    tagOf.set(unquote(id), unquote(tag));
  }
  return { declared, tagOf };
}

// Last in the file: tests run in order, so every call above has been recorded by now.
describe("spec coverage of this file", () => {
  it("exercises at least one operation of every tag of the spec", () => {
    const { declared, tagOf } = readSpecTags();
    expect(declared).toHaveLength(28);
    // The scan found exactly the operations of the generated metadata, each with a declared tag.
    expect([...tagOf.keys()].sort()).toEqual(Object.keys(operations).sort());
    expect([...new Set(tagOf.values())].sort()).toEqual([...declared].sort());

    const operationOfRoute = new Map<string, string>(
      Object.values(operations).map((op) => [`${op.method} ${op.path}`, op.operationId]),
    );
    const called = [...calledRoutes].map((route) => operationOfRoute.get(route) ?? `unknown route ${route}`);
    expect(called.filter((id) => id.startsWith("unknown route"))).toEqual([]);
    const exercised = new Set(called.map((id) => tagOf.get(id)));
    expect(declared.filter((tag) => !exercised.has(tag))).toEqual([]);
  });

  it("sent only requests that Prism found valid against the spec", () => {
    expect(sent.length).toBeGreaterThan(28);
    expect(violations).toEqual([]);
  });
});
