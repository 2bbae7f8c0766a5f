import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));

describe("pnpm start", () => {
  it("runs the quickstart on its own mock, prints results and exits 0", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", main], { timeout: 60_000 });
    expect(stdout).toContain("Mock listening on http://127.0.0.1:");
    expect(stdout).toContain("Dataset Highway LiDAR 2026");
    expect(stdout).toContain("Export created: 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");
    expect(stdout).toContain("Mock stopped.");
  });

  it("refuses --live without an API key, with a clear message and exit code 1", async () => {
    const env = { ...process.env, AVALA_API_KEY: "" };
    const error = await run(process.execPath, ["--import", "tsx", main, "--live"], { env }).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain("--live needs AVALA_API_KEY");
  });
});
