// The documented way to run the built app — `pnpm build && pnpm serve` — run as a user would: the real
// commands as child processes, then the page over HTTP and in Chromium. The page must not stay blank: every
// asset must come back as itself with its own content type, not as index.html.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.js";
import { pnpmRun, type Served, startServe } from "./pnpm-scripts.js";

let server: Served | undefined;
let baseUrl: string;

beforeAll(async () => {
  await pnpmRun("build");
  server = await startServe();
  baseUrl = server.url;
});

afterAll(async () => {
  await server?.stop();
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
