import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { catalog } from "@avala/types/catalog";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type DocsServer, startDocsServer } from "../server/docs-server.ts";
import { SITE_DIR, SPEC_PATH } from "../src/site.ts";

/** Chromium the test drives: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every operation of the spec: its first tag and summary, as the sidebar shows them. */
function specOperations(): { tag: string; summary: string; operationId: string }[] {
  const spec = parse(readFileSync(SPEC_PATH, "utf8")) as {
    paths: Record<string, Record<string, { operationId: string; summary: string; tags?: string[] }>>;
  };
  return Object.values(spec.paths).flatMap((item) =>
    METHODS.filter((m) => item[m]).map((m) => ({
      tag: item[m]!.tags?.[0] ?? "",
      summary: item[m]!.summary,
      operationId: item[m]!.operationId,
    })),
  );
}

/**
 * Opens the reference and waits until the live reference has replaced the snapshot rendered at build time (until
 * then the page shows the snapshot, which cannot be used: no search, no "Test Request").
 */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator("html[data-avala-ready]").waitFor({ state: "attached", timeout: 120_000 });
}

async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}. Install it (Debian/Ubuntu: \`sudo apt-get install chromium\`) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-sync",
    ],
  });
}

describe("the built reference in Chromium, with the mock behind the docs server", () => {
  let docs: DocsServer;
  let browser: Browser;
  let page: Page;
  /** Requests the page made to anything but the docs server. */
  const foreign: string[] = [];
  /** What the browser sent to the docs server's API mount. */
  const apiRequests: { url: string; apiKey: string | undefined }[] = [];

  beforeAll(async () => {
    if (!existsSync(join(SITE_DIR, "index.html"))) {
      throw new Error(`${SITE_DIR}/index.html is missing: run \`pnpm docs:build\` first.`);
    }
    docs = await startDocsServer({ siteDir: SITE_DIR, target: "mock" });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(docs.url) && !url.startsWith("data:")) foreign.push(url);
      if (url.startsWith(`${docs.url}api/`)) {
        apiRequests.push({ url, apiKey: request.headers()["x-avala-api-key"] });
      }
    });
    await open(page, docs.url);
  });

  afterAll(async () => {
    await browser?.close();
    await docs?.stop();
  });

  it("lists every operation of the spec under its tag in the navigation, each a link to its page", async () => {
    const expected = specOperations();
    const tags = [...new Set(expected.map((op) => op.tag))];
    const nav = page.locator('aside[aria-label^="Sidebar"]');
    for (const tag of tags) {
      const open = nav.getByRole("button", { name: `Open Group - ${tag}`, exact: true });
      if ((await open.count()) > 0) await open.first().click();
    }
    const missing: string[] = [];
    for (const op of expected) {
      const link = nav.getByText(op.summary, { exact: true });
      if ((await link.count()) === 0) missing.push(`${op.operationId} (${op.tag}: ${op.summary})`);
    }
    expect(missing).toEqual([]);
  });

  it("finds an operation through search and opens its page", async () => {
    await open(page, docs.url);
    await page.getByRole("button", { name: /Open Search/ }).click();
    await page.keyboard.type("List datasets of an owner");
    await page
      .getByRole("dialog")
      .getByRole("option", { name: /List datasets of an owner/ })
      .first()
      .click();
    await page.waitForURL(/GET\/datasets\/%7Bowner%7D\/|GET\/datasets\/\{owner\}\//);
    await expect
      .poll(() => page.getByRole("heading", { name: "List datasets of an owner" }).first().isVisible())
      .toBe(true);
  });

  it("runs a try-it call against the mock: 200 with the spec's example, and the browser sends no key", async () => {
    await open(page, `${docs.url}#tag/datasets/GET/datasets/`);
    const section = page.locator('[id="api-1/tag/datasets/GET/datasets/"]');
    await section.getByRole("button", { name: /Test Request/ }).click();
    try {
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === "/api/datasets/"),
        page.getByRole("button", { name: /Send get request to/ }).click(),
      ]);
      expect(response.status()).toBe(200);
      const example = catalog.find((op) => op.operationId === "listDatasets")!.examples.response;
      expect(await response.json()).toEqual(example);
      // The client shows the answer: its status and the example's body.
      await expect
        .poll(() => page.getByText("Highway LiDAR 2026").count(), { timeout: 30_000 })
        .toBeGreaterThan(1);
      await expect.poll(() => page.getByText("200", { exact: true }).count()).toBeGreaterThan(0);
      const sent = apiRequests.find((r) => new URL(r.url).pathname === "/api/datasets/");
      expect(sent).toBeDefined();
      expect(sent!.apiKey ?? "").toBe("");
    } finally {
      await page.keyboard.press("Escape");
      await page
        .locator(".scalar-app-exit")
        .waitFor({ state: "detached" })
        .catch(() => undefined);
    }
  });

  it("opens each code sample of an operation: @avala/node, the CLI, curl and Python", async () => {
    await open(page, `${docs.url}#tag/datasets/GET/datasets/{uid}/`);
    const section = page.locator('[id="api-1/tag/datasets/GET/datasets/{uid}/"]');
    const picker = section.getByRole("button", { name: /Change code sample language/ });
    await expect.poll(() => picker.textContent()).toContain("@avala/node");
    await expect.poll(() => section.textContent()).toContain("avala.datasets.get(");
    const expectations: [string, string][] = [
      ["avala CLI", "avala datasets get 00000000-0000-4000-8000-000000000000"],
      ["curl", "X-Avala-Api-Key: $AVALA_API_KEY"],
      ["Python (official SDK)", "client.datasets.get("],
    ];
    for (const [label, text] of expectations) {
      await picker.click();
      await page.getByRole("option", { name: label, exact: true }).click();
      await expect.poll(() => section.textContent()).toContain(text);
    }
  });

  it("shows the reference before any script runs: the title and every tag's operations, prerendered", async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1400, height: 900 },
    });
    try {
      const still = await context.newPage();
      await still.goto(docs.url);
      await still.getByRole("heading", { name: "Avala API" }).first().waitFor({ timeout: 30_000 });
      expect(await still.getByText("List datasets", { exact: true }).first().isVisible()).toBe(true);
      const text = (await still.locator("#avala-snapshot").textContent()) ?? "";
      const missing = specOperations().filter((op) => !text.includes(op.summary));
      expect(missing.map((op) => op.operationId)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("loads nothing from another origin (fonts, telemetry and the AI agent are off)", () => {
    expect(foreign).toEqual([]);
  });
});
