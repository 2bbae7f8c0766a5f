import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bundledSpecPath, startAvalaMock } from "../src/index.js";
import { eventually, prismProcessesOn, refusesConnections } from "./support/processes.js";

const KEY = { "X-Avala-Api-Key": "avk_test" };
const DATASET = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";

describe("startAvalaMock", () => {
  it("serves the spec's examples on a free port, enforces the API key, and stops cleanly", async () => {
    const mock = await startAvalaMock();
    const port = new URL(mock.prismUrl).port;
    try {
      const ok = await fetch(`${mock.url}/datasets/${DATASET}/`, { headers: KEY });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { name: string }).name).toBe("Highway LiDAR 2026");
      expect((await fetch(`${mock.url}/datasets/`)).status).toBe(401);
      // the supervisor and Prism itself
      expect(prismProcessesOn(port)).toHaveLength(2);
    } finally {
      await mock.stop();
    }
    expect(await refusesConnections(mock.url)).toBe(true);
    expect(await refusesConnections(mock.prismUrl)).toBe(true);
    expect(prismProcessesOn(port)).toEqual([]);
    await mock.stop();
  });

  it("answers with generated data in dynamic mode, the same for the same seed", async () => {
    const [a, b] = await Promise.all([
      startAvalaMock({ dynamic: true, seed: 7 }),
      startAvalaMock({ dynamic: true, seed: 7 }),
    ]);
    try {
      const get = async (url: string) =>
        (await (await fetch(`${url}/datasets/${DATASET}/`, { headers: KEY })).json()) as { name: string };
      const [first, second] = [await get(a.url), await get(b.url)];
      expect(first.name).not.toBe("Highway LiDAR 2026");
      expect(second).toEqual(first);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("validateRequests: false passes Prism's own answer to an invalid call through", async () => {
    const mock = await startAvalaMock({ validateRequests: false });
    try {
      const answer = await fetch(`${mock.url}/datasets/?limit=many`, { headers: KEY });
      expect(answer.status).toBe(400);
      // the spec's example 400, not the violation; the violation is only in Prism's header
      expect(((await answer.json()) as { detail: Record<string, unknown> }).detail).toHaveProperty("slug");
      expect(answer.headers.get("sl-violations")).toContain("Request query parameter limit must be integer");
    } finally {
      await mock.stop();
    }
  });

  it("serves the spec bundled at build time, identical to the repository's", () => {
    const repository = fileURLToPath(new URL("../../../spec/avala.openapi.yaml", import.meta.url));
    const built = fileURLToPath(new URL("../dist/avala.openapi.yaml", import.meta.url));
    expect(readFileSync(built, "utf8")).toBe(readFileSync(repository, "utf8"));
    expect(readFileSync(bundledSpecPath, "utf8")).toBe(readFileSync(repository, "utf8"));
  });

  it.each(["SIGKILL", "SIGTERM", "SIGINT"] as const)(
    "leaves no Prism process behind when its owner is killed with %s",
    async (signal) => {
      const owner = spawn(
        process.execPath,
        ["--import", "tsx", fileURLToPath(new URL("./fixtures/owner.mts", import.meta.url))],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      const [first] = (await once(owner.stdout!, "data")) as [Buffer];
      const { url, prismUrl } = JSON.parse(first.toString()) as { url: string; prismUrl: string };
      const port = new URL(prismUrl).port;
      expect((await fetch(`${url}/datasets/`, { headers: KEY })).status).toBe(200);

      owner.kill(signal);
      await once(owner, "exit");

      expect(await eventually(() => prismProcessesOn(port).length === 0)).toBe(true);
      expect(await refusesConnections(prismUrl)).toBe(true);
      expect(await refusesConnections(url)).toBe(true);
    },
  );
});

describe("startAvalaMock({ proxyTo })", () => {
  it("validates traffic against the spec in front of a real upstream", async () => {
    const seen: string[] = [];
    const upstream = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ uid: DATASET, name: "from upstream", slug: "s", item_count: 1 }));
    });
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
    const port = (upstream.address() as { port: number }).port;
    const proxy = await startAvalaMock({ proxyTo: `http://127.0.0.1:${port}` });
    try {
      const ok = await fetch(`${proxy.url}/datasets/${DATASET}/`, { headers: KEY });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { name: string }).name).toBe("from upstream");
      expect((await fetch(`${proxy.url}/datasets/${DATASET}/`)).status).toBe(401);
      expect(seen).toEqual([`GET /datasets/${DATASET}/`]);
    } finally {
      await proxy.stop();
      upstream.close();
    }
  });
});
