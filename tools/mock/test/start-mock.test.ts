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

describe("startMock({ proxyTo })", () => {
  it("validates traffic against the spec in front of a real upstream", async () => {
    const { createServer } = await import("node:http");
    const seen: string[] = [];
    const upstream = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          uid: "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17",
          name: "from upstream",
          slug: "s",
          item_count: 1,
        }),
      );
    });
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
    const port = (upstream.address() as { port: number }).port;
    const proxy = await startMock({ proxyTo: `http://127.0.0.1:${port}`, errors: true });
    try {
      const ok = await fetch(`${proxy.url}/datasets/3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17/`, {
        headers: { "X-Avala-Api-Key": "k" },
      });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { name: string }).name).toBe("from upstream");
      const anonymous = await fetch(`${proxy.url}/datasets/3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17/`);
      expect(anonymous.status).toBe(401);
      expect(seen).toEqual(["GET /datasets/3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17/"]);
    } finally {
      await proxy.stop();
      upstream.close();
    }
  });
});
