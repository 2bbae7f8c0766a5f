/** The command line of the built bin: --help and --version on stdout, one-line start-up errors, host warnings. */
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { packageVersion } from "../src/version.js";
import { BIN, TEST_API_KEY } from "./support/mcp-client.js";

const execFileAsync = promisify(execFile);

/** Runs the bin to its end; resolves with its exit code and output whatever the code. */
async function runBin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return execFileAsync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, AVALA_API_KEY: TEST_API_KEY, AVALA_BASE_URL: "http://127.0.0.1:9/api/v1" },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe("avala-mcp on the command line", () => {
  it.each([["--help"], ["-h"]])("prints the usage on stdout for %s and exits 0", async (flag) => {
    const result = await runBin([flag]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^usage: avala-mcp \[options\]/);
    expect(result.stdout).toContain("--tools <mode>");
  });

  it.each([["--version"], ["-V"]])("prints the version on stdout for %s", async (flag) => {
    expect(await runBin([flag])).toEqual({ code: 0, stdout: `${packageVersion}\n`, stderr: "" });
  });

  it("says in one line, without a stack trace, that the HTTP port is taken", async () => {
    const busy = createServer();
    busy.listen(0, "127.0.0.1");
    await once(busy, "listening");
    const { port } = busy.address() as { port: number };
    try {
      const result = await runBin(["--http", "--port", String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `avala-mcp: 127.0.0.1:${port} is already in use (another avala-mcp?); stop that server or choose another port with --port (--port 0 picks a free one).\n`,
      );
      expect(result.stdout).toBe("");
    } finally {
      busy.close();
    }
  });

  it("says in one line that --host is not an address of this machine", async () => {
    const result = await runBin(["--http", "--host", "192.0.2.1", "--port", "0"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringContaining("avala-mcp: warning: --host 192.0.2.1 is not a loopback interface"),
      "avala-mcp: 192.0.2.1 is not an address of this machine; choose another interface with --host (default 127.0.0.1).",
    ]);
  });

  it.each([
    ["0.0.0.0", true],
    ["127.0.0.1", false],
  ])("warns on stderr when --host %s is not loopback (%s), then listens", async (host, warns) => {
    const child = spawn(process.execPath, [BIN, "--http", "--host", host, "--port", "0"], {
      env: { PATH: process.env.PATH, AVALA_API_KEY: TEST_API_KEY },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    for await (const chunk of child.stderr) {
      stderr += String(chunk);
      if (stderr.includes("listening on")) break;
    }
    child.kill();
    await once(child, "exit");
    expect(stderr).toContain("listening on");
    expect(stderr.includes("is not a loopback interface: anyone who can reach this port")).toBe(warns);
    expect(stderr).not.toContain(TEST_API_KEY);
  });
});
