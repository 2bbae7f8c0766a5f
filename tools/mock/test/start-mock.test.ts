import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startMock } from "../src/start-mock.js";

/** Command lines of running processes (Prism and its supervisor) started for `port`. */
function prismProcessesOn(port: string): string[] {
  const ps = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  return ps.split("\n").filter((line) => line.includes("prism-cli") && line.includes(`-p ${port}`));
}

async function refusesConnections(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe("startMock", () => {
  it("serves the spec's examples on a free port and stops cleanly", async () => {
    const mock = await startMock();
    const port = new URL(mock.url).port;
    try {
      const ok = await fetch(`${mock.url}/datasets/`, { headers: { "X-Avala-Api-Key": "test" } });
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as { results: unknown[] };
      expect(Array.isArray(body.results)).toBe(true);
      const anonymous = await fetch(`${mock.url}/datasets/`);
      expect(anonymous.status).toBe(401);
      // the supervisor and Prism itself
      expect(prismProcessesOn(port)).toHaveLength(2);
    } finally {
      await mock.stop();
    }
    expect(await refusesConnections(mock.url)).toBe(true);
    expect(prismProcessesOn(port)).toEqual([]);
    await mock.stop();
  });

  it.each(["SIGKILL", "SIGTERM", "SIGINT"] as const)(
    "leaves no Prism process behind when its owner is killed with %s",
    async (signal) => {
      const owner = spawn(
        process.execPath,
        ["--import", "tsx", fileURLToPath(new URL("./fixtures/owner.ts", import.meta.url))],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      const [first] = (await once(owner.stdout!, "data")) as [Buffer];
      const { url } = JSON.parse(first.toString()) as { url: string };
      const port = new URL(url).port;
      expect((await fetch(`${url}/datasets/`, { headers: { "X-Avala-Api-Key": "k" } })).status).toBe(200);

      owner.kill(signal);
      await once(owner, "exit");

      expect(await eventually(() => prismProcessesOn(port).length === 0)).toBe(true);
      expect(await refusesConnections(url)).toBe(true);
    },
  );
});
