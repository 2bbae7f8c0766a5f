// `avala configure`: the key goes into a profile file only its owner can read, is never printed, and the
// environment wins over the profile. Calls go to Prism (the spec's mock).
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type {} from "@avala/testing/vitest-global-setup";
import getPort from "get-port";
import { describe, expect, inject, it } from "vitest";
import { tempDir } from "../../node/test/support/files.js";
import { runCli } from "./support/run-cli.js";

const KEY = "avk_profile_secret_9f8e7d6c5b4a";

describe("avala configure", () => {
  it("stores the key with mode 0600, never prints it, and uses it with --profile", async () => {
    const config = await tempDir("avala-cli-config-");
    const env = { AVALA_CONFIG_DIR: config, AVALA_API_KEY: "", AVALA_BASE_URL: "" };
    const saved = await runCli(
      ["configure", "--profile", "work", "--base-url", inject("avalaMockUrl"), "--api-key-stdin"],
      env,
      `${KEY}\n`,
    );
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain('Saved profile "work"');
    const file = join(config, "config.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, "utf8")).profiles.work.apiKey).toBe(KEY);

    const listed = await runCli(["configure", "list"], env);
    expect(listed.stdout).toMatch(/^work\s+http:\/\/127\.0\.0\.1:\d+\s+key set$/m);
    for (const output of [saved, listed]) expect(output.stdout + output.stderr).not.toContain(KEY);

    const used = await runCli(["--json", "--profile", "work", "datasets", "list"], env);
    expect(used.code).toBe(0);
    expect(JSON.parse(used.stdout).length).toBeGreaterThan(0);

    // The environment wins: its base URL (nothing listens there) is used instead of the profile's.
    const closed = await getPort();
    const envWins = await runCli(["--profile", "work", "datasets", "list"], {
      ...env,
      AVALA_BASE_URL: `http://127.0.0.1:${closed}/api/v1`,
    });
    expect(envWins.code).toBe(4);
    expect(envWins.stderr).not.toContain(KEY);

    const missing = await runCli(["--profile", "nope", "datasets", "list"], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No profile "nope"');
  });

  it("refuses a key given as a flag (it would stay in the shell history)", async () => {
    const config = await tempDir("avala-cli-config-");
    const result = await runCli(["configure", "--api-key", KEY], { AVALA_CONFIG_DIR: config }, "");
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain(KEY);
  });
});
