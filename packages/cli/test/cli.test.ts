import type {} from "@avala/testing/vitest-global-setup";
import getPort from "get-port";
import { describe, expect, inject, it } from "vitest";
import { runCli } from "./support/run-cli.js";

const env = () => ({ AVALA_API_KEY: "avk_cli_0123456789", AVALA_BASE_URL: inject("avalaMockUrl") });
const DATASET = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";

describe("avala CLI against the mock", () => {
  it("lists datasets as a table, and as JSON with --json", async () => {
    const table = await runCli(["datasets", "list"], env());
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("Highway LiDAR 2026");
    expect(table.stdout).toMatch(/acme-robotics\s+highway-lidar-2026/);
    const json = await runCli(["--json", "datasets", "list", "--all"], env());
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { uid: string }[];
    expect(parsed.map((d) => d.uid)).toEqual([DATASET, "a41e6b7c-2d3f-4a5b-8c9d-0e1f2a3b4c5d"]);
  });

  it("gets a dataset by uid and by owner/slug", async () => {
    const byUid = await runCli(["--json", "datasets", "get", DATASET], env());
    expect(JSON.parse(byUid.stdout).slug).toBe("highway-lidar-2026");
    const bySlug = await runCli(["datasets", "get", "acme-robotics/highway-lidar-2026"], env());
    expect(bySlug.code).toBe(0);
    expect(bySlug.stdout).toContain(DATASET);
  });

  it("creates an export and lists and gets exports", async () => {
    const created = await runCli(
      ["--json", "exports", "create", "--dataset", DATASET, "--name", "cli"],
      env(),
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      uid: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
      status: "requested",
    });
    const list = await runCli(["exports", "list"], env());
    expect(list.stdout).toContain("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");
    const one = await runCli(["exports", "get", "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"], env());
    expect(one.stdout).toMatch(/status\s+exported/);
  });

  it("lists tasks", async () => {
    const tasks = await runCli(
      ["--json", "tasks", "list", "--project", "7e9b1d3f-5a6c-4e8d-b0f1-2a3c4e5f6a7b"],
      env(),
    );
    expect(tasks.code).toBe(0);
    expect(JSON.parse(tasks.stdout)[0].uid).toBe("d8e9f0a1-b2c3-4d4e-85f6-a7b8c9d0e1f2");
  });

  it("calls any operation with `avala api`", async () => {
    const got = await runCli(
      ["api", "GET", `/datasets/acme-robotics/highway-lidar-2026/items/`, "--query", "limit=5"],
      env(),
    );
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout).results[0].dataset).toBe(DATASET);
    const posted = await runCli(
      [
        "api",
        "POST",
        "/webhooks/",
        "--data",
        JSON.stringify({ target_url: "https://example.com/hook", events: ["export.completed"] }),
      ],
      env(),
    );
    expect(posted.code).toBe(0);
    expect(JSON.parse(posted.stdout).uid).toBe("2a3b4c5d-6e7f-4081-9a2b-3c4d5e6f7a8b");
  });

  it("exits 2 on usage errors with one readable line", async () => {
    const unknown = await runCli(["api", "GET", "/not-a-path/"], env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split("\n")).toEqual([
      expect.stringContaining("is not an operation of the Avala API"),
    ]);
    expect((await runCli(["frobnicate"], env())).code).toBe(2);
    expect((await runCli(["api", "POST", "/webhooks/", "--data", "{nope"], env())).code).toBe(2);
    const noKey = await runCli(["datasets", "list"], {
      AVALA_API_KEY: "",
      AVALA_BASE_URL: inject("avalaMockUrl"),
    });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("set the AVALA_API_KEY environment variable, or run `avala configure`");
  });

  it("exits 3 on API errors and prints details only with --verbose", async () => {
    const bad = await runCli(["api", "GET", "/datasets/not-a-uuid/"], env());
    expect(bad.code).toBe(3);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/^avala: 4\d\d /);
    const verbose = await runCli(["--verbose", "api", "GET", "/datasets/not-a-uuid/"], env());
    expect(verbose.stderr.split("\n").length).toBeGreaterThan(3);
    expect(verbose.stderr).toContain('"status"');
    expect(verbose.stderr).not.toContain("avk_cli_0123456789");
  });

  it("exits 4 when the API cannot be reached", async () => {
    const closed = await getPort({ host: "127.0.0.1" }); // nothing listens there once getPort has released it
    const down = await runCli(["datasets", "list", "--limit", "1"], {
      ...env(),
      AVALA_BASE_URL: `http://127.0.0.1:${closed}/api/v1`,
    });
    expect(down.code).toBe(4);
    expect(down.stderr).toContain("ECONNREFUSED");
  });
});
