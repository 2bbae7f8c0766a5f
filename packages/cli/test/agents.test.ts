import { fileURLToPath } from "node:url";
import type {} from "@avala/testing/vitest-global-setup";
import { describe, expect, inject, it } from "vitest";
import { runCli, startCli } from "./support/run-cli.js";

const env = () => ({ AVALA_API_KEY: "avk_cli_0123456789", AVALA_BASE_URL: inject("avalaMockUrl") });
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe("avala agents run", () => {
  it("runs a createAgent() module once against the API and prints how many executions it answered", async () => {
    const result = await runCli(["agents", "run", fixture("agent.mjs"), "--once"], env());
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe("1");
  });

  it("runs a plain { name, on } definition, creating the agent itself", async () => {
    const result = await runCli(["agents", "run", fixture("agent-definition.mjs"), "--once"], env());
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe("1");
  });

  it("keeps polling until Ctrl-C, then stops cleanly with 0", async () => {
    const cli = startCli(["agents", "run", fixture("agent.mjs")], env());
    let stderr = "";
    cli.child.stderr?.on("data", (chunk: string) => {
      stderr += chunk;
    });
    await expect.poll(() => stderr, { timeout: 30_000 }).toContain("running");
    cli.child.kill("SIGINT");
    const exited = await cli.exited;
    expect(exited.code).toBe(0);
    expect(exited.stderr).toContain('agent "cli-fixture-agent" stopped');
  });

  it("explains a module that exports no agent, and a file that does not load (exit 2)", async () => {
    const wrong = await runCli(["agents", "run", fixture("not-an-agent.mjs")], env());
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("exports no agent");
    const missing = await runCli(["agents", "run", fixture("missing.mjs")], env());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Could not load the agent module");
  });
});
