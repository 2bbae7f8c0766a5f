// The documented way to run the built app — `pnpm build && pnpm serve` — run as a user would: the real
// commands as child processes, then the page over HTTP and in Chromium. The page must not stay blank: every
// asset must come back as itself with its own content type, not as index.html.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.js";

const appRoot = fileURLToPath(new URL("..", import.meta.url));
let server: ChildProcess | undefined;
let baseUrl: string;
let output = "";

/** Runs `pnpm <script>` in the app's folder to completion. */
function pnpm(script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("pnpm", ["run", script], { cwd: appRoot, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (chunk) => (log += chunk));
    child.stderr.on("data", (chunk) => (log += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`pnpm ${script} exited with ${code}:\n${log}`)),
    );
  });
}

beforeAll(async () => {
  await pnpm("build");
  // Its own process group, so stopping it reaches tsx and the server behind pnpm.
  server = spawn("pnpm", ["run", "serve"], {
    cwd: appRoot,
    env: { ...process.env, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  baseUrl = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const url = /Avala example app on (http:\/\/\S+\/)/.exec(output)?.[1];
      if (url) resolve(url);
    };
    server!.stdout!.on("data", onData);
    server!.stderr!.on("data", (chunk: Buffer) => (output += chunk));
    server!.on("exit", (code) => reject(new Error(`pnpm serve exited with ${code}:\n${output}`)));
  });
});

afterAll(async () => {
  if (server?.pid !== undefined && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    process.kill(-server.pid, "SIGTERM");
    await exited;
  }
});

describe("pnpm serve (the README's command for the built app)", () => {
  it("serves index.html, and each JS and CSS asset as itself with its content type", async () => {
    const index = await fetch(baseUrl);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await index.text();
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]!);
    const styles = [...html.matchAll(/<link[^>]+href="([^"]+\.css)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const path of scripts) {
      const asset = await fetch(new URL(path, baseUrl));
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get("content-type"), path).toMatch(/^(text|application)\/javascript/);
      const code = await asset.text();
      expect(code, path).not.toMatch(/^\s*<!doctype/i);
      expect(code.length, path).toBeGreaterThan(1000);
    }
    for (const path of styles) {
      const asset = await fetch(new URL(path, baseUrl));
      expect(asset.headers.get("content-type"), path).toMatch(/^text\/css/);
    }
  });

  it("answers client-side routes with index.html, and a missing asset with 404 (not HTML)", async () => {
    const route = await fetch(new URL("datasets/acme/highway/", baseUrl));
    expect(route.status).toBe(200);
    expect(route.headers.get("content-type")).toMatch(/^text\/html/);
    const missing = await fetch(new URL("assets/no-such-chunk.js", baseUrl));
    expect(missing.status).toBe(404);
    await missing.body?.cancel();
  });

  it("renders the app in Chromium: datasets arrive through the proxy", async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(baseUrl);
      await page.getByTestId("dataset-row").first().waitFor({ timeout: 30_000 });
      expect(await page.getByTestId("dataset-row").count()).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await browser?.close();
    }
  });
});
