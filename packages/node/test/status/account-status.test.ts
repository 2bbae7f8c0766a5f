import { AuthenticationError, InternalServerError, PermissionDeniedError } from "@avala/core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type {} from "../../../testing/dist/vitest-global-setup.mjs";
import { getAccountStatus } from "../../src/index.js";
import { testClient } from "../support/test-client.js";
import { exampleOf, startValidatedWorkflowApi, type ValidatedWorkflowApi } from "../support/workflow-api.js";

let fake: ValidatedWorkflowApi;
beforeAll(async () => {
  fake = await startValidatedWorkflowApi();
});
afterAll(() => fake?.close());
afterEach(() => fake.api.reset());

describe("getAccountStatus", () => {
  it("summarises the account from the Prism mock: organizations with the role, lists, fleet counts", async () => {
    const status = await getAccountStatus(testClient(inject("avalaMockUrl")));
    const orgs = (exampleOf("listOrganizations").results as Array<{ slug: string; role: string }>).map(
      (o) => [o.slug, o.role],
    );
    expect(status.organizations.ok && status.organizations.value.items.map((o) => [o.slug, o.role])).toEqual(
      orgs,
    );
    expect(status.datasets.ok && status.datasets.value.items.length).toBeGreaterThan(0);
    expect(status.projects.ok).toBe(true);
    expect(status.exports.ok).toBe(true);
    const devices = exampleOf("listFleetDevices").results as Array<{ status: string }>;
    expect(status.fleet).toEqual({
      ok: true,
      value: {
        total: devices.length,
        online: devices.filter((d) => d.status === "online").length,
        offline: devices.filter((d) => d.status === "offline").length,
        other: devices.filter((d) => !["online", "offline"].includes(d.status)).length,
        hasMore: false,
      },
    });
  });

  it("degrades each part on its own: fleet 403 and exports 500 leave the rest", async () => {
    fake.api.faults.set("/fleet/devices/", 403);
    fake.api.faults.set("/exports/", 500);
    const status = await getAccountStatus(testClient(fake.baseUrl));
    expect(status.fleet).toMatchObject({
      ok: false,
      status: 403,
      message: "not available to this key or plan (403)",
    });
    expect(status.fleet.ok || status.fleet.error).toBeInstanceOf(PermissionDeniedError);
    expect(status.exports).toMatchObject({ ok: false, status: 500 });
    expect(status.exports.ok || status.exports.error).toBeInstanceOf(InternalServerError);
    expect([status.organizations.ok, status.datasets.ok, status.projects.ok]).toEqual([true, true, true]);
  });

  it("rejects with AuthenticationError when the key is refused everywhere", async () => {
    for (const path of [
      "/organizations/",
      "/datasets/",
      "/users/me/projects/",
      "/exports/",
      "/fleet/devices/",
    ])
      fake.api.faults.set(path, 401);
    await expect(getAccountStatus(testClient(fake.baseUrl))).rejects.toBeInstanceOf(AuthenticationError);
  });
});
